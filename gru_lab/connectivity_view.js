// GRU Lab connectivity view (text generation page): precomputed rows, no kernel.
//
// gru_lab/connectivity_view.py inlines this file into each output, inside a function, then
// calls GRULabConnectivity.mount(id, data). data.models[i].tril holds the lower triangle of
// the connectivity matrix C (T, T) row by row: C[t][j] = |d s_t / d x_j| for j <= t, at
// index t (t + 1) / 2 + j. Row t is the prediction of character t + 1 of data.chars (code
// counts from 0; the labels count from 1, as the book does).
var GRULabConnectivity = (function () {
  "use strict";

  // What this file writes on its own; every other word comes from Python (data.labels).
  var TEXT = {
    visible: { "\n": "\u21b5", "\t": "\u21e5" },   // how a line break and a tab are shown
    power: "10{e}",                                  // the low end of the colour scale
    superscript: "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079",
    minus: "\u207b"
  };
  function sup(n) {         // -3 -> superscript minus three
    return (n < 0 ? TEXT.minus : "") + String(Math.abs(n)).split("").map(function (d) {
      return TEXT.superscript[+d];
    }).join("");
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
    });
  }

  function decode(p) {
    var bin = atob(p.b64), n = bin.length, bytes = new Uint8Array(n);
    for (var i = 0; i < n; i++) bytes[i] = bin.charCodeAt(i);
    var arr = p.dtype === "f4" ? new Float32Array(bytes.buffer) : new Float64Array(bytes.buffer);
    return Float64Array.from(arr);
  }

  // ---------------------------------------------------------------- colours
  function rgb(hex) {
    var h = hex.replace("#", "");
    return [0, 2, 4].map(function (i) { return parseInt(h.substr(i, 2), 16); });
  }
  function mix(a, b, s) {
    return a.map(function (v, i) { return Math.round(v + (b[i] - v) * s); });
  }
  function luminance(c) {   // WCAG 2.1 relative luminance
    var l = c.map(function (v) {
      v /= 255;
      return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
  }
  function textOn(c) {      // black or white, whichever contrasts more (>= 4.58:1)
    var L = luminance(c);
    return (1.05 / (L + 0.05)) >= ((L + 0.05) / 0.05) ? "#ffffff" : "#000000";
  }
  function css(c) { return "rgb(" + c.join(",") + ")"; }

  function fmt(v) { return v === 0 ? "0" : v.toPrecision(2); }

  function style(id) {
    var s = "#" + id;
    return [
      s + "{font:15px/1.5 system-ui,sans-serif;color:#111;background:#fff;border:1px solid #ccc;",
      "border-radius:6px;padding:10px;margin:1em 0;max-width:100%;box-sizing:border-box}",
      s + " .gc-title{font-weight:600;margin:0 0 4px}",
      s + " .gc-help{margin:0 0 8px;font-size:14px}",
      s + " .gc-controls{display:flex;flex-wrap:wrap;align-items:center;gap:6px;margin:0 0 8px}",
      s + " .gc-controls input{flex:1 1 160px;min-width:120px}",
      s + " .gc-controls button{min-width:44px;min-height:44px;font-size:16px;background:#f4f4f4;",
      "color:#111;border:1px solid #767676;border-radius:4px}",
      s + " button:focus-visible," + s + " input:focus-visible{outline:3px solid #0072B2;",
      "outline-offset:2px}",
      s + " .gc-status{font-size:14px;min-width:12em}",
      s + " .gc-name{margin:8px 0 2px;font-size:14px;font-weight:600}",
      s + " .gc-passage{font:15px/1.7 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;",
      "word-break:break-all;margin:0}",
      s + " .gc-passage span{cursor:pointer;white-space:pre-wrap}",
      s + " .gc-passage span.gc-future{color:#767676}",
      s + " .gc-passage span.gc-target{outline:2px solid #D55E00;outline-offset:0;",
      "background:#fff;color:#000}",
      s + " .gc-legend{display:flex;flex-wrap:wrap;align-items:center;gap:8px;margin:8px 0 0;",
      "font-size:13px}",
      s + " .gc-bar{width:120px;height:12px;border:1px solid #767676}",
      s + " .gc-summary{margin:8px 0 0;font-size:14px}"
    ].join("");
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function mount(id, data) {
    var root = document.getElementById(id);
    if (!root) return;
    // The page's language (the Chinese site is zh-CN), else the notebook's (data.lang).
    var lang = (document.documentElement.lang || "").indexOf("zh") === 0 ? "zh" : data.lang;
    var L = data.labels[lang] || data.labels.en, chars = data.chars, T = chars.length - 1;
    var white = rgb(data.ends[0]), blue = rgb(data.ends[1]);
    var models = data.models.map(function (m) {
      return { name: m.name, vals: decode(m.tril), lookBack: m.look_back[lang] || m.look_back.en,
               spans: [] };
    });
    root.textContent = "";
    root.setAttribute("role", "group");
    root.setAttribute("aria-label", L.aria);
    var sheet = el("style");
    sheet.textContent = style(id);
    root.appendChild(sheet);
    root.appendChild(el("p", "gc-title", data.title || L.title));
    root.appendChild(el("p", "gc-help", L.help));

    var controls = el("div", "gc-controls");
    var prev = el("button", "gc-prev", L.prev);
    prev.type = "button";
    prev.setAttribute("aria-label", L.prev_label);
    var slider = el("input", "gc-slider");
    slider.type = "range";
    slider.min = "2";                 // character 1 is never predicted: nothing comes before it
    slider.max = String(T + 1);
    slider.step = "1";
    slider.setAttribute("aria-label", L.slider);
    slider.setAttribute("data-lm-suppress-shortcuts", "true");   // JupyterLab's arrow keys
    var next = el("button", "gc-next", L.next);
    next.type = "button";
    next.setAttribute("aria-label", L.next_label);
    var status = el("span", "gc-status");
    controls.appendChild(prev);
    controls.appendChild(slider);
    controls.appendChild(next);
    controls.appendChild(status);
    root.appendChild(controls);

    models.forEach(function (m, k) {
      var name = el("p", "gc-name", m.lookBack);
      var passage = el("p", "gc-passage");
      passage.setAttribute("data-model", String(k));
      chars.forEach(function (ch, j) {
        var span = el("span", null, TEXT.visible[ch] || ch);
        span.setAttribute("data-pos", String(j));
        passage.appendChild(span);
        if (ch === "\n") passage.appendChild(document.createElement("br"));
        m.spans.push(span);
      });
      passage.addEventListener("click", function (ev) {
        var pos = ev.target && ev.target.getAttribute && ev.target.getAttribute("data-pos");
        if (pos !== null && pos !== undefined && +pos >= 1) select(+pos - 1);
      });
      root.appendChild(name);
      root.appendChild(passage);
    });

    var legend = el("div", "gc-legend");
    var bar = el("span", "gc-bar");
    bar.style.background = "linear-gradient(to right," + data.ends[0] + "," + data.ends[1] + ")";
    bar.setAttribute("aria-hidden", "true");
    legend.appendChild(bar);
    legend.appendChild(el("span", null, fill(L.legend, {
      lo: fill(TEXT.power, { e: sup(-data.decades) }) })));
    root.appendChild(legend);
    var summary = el("p", "gc-summary");
    summary.setAttribute("aria-live", "polite");
    root.appendChild(summary);

    function shown(ch) { return ch === "\n" ? TEXT.visible["\n"] : ch; }

    function select(t) {
      t = Math.max(0, Math.min(T - 1, t));
      root.setAttribute("data-t", String(t));
      slider.value = String(t + 2);
      var target = chars[t + 1];
      var statusText = fill(L.status, { pos: t + 2, n: T + 1, char: shown(target) });
      status.textContent = statusText;
      slider.setAttribute("aria-valuetext", statusText);
      var parts = [];
      models.forEach(function (m) {
        var base = t * (t + 1) / 2, top = 0, j;
        for (j = 0; j <= t; j++) top = Math.max(top, m.vals[base + j]);
        var order = [];
        m.spans.forEach(function (span, pos) {
          span.className = "";
          span.style.background = "";
          span.style.color = "";
          span.removeAttribute("data-value");
          span.removeAttribute("title");
          if (pos === t + 1) { span.className = "gc-target"; return; }
          if (pos > t + 1) { span.className = "gc-future"; return; }
          var v = m.vals[base + pos];
          var rel = top > 0 ? v / top : 0;
          var s = rel > 0 ? Math.max(0, Math.min(1, 1 + Math.log10(rel) / data.decades)) : 0;
          var c = mix(white, blue, s);
          span.style.background = css(c);
          span.style.color = textOn(c);
          span.setAttribute("data-value", String(v));
          span.title = fill(L.cell, { char: shown(chars[pos]), lag: t - pos, value: fmt(v) });
          order.push(pos);
        });
        order.sort(function (a, b) { return m.vals[base + b] - m.vals[base + a]; });
        var inputs = order.slice(0, 3).map(function (pos) {
          return fill(L.summary_input, { char: shown(chars[pos]), lag: t - pos,
                                         value: fmt(m.vals[base + pos]) });
        }).join(L.summary_sep);
        parts.push(fill(L.summary_model, { model: m.name, inputs: inputs }));
      });
      summary.textContent = fill(L.summary, { char: shown(target), pos: t + 2, n: t + 1,
                                              models: parts.join(" ") });
    }

    slider.addEventListener("input", function () { select(+slider.value - 2); });
    prev.addEventListener("click", function () { select(+root.getAttribute("data-t") - 1); });
    next.addEventListener("click", function () { select(+root.getAttribute("data-t") + 1); });
    select(data.start);
  }

  return { mount: mount };
})();
if (typeof module !== "undefined" && module.exports) module.exports = GRULabConnectivity;
