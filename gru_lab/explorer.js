// GRU Lab gate explorer: the one view of the explorer, an ES module.
//
// The same file runs in three places:
//  * the static website: gru_lab/explorer.py inlines it in a <script type="module"> and calls
//    mountById(id, data) (no kernel; the GRU runs here);
//  * a live notebook (JupyterLab, Notebook 7, VS Code, Colab): it is the anywidget `_esm` of
//    gru_lab.widgets.ExplorerWidget, whose default export's render() mounts the same view and
//    reports what the reader did (input, cursor, units, edited weights) back to Python;
//  * node (tests/test_explorer_js.py), which imports the forward pass.
// The math is the book's (chapter 2, gru_lab.gru_forward):
//   z_t = sigma(x_t W_z + h_{t-1} U_z + b_z)             r_t = sigma(x_t W_r + h_{t-1} U_r + b_r)
//   reset before: h~_t = tanh(x_t W_h + (r_t * h_{t-1}) U_h + b_h)
//   reset after:  h~_t = tanh(x_t W_h + b_h + r_t * (h_{t-1} U_h + c_h))
//   h_t = (1 - z_t) * h_{t-1} + z_t * h~_t
// Matrices are flat Float64Arrays, row-major: W_z (D, H) element (i, j) at i * H + j.
// Every word the reader sees comes from Python (gru_lab/explorer_model.py MESSAGES), as
// data.strings: one language's table, or {en: ..., zh: ...} from which the page's <html lang>
// picks. Colours, markers, blank-token signs and the longest input come as data.style.

function fill(template, values) {
  return String(template).replace(/\{(\w+)\}/g, function (all, key) {
    return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : all;
  });
}

// ---------------------------------------------------------------- numbers
// A packed array: {dtype: "f4"|"f8", shape, b64} (static page) or {dtype, shape, buffer}
// (a widget's binary buffer: DataView, ArrayBuffer or typed array). Returns a Float64Array.
function decode(p) {
  var bytes;
  if (p.buffer !== undefined && p.buffer !== null) {
    var b = p.buffer;
    if (b instanceof ArrayBuffer) bytes = new Uint8Array(b.slice(0));
    else bytes = new Uint8Array(b.buffer, b.byteOffset, b.byteLength).slice();
  } else {
    var bin = atob(p.b64), n = bin.length;
    bytes = new Uint8Array(n);
    for (var i = 0; i < n; i++) bytes[i] = bin.charCodeAt(i);
  }
  var arr = p.dtype === "f4" ? new Float32Array(bytes.buffer) : new Float64Array(bytes.buffer);
  return Float64Array.from(arr);
}

// A packed (T, H) array as T rows (Float64Array each), or null.
function rows(p) {
  if (!p) return null;
  var flat = decode(p), T = p.shape[0], H = p.shape[1], out = [];
  for (var t = 0; t < T; t++) out.push(flat.subarray(t * H, (t + 1) * H));
  return out;
}

function sigmoid(a) {
  var e = Math.exp(-Math.abs(a)), d = 1 / (1 + e);
  return a >= 0 ? d : e * d;
}

function tokenize(enc, text) {
  if (enc.lower) text = text.toLowerCase();
  if (enc.kind === "chars") return Array.from(text);
  return text.match(/[\p{L}\p{N}_]+|[^\p{L}\p{N}_\s]/gu) || [];
}

// enc: the spec from Encoder.spec() (its embedding already decoded to .E, Float64Array).
// Returns {x: T arrays of D, tokens, unknown: the distinct tokens read as the zero vector}.
function encode(enc, text) {
  if (!enc.index) {
    enc.index = new Map();
    enc.vocab.forEach(function (tok, i) { enc.index.set(tok, i); });
  }
  var tokens = tokenize(enc, text), V = enc.vocab.length;
  var D = enc.E ? enc.E.length / V : V, x = [], unknown = [];
  tokens.forEach(function (tok) {
    var known = enc.index.has(tok);
    var i = known ? enc.index.get(tok) : (enc.unk === null ? -1 : enc.unk);
    if (i < 0 && unknown.indexOf(tok) < 0) unknown.push(tok);
    var v = new Float64Array(D);
    if (i >= 0) {
      if (enc.E) v.set(enc.E.subarray(i * D, (i + 1) * D));
      else v[i] = 1;
    }
    x.push(v);
  });
  return { x: x, tokens: tokens, unknown: unknown };
}

// w: {W_z, W_r, W_h, U_z, U_r, U_h, b_z, b_r, b_h, c_h?} flat arrays; x: T arrays of D.
// Returns {z, r, h_tilde, h}: T arrays of H (the book's z).
function gruForward(w, x, D, H, resetAfter) {
  var T = x.length, h = new Float64Array(H), out = { z: [], r: [], h_tilde: [], h: [] };
  for (var t = 0; t < T; t++) {
    var xt = x[t], az = Float64Array.from(w.b_z), ar = Float64Array.from(w.b_r);
    var ah = Float64Array.from(w.b_h), i, j, v, row;
    for (i = 0; i < D; i++) {
      v = xt[i];
      if (v === 0) continue;
      row = i * H;
      for (j = 0; j < H; j++) {
        az[j] += v * w.W_z[row + j]; ar[j] += v * w.W_r[row + j]; ah[j] += v * w.W_h[row + j];
      }
    }
    for (i = 0; i < H; i++) {
      v = h[i]; row = i * H;
      for (j = 0; j < H; j++) { az[j] += v * w.U_z[row + j]; ar[j] += v * w.U_r[row + j]; }
    }
    var z = new Float64Array(H), r = new Float64Array(H), ht = new Float64Array(H);
    for (j = 0; j < H; j++) { z[j] = sigmoid(az[j]); r[j] = sigmoid(ar[j]); }
    var rec = new Float64Array(H);
    if (resetAfter) {
      for (j = 0; j < H; j++) rec[j] = w.c_h[j];
      for (i = 0; i < H; i++) {
        v = h[i]; row = i * H;
        for (j = 0; j < H; j++) rec[j] += v * w.U_h[row + j];
      }
      for (j = 0; j < H; j++) ht[j] = Math.tanh(ah[j] + r[j] * rec[j]);
    } else {
      for (i = 0; i < H; i++) {
        v = r[i] * h[i]; row = i * H;
        for (j = 0; j < H; j++) rec[j] += v * w.U_h[row + j];
      }
      for (j = 0; j < H; j++) ht[j] = Math.tanh(ah[j] + rec[j]);
    }
    var hn = new Float64Array(H);
    for (j = 0; j < H; j++) hn[j] = h[j] + z[j] * (ht[j] - h[j]);
    h = hn;
    out.z.push(z); out.r.push(r); out.h_tilde.push(ht); out.h.push(hn);
  }
  return out;
}

// The vanilla RNN of chapter 1: h_t = tanh(x_t W + h_{t-1} U + b). Returns {h} (no gates).
function rnnForward(w, x, D, H) {
  var T = x.length, h = new Float64Array(H), out = { z: null, r: null, h_tilde: null, h: [] };
  for (var t = 0; t < T; t++) {
    var a = Float64Array.from(w.b), i, j, v;
    for (i = 0; i < D; i++) {
      v = x[t][i];
      if (v !== 0) for (j = 0; j < H; j++) a[j] += v * w.W[i * H + j];
    }
    for (i = 0; i < H; i++) { v = h[i]; for (j = 0; j < H; j++) a[j] += v * w.U[i * H + j]; }
    var hn = new Float64Array(H);
    for (j = 0; j < H; j++) hn[j] = Math.tanh(a[j]);
    h = hn; out.h.push(hn);
  }
  return out;
}

// model: an entry of data.models with .w decoded (see prepareModel).
function forwardText(model, text) {
  var e = encode(model.encoder, text);
  var tr = model.kind === "gru"
    ? gruForward(model.w, e.x, model.D, model.H, model.reset_after)
    : rnnForward(model.w, e.x, model.D, model.H);
  tr.tokens = e.tokens;
  tr.unknown = e.unknown;
  return tr;
}

// A trace computed by Python (a model whose encoder is Python code): packed arrays → rows.
function unpackTrace(p, kind) {
  var gru = kind === "gru";
  return { tokens: p.tokens, h: rows(p.h), z: gru ? rows(p.z) : null,
    r: gru ? rows(p.r) : null, h_tilde: gru ? rows(p.h_tilde) : null, unknown: [] };
}

function prepareModel(m) {
  m.w = {}; m.w0 = {};
  Object.keys(m.weights).forEach(function (k) {
    m.w[k] = decode(m.weights[k]); m.w0[k] = Float64Array.from(m.w[k]);
  });
  if (m.encoder && m.encoder.embedding) m.encoder.E = decode(m.encoder.embedding);
  m.traces = m.traces ? m.traces.map(function (p) { return unpackTrace(p, m.kind); }) : null;
  return m;
}

// The flat position of a slider's weight element.
function sliderFlat(m, s) {
  return s.index.length === 2 ? s.index[0] * m.H + s.index[1] : s.index[0];
}

// ---------------------------------------------------------------- drawing helpers
// A matplotlib-style marker ("o" circle, "s" square, "^"/"v" triangles, "D" diamond,
// "P" plus, "X" cross) of radius r at (x, y), added to the current path.
function markerPath(ctx, shape, x, y, r) {
  if (shape === "o") { ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 2 * Math.PI); }
  else if (shape === "s") ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
  else if (shape === "^" || shape === "v") {
    var d = shape === "^" ? 1 : -1;
    ctx.moveTo(x, y - d * r); ctx.lineTo(x + r, y + d * r * 0.8);
    ctx.lineTo(x - r, y + d * r * 0.8); ctx.closePath();
  } else if (shape === "D") {
    ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y);
    ctx.closePath();
  } else {  // "P" and "X": a plus or a cross of two bars
    var a = shape === "X" ? Math.PI / 4 : 0, w = r * 0.35;
    for (var k = 0; k < 2; k++) {
      var c = Math.cos(a + k * Math.PI / 2), s = Math.sin(a + k * Math.PI / 2);
      var cr = c * r, sr = s * r, cw = c * w, sw = s * w;
      ctx.moveTo(x - cr - sw, y - sr + cw); ctx.lineTo(x + cr - sw, y + sr + cw);
      ctx.lineTo(x + cr + sw, y + sr - cw); ctx.lineTo(x - cr + sw, y - sr - cw);
      ctx.closePath();
    }
  }
}
// Markers at the points [x, y] of `points`, filled with the stroke colour or open (a white
// centre): one path, filled and stroked once.
function markers(ctx, shape, points, r, filled) {
  ctx.save(); ctx.setLineDash([]); ctx.beginPath();
  points.forEach(function (p) { markerPath(ctx, shape, p[0], p[1], r); });
  ctx.fillStyle = filled ? ctx.strokeStyle : "#fff"; ctx.fill("nonzero");
  ctx.lineWidth = 1.2; ctx.stroke(); ctx.restore();
}
function el(tag, attrs, text) {
  var e = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
  if (text !== undefined) e.textContent = text;
  return e;
}

// The explorer is a light card with its own text colour in every colour scheme (the canvases
// are drawn for a light background), with a visible focus ring on every control; on a phone
// (390 px) the rows wrap and the canvases scroll inside their box, so nothing sticks out.
var CSS = [
  "{font:14px/1.4 system-ui,sans-serif;border:1px solid #ccc;border-radius:6px;padding:8px;",
  "margin:8px 0;max-width:100%;box-sizing:border-box;background:#fff;color:#222;",
  "color-scheme:light}",
  " *{box-sizing:border-box}",
  " :focus-visible{outline:3px solid #0072B2;outline-offset:2px}",
  " button{min-width:2.75em;min-height:2.75em}",
  " input[type=checkbox]{width:1.4em;height:1.4em}",
  " select,input[type=text]{max-width:100%;min-height:2.2em}",
  " .gx-time{flex:1 1 10em;min-width:8em;max-width:28em;min-height:2em}",
  " .gx-sr{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;",
  "clip:rect(0,0,0,0);white-space:nowrap;border:0}",
  " .gx-row{display:flex;flex-wrap:wrap;gap:6px 14px;align-items:center;margin:4px 0;",
  "max-width:100%}",
  " .gx-row label,.gx-row>span{display:inline-flex;flex-wrap:wrap;gap:4px;align-items:center;",
  "max-width:100%}",
  " .gx-scroll{overflow-x:auto;position:relative;max-width:100%}",
  " canvas{display:block;max-width:none}",
  " canvas.gx-heat{touch-action:pan-y pinch-zoom;cursor:pointer}",
  " canvas:focus{outline:3px solid #0072B2;outline-offset:-3px}",
  " .gx-tip{position:absolute;pointer-events:none;background:#222;color:#fff;padding:2px 6px;",
  "border-radius:3px;font-size:12px;white-space:nowrap;display:none}",
  " .gx-tablebox{overflow-x:auto;max-width:100%}",
  " table{border-collapse:collapse;font-variant-numeric:tabular-nums;font-size:13px}",
  " td,th{border:1px solid #ddd;padding:1px 6px;text-align:right;white-space:nowrap}",
  " .gx-note{font-size:12px;color:#555;margin:4px 0;overflow-wrap:anywhere}",
  " .gx-msg{font-size:13px;color:#8a3c00;margin:4px 0;overflow-wrap:anywhere}",
  " .gx-msg:empty{display:none}",
  " .gx-sliders label{min-width:min(240px,100%)}",
  " .gx-sliders input[type=range]{min-height:2em;max-width:100%}",
  " .gx-sliders legend{font-size:13px;font-weight:600;margin:0;padding:0 4px}",
  " .gx-sliders{border:1px solid #ddd;border-radius:4px;padding:4px 8px;min-width:0}",
  " caption{font-size:13px;caption-side:top;text-align:left;color:inherit}",
  " .gx-sliders output{min-width:3.5em;display:inline-block}"
];

// The language of the page: a zh page (lang="zh-CN") gets the Chinese words.
function pickStrings(strings) {
  if (!strings || typeof strings.en !== "object") return strings || {};
  var lang = (typeof document !== "undefined" && document.documentElement.lang) || "en";
  lang = lang.toLowerCase().slice(0, 2);
  return strings[lang] || strings.en;
}

var counter = 0;
// ---------------------------------------------------------------- the explorer
// Mount the explorer in the element `root`. data: {strings, style, inputs, models, units,
// keras_z, title, state?}; host (optional): {live, report(state), requestTrace(model, text)}
// where a live kernel is connected. Returns a handle: {state(), setPyTrace(p), apply(state),
// destroy()}.
function mount(root, data, host) {
  host = host || {};
  var L = pickStrings(data.strings), ST = data.style;
  var models = data.models.map(prepareModel);
  var COLORS = ST.palette, MARKS = ST.markers, MAX = ST.max_length;
  if (!root.id) { counter += 1; root.id = "grulab-gx-live-" + counter; }
  var id = root.id;
  root.classList.add("grulab-explorer");
  // Keys pressed in the explorer are the explorer's: JupyterLab (Lumino) skips its keyboard
  // shortcuts (a, b, the arrow keys of command mode...) inside an element with this mark.
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  var fb = root.querySelector(".grulab-fallback");
  if (fb) fb.style.display = "none";
  var style = el("style");
  style.textContent = CSS.map(function (s, k) {
    return k === 0 || s.charAt(0) === " " ? "#" + id + s : s;
  }).join("");
  root.appendChild(style);
  function fmt(v) {
    return v === null || v === undefined || !isFinite(v) ? L.missing : v.toFixed(4);
  }
  function shown(tok) { return ST.visible[tok] || tok; }

  // S: the reader's settings. input: a prepared input's number, or -1 (their own text).
  var S = { m: 0, input: 0, own: "", t: 0, kerasZ: !!data.keras_z, units: null,
    trace: null, msg: "" };
  var pyTraces = {};  // "model\u0000text" → a trace computed by the kernel
  var uid = 0;
  function nid() { uid += 1; return id + "-c" + uid; }
  function labelled(text, control) {
    return el("label", { "for": control.id || (control.id = nid()) }, text);
  }

  if (data.title) root.appendChild(el("div", { "class": "gx-title" }, data.title))
    .style.fontWeight = "bold";

  // Row 1: model, input, own input, Keras z.
  var row1 = el("div", { "class": "gx-row" });
  var selModel = el("select", { "aria-label": L.model, "class": "gx-model" });
  models.forEach(function (m, k) { selModel.appendChild(el("option", { value: k }, m.name)); });
  var wrapModel = el("span");
  wrapModel.appendChild(labelled(L.model, selModel)); wrapModel.appendChild(selModel);
  if (models.length < 2) wrapModel.style.display = "none";
  row1.appendChild(wrapModel);
  var selInput = el("select", { "aria-label": L.input, "class": "gx-input" });
  data.inputs.forEach(function (s, k) { selInput.appendChild(el("option", { value: k }, s)); });
  selInput.appendChild(el("option", { value: "own" }, L.own_option));
  var wrapInput = el("span");
  wrapInput.appendChild(labelled(L.input, selInput)); wrapInput.appendChild(selInput);
  row1.appendChild(wrapInput);
  var own = el("input", { type: "text", "aria-label": L.own_input, "class": "gx-own",
    placeholder: L.own_placeholder,
    spellcheck: "false", autocomplete: "off", "data-lm-suppress-shortcuts": "true" });
  var wrapOwn = el("span");
  wrapOwn.appendChild(labelled(L.own_input, own)); wrapOwn.appendChild(own);
  row1.appendChild(wrapOwn);
  var kz = el("input", { type: "checkbox", "class": "gx-kerasz", "aria-label": L.keras_z });
  kz.checked = S.kerasZ;
  var kzl = labelled("", kz); kzl.appendChild(kz);
  kzl.appendChild(document.createTextNode(L.keras_z));
  row1.appendChild(kzl);
  root.appendChild(row1);
  // Messages about the input (empty, unknown characters, cut, needs a kernel), read aloud.
  var msg = el("div", { "class": "gx-msg", role: "status", "aria-live": "polite" });
  root.appendChild(msg);

  // Row 2: the time cursor.
  var row2 = el("div", { "class": "gx-row" });
  var prev = el("button", { type: "button", "aria-label": L.prev_label, "class": "gx-prev" },
    L.prev);
  var slider = el("input", { type: "range", min: 0, max: 0, step: 1, value: 0,
    "class": "gx-time", "aria-label": L.time, "data-lm-suppress-shortcuts": "true" });
  var next = el("button", { type: "button", "aria-label": L.next_label, "class": "gx-next" },
    L.next);
  var status = el("span", { "class": "gx-status" });
  row2.appendChild(labelled(L.time, slider)); row2.appendChild(prev);
  row2.appendChild(slider); row2.appendChild(next); row2.appendChild(status);
  root.appendChild(row2);
  // What a screen reader says when the cursor moves: the step, its token, and every value
  // of the table with its name (the visible status line shows the step and token only).
  var live = el("div", { "class": "gx-live gx-sr", role: "status", "aria-live": "polite",
    "aria-atomic": "true" });
  root.appendChild(live);

  // The heatmaps and the lines, on canvases that share the x geometry.
  var scroll = el("div", { "class": "gx-scroll" });
  // The heatmap moves the cursor (tap, drag, keys): a slider over the time steps.
  var heat = el("canvas", { "class": "gx-heat", tabindex: 0, role: "slider",
    "aria-label": L.heatmap_aria, "aria-orientation": "horizontal", "aria-valuemin": 0,
    "data-lm-suppress-shortcuts": "true" });
  var lines = el("canvas", { "class": "gx-lines", role: "img", "aria-label": L.lines_aria });
  var tip = el("div", { "class": "gx-tip", "aria-hidden": "true" });
  scroll.appendChild(heat); scroll.appendChild(lines); scroll.appendChild(tip);
  root.appendChild(scroll);

  // Units and the table of values.
  var row3 = el("div", { "class": "gx-row" });
  var selUnits = el("select", { multiple: "", size: 4, "aria-label": L.units,
    "class": "gx-units" });
  var wrapUnits = el("span");
  wrapUnits.appendChild(labelled(L.units, selUnits)); wrapUnits.appendChild(selUnits);
  row3.appendChild(wrapUnits);
  // on a phone the table scrolls sideways in its box: a region that the keyboard can reach
  var tableBox = el("div", { "class": "gx-tablebox", tabindex: 0, role: "region",
    "aria-label": L.values });
  var table = el("table", { "class": "gx-values" });
  tableBox.appendChild(table);
  row3.appendChild(tableBox);
  root.appendChild(row3);

  // Weight sliders (per model; each model keeps its own edits across a model switch).
  var sliderBox = el("fieldset", { "class": "gx-row gx-sliders" });
  root.appendChild(sliderBox);
  root.appendChild(el("p", { "class": "gx-note" }, host.live ? L.live_note : L.static_note));

  // ------------------------------------------------------------ state changes
  function model() { return models[S.m]; }
  function currentText() { return S.input < 0 ? S.own : data.inputs[S.input]; }
  function emptyTrace(m) {
    var g = m.kind === "gru";
    return { tokens: [], h: [], z: g ? [] : null, r: g ? [] : null, h_tilde: g ? [] : null,
      unknown: [] };
  }
  function compute() {
    var m = model(), text = currentText(), note = "";
    if (S.input >= 0 && m.traces) S.trace = m.traces[S.input];
    else if (m.encoder) S.trace = forwardText(m, text);
    else if (host.requestTrace) {  // the encoder is Python code: ask the kernel
      var key = S.m + "\u0000" + text;
      if (pyTraces[key]) S.trace = pyTraces[key];
      else {
        host.requestTrace(m.name, text);
        S.trace = emptyTrace(m); note = L.msg_waiting;
      }
    } else { S.trace = emptyTrace(m); note = L.typing_needs_kernel; }
    S.traceId = (S.traceId || 0) + 1;
    var T = S.trace.tokens.length;
    if (!note && !T) note = L.msg_empty;
    if (!note && S.trace.unknown && S.trace.unknown.length) {
      note = fill(L.msg_unknown, { chars: S.trace.unknown.slice(0, 12).map(shown).join(" ") });
    }
    if (S.cut) note = (note ? note + " " : "") + fill(L.msg_too_long, { n: MAX });
    S.msg = note;
    msg.textContent = note;
    slider.max = Math.max(T - 1, 0);
    S.t = Math.max(0, Math.min(S.t, T - 1));
    slider.value = S.t;
  }
  function buildUnits(keep) {
    selUnits.textContent = "";
    var H = model().H;
    var u = (keep || data.units || []).filter(function (j) { return j >= 0 && j < H; });
    if (!u.length) for (var j = 0; j < Math.min(H, 4); j++) u.push(j);
    S.units = u;
    for (j = 0; j < H; j++) {
      var o = el("option", { value: j }, fill(L.unit_option, { unit: L.unit, j: j }));
      o.selected = S.units.indexOf(j) >= 0;
      selUnits.appendChild(o);
    }
    selUnits.size = Math.min(H, 6);
  }
  function buildSliders() {
    var m = model();
    sliderBox.textContent = "";
    sliderBox.style.display = m.sliders.length ? "" : "none";
    if (!m.sliders.length) return;
    sliderBox.appendChild(el("legend", {}, L.weights));
    m.sliders.forEach(function (s) {
      var flat = sliderFlat(m, s);
      var inp = el("input", { type: "range", min: s.min, max: s.max, step: s.step,
        "aria-label": s.label, "class": "gx-weight", "data-name": s.name,
        "data-lm-suppress-shortcuts": "true" });
      inp.value = m.w[s.name][flat];
      var out = el("output", {}, fmt(m.w[s.name][flat]));
      var lab = labelled(s.label, inp);
      lab.appendChild(inp); lab.appendChild(out);
      inp.addEventListener("input", function () {
        m.w[s.name][flat] = parseFloat(inp.value);
        out.textContent = fmt(m.w[s.name][flat]);
        compute(); draw(); report();
      });
      sliderBox.appendChild(lab);
    });
    var reset = el("button", { type: "button", "class": "gx-reset" }, L.reset_weights);
    reset.addEventListener("click", function () {
      Object.keys(m.w0).forEach(function (k) { m.w[k].set(m.w0[k]); });
      buildSliders(); compute(); draw(); report();
    });
    sliderBox.appendChild(reset);
    sliderBox.appendChild(el("p", { "class": "gx-note" }, L.edits_kept));
  }
  function modelChanged(keepUnits) {
    var m = model();
    kz.disabled = m.kind !== "gru";
    buildUnits(keepUnits); buildSliders(); compute(); draw();
  }
  // ------------------------------------------------------------ geometry and drawing
  var G = {};
  function gateValues(key) {
    var a = S.trace[key];
    if (!a) return null;
    if (key === "z" && S.kerasZ) return a.map(function (v) {
      return Array.prototype.map.call(v, function (x) { return 1 - x; });
    });
    return a;
  }
  var PANELS = ["z", "r", "h_tilde", "h"];
  function panelName(k) { return k === "z" && S.kerasZ ? L.z_keras : L[k]; }
  // The card's width, read once and then kept by a ResizeObserver: reading it at every
  // change would make the browser lay the page out again in the middle of each event.
  var width = null;
  function cardWidth() {
    if (width === null) width = root.clientWidth;
    return Math.max(width - 30, 300);
  }
  var resizer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(function () {
    var w = root.clientWidth;
    if (w && w !== width && S.trace) { width = w; draw(); }
  });
  if (resizer) resizer.observe(root);
  var tokenWidths = { trace: null, widest: 0 };
  function layout() {
    var T = S.trace.tokens.length, H = model().H;
    var avail = cardWidth();
    G.left = 118; G.top = 22;
    G.cw = Math.max(8, Math.min(28, Math.floor((avail - G.left - 8) / Math.max(T, 1))));
    G.ch = Math.max(3, Math.min(22, Math.floor(96 / H)));
    G.ph = G.ch * H; G.gap = 10; G.T = T; G.H = H;
    // token labels: across, or turned (and cut to 8 characters) when one is wider than its
    // cell, so that neighbouring labels never overlap
    if (tokenWidths.trace !== S.trace) {  // measured once per trace
      var mctx = heat.getContext("2d"), wmax = 0;
      mctx.font = "bold 12px ui-monospace,monospace";
      S.trace.tokens.forEach(function (tok) {
        wmax = Math.max(wmax, mctx.measureText(shown(tok).slice(0, 8)).width);
      });
      tokenWidths = { trace: S.trace, widest: wmax };
    }
    var widest = tokenWidths.widest;
    G.rot = G.cw < 14 || widest > G.cw - 2;
    G.tokH = G.rot ? Math.ceil(widest * Math.sin(Math.PI / 3)) + 12 : 22;
    // the card's width (at least the colour bars'), wider only when the steps need it: the
    // canvases then keep their size while the reader types
    G.w = Math.max(G.left + G.cw * T + 8, G.left + 420, avail);
    G.h = G.top + 4 * (G.ph + G.gap) + G.tokH;
    G.lh = 150;
  }
  // A canvas of w × h CSS pixels, cleared; its buffer is reallocated only when the size
  // changes.
  function sizeCanvas(c, w, h) {
    var r = window.devicePixelRatio || 1, W = Math.round(w * r), Hh = Math.round(h * r);
    if (c.width !== W || c.height !== Hh) {
      c.width = W; c.height = Hh;
      c.style.width = w + "px"; c.style.height = h + "px";
    }
    var ctx = c.getContext("2d");
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, W, Hh);
    ctx.setTransform(r, 0, 0, r, 0, 0);
    return ctx;
  }
  // What a change of the cursor alone does not change (cells, labels, lines) is drawn once
  // into a base canvas and copied; only the tokens and the cursor are drawn at each step.
  var bases = { heat: el("canvas"), lines: el("canvas") }, baseKeys = {};
  function baseKey() {
    return [S.traceId, S.kerasZ, S.units.join(","), G.w, G.h, G.cw, S.m,
      window.devicePixelRatio || 1].join("|");
  }
  function fromBase(name, canvas, w, h, drawBase) {
    var key = baseKey(), base = bases[name];
    if (baseKeys[name] !== key) {
      drawBase(sizeCanvas(base, w, h));
      baseKeys[name] = key;
    }
    var ctx = sizeCanvas(canvas, w, h);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(base, 0, 0);
    ctx.setTransform(window.devicePixelRatio || 1, 0, 0, window.devicePixelRatio || 1, 0, 0);
    return ctx;
  }
  function color(key, v) {
    if (v === null || v === undefined || !isFinite(v)) return "#e6e6e6";
    var gate = key === "z" || key === "r", cm = gate ? ST.cmaps.gate : ST.cmaps.state;
    var f = gate ? v : (v + 1) / 2;
    return cm[Math.max(0, Math.min(cm.length - 1, Math.round(f * (cm.length - 1))))];
  }
  var bars = {};
  function legend(ctx, x, cm, lo, hi, name) {
    var w = 90, key = cm === ST.cmaps.gate ? "gate" : "state";
    if (!bars[key]) {  // the colour bar: a 90 × 1 image, made once
      var bar = el("canvas"), bc, img, c;
      bar.width = w; bar.height = 1;
      bc = bar.getContext("2d"); img = bc.createImageData(w, 1);
      for (var k = 0; k < w; k++) {
        c = rgbOf(key)[Math.round(k / (w - 1) * (cm.length - 1))];
        img.data[4 * k] = c[0]; img.data[4 * k + 1] = c[1]; img.data[4 * k + 2] = c[2];
        img.data[4 * k + 3] = 255;
      }
      bc.putImageData(img, 0, 0);
      bars[key] = bar;
    }
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(bars[key], x, 4, w, 10);
    ctx.fillStyle = "#333"; ctx.font = "11px system-ui,sans-serif";
    ctx.textBaseline = "middle"; ctx.textAlign = "right"; ctx.fillText(lo, x - 3, 9);
    ctx.textAlign = "left";
    ctx.fillText(fill(L.legend_end, { hi: hi, name: name }), x + w + 3, 9);
  }
  function drawHeat() {
    var ctx = fromBase("heat", heat, G.w, G.h, drawHeatBase), T = G.T;
    // the tokens (the cursor's in bold red)
    var yt = G.top + 4 * (G.ph + G.gap);
    for (var t2 = 0; t2 < T; t2++) {
      var x = G.left + (t2 + 0.5) * G.cw;
      ctx.font = (t2 === S.t ? "bold " : "") + "12px ui-monospace,monospace";
      ctx.fillStyle = t2 === S.t ? "#d62728" : "#222";
      if (G.rot) {
        ctx.save(); ctx.translate(x, yt); ctx.rotate(-Math.PI / 3);
        ctx.textAlign = "right"; ctx.textBaseline = "middle";
        ctx.fillText(shown(S.trace.tokens[t2]).slice(0, 8), 0, 0); ctx.restore();
      } else {
        ctx.textAlign = "center"; ctx.textBaseline = "top";
        ctx.fillText(shown(S.trace.tokens[t2]), x, yt);
      }
    }
    // the cursor
    if (T) {
      ctx.strokeStyle = "#d62728"; ctx.lineWidth = 2;
      ctx.strokeRect(G.left + S.t * G.cw + 1, G.top - 2, G.cw - 2,
        4 * (G.ph + G.gap) - G.gap + 4);
    }
  }
  // One panel's T × H cells: one pixel each in a small image, scaled up without smoothing
  // (a fillRect per cell, with its colour parsed each time, was most of a redraw's time).
  var rgb = {}, cellCanvas = el("canvas");
  function rgbOf(name) {
    if (!rgb[name]) {
      rgb[name] = ST.cmaps[name].map(function (hex) {
        return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16),
          parseInt(hex.slice(5, 7), 16)];
      });
    }
    return rgb[name];
  }
  function drawCells(ctx, key, vals, y0) {
    var T = G.T, H = G.H;
    if (!T) return;
    cellCanvas.width = T; cellCanvas.height = H;
    var cc = cellCanvas.getContext("2d"), img = cc.createImageData(T, H), d = img.data;
    var gate = key === "z" || key === "r", cm = rgbOf(gate ? "gate" : "state"), n = cm.length;
    for (var t = 0; t < T; t++) {
      for (var j = 0; j < H; j++) {
        var v = vals ? vals[t][j] : null, k = (j * T + t) * 4, c;
        if (v === null || v === undefined || !isFinite(v)) c = [230, 230, 230];
        else {
          var f = gate ? v : (v + 1) / 2;
          c = cm[Math.max(0, Math.min(n - 1, Math.round(f * (n - 1))))];
        }
        d[k] = c[0]; d[k + 1] = c[1]; d[k + 2] = c[2]; d[k + 3] = 255;
      }
    }
    cc.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(cellCanvas, G.left, y0, T * G.cw, H * G.ch);
  }
  function drawHeatBase(ctx) {
    var T = G.T, H = G.H;
    legend(ctx, G.left + 12, ST.cmaps.gate, "0", "1", L.legend_gates);
    legend(ctx, G.left + 230, ST.cmaps.state, "\u22121", "1", L.legend_states);
    PANELS.forEach(function (key, k) {
      var y0 = G.top + k * (G.ph + G.gap), vals = gateValues(key);
      ctx.fillStyle = "#222"; ctx.font = "12px system-ui,sans-serif";
      ctx.textAlign = "right"; ctx.textBaseline = "middle";
      ctx.fillText(panelName(key), G.left - 22, y0 + G.ph / 2);
      ctx.font = "10px system-ui,sans-serif"; ctx.fillStyle = "#555";
      var step = Math.max(1, Math.ceil(H * 11 / Math.max(G.ph, 1)));
      for (var j = 0; j < H; j += step) ctx.fillText(j, G.left - 3, y0 + (j + 0.5) * G.ch);
      drawCells(ctx, key, vals, y0);
      if (!vals) {
        ctx.fillStyle = "#555"; ctx.textAlign = "left";
        ctx.fillText(L.no_gates, G.left + 6, y0 + G.ph / 2);
      }
      S.units.forEach(function (j2, n) {  // mark the selected units
        ctx.fillStyle = COLORS[n % COLORS.length];
        ctx.fillRect(G.left - 2, y0 + j2 * G.ch, 2, G.ch);
      });
    });
  }
  function linesGeometry() {
    var ctx = bases.lines.getContext("2d");
    ctx.font = "11px system-ui,sans-serif";
    var leg = [], lx = G.left, ly = 24;
    S.units.forEach(function (j) {
      var w = 30 + ctx.measureText(fill(L.unit_option, { unit: L.unit, j: j })).width;
      if (lx > G.left && lx + w > G.w) { lx = G.left; ly += 14; }
      leg.push([lx, ly]); lx += w;
    });
    return { leg: leg, top: ly + 12, bot: G.lh - 8 };
  }
  var LG = null;
  function drawLines() {
    var ctx = fromBase("lines", lines, G.w, G.lh, drawLinesBase);
    if (G.T) {
      var x = G.left + (S.t + 0.5) * G.cw;
      ctx.strokeStyle = "#d62728"; ctx.lineWidth = 2; ctx.beginPath();
      ctx.moveTo(x, LG.top - 4); ctx.lineTo(x, LG.bot); ctx.stroke();
    }
  }
  function drawLinesBase(ctx) {
    var T = G.T, m = model();
    LG = linesGeometry();
    // the legend's places: each unit's colour and marker, in rows across the canvas
    var leg = LG.leg, top = LG.top, bot = LG.bot, hgt = bot - top;
    function Y(v) { return top + (1 - (v + 1) / 2) * hgt; }
    function X(t) { return G.left + (t + 0.5) * G.cw; }
    ctx.strokeStyle = "#ccc"; ctx.lineWidth = 1;
    [-1, 0, 1].forEach(function (v) {
      ctx.beginPath(); ctx.moveTo(G.left, Y(v)); ctx.lineTo(G.left + T * G.cw, Y(v));
      ctx.stroke();
    });
    ctx.fillStyle = "#555"; ctx.font = "10px system-ui,sans-serif"; ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    ["\u22121", "0", "1"].forEach(function (s, k) { ctx.fillText(s, G.left - 3, Y(k - 1)); });
    ctx.textAlign = "left"; ctx.textBaseline = "top"; ctx.fillStyle = "#222";
    ctx.font = "12px system-ui,sans-serif";
    ctx.fillText(m.kind === "gru" ? (S.kerasZ ? L.lines_keras : L.lines) : L.h, 4, 2);
    // the legend: each unit's colour and marker (filled on h, open on z)
    ctx.font = "11px system-ui,sans-serif"; ctx.textBaseline = "middle";
    S.units.forEach(function (j, n) {
      var x0 = leg[n][0], y0 = leg[n][1];
      ctx.strokeStyle = COLORS[n % COLORS.length]; ctx.lineWidth = 2;
      ctx.beginPath(); ctx.moveTo(x0, y0); ctx.lineTo(x0 + 18, y0); ctx.stroke();
      markers(ctx, MARKS[n % MARKS.length], [[x0 + 9, y0]], 3.5, true);
      ctx.fillStyle = "#222";
      ctx.fillText(fill(L.unit_option, { unit: L.unit, j: j }), x0 + 22, y0);
    });
    var zs = gateValues("z"), every = Math.max(1, Math.ceil(T / 12));
    S.units.forEach(function (j, n) {
      var c = COLORS[n % COLORS.length], mk = MARKS[n % MARKS.length];
      [[S.trace.h, []], [zs, [5, 4]]].forEach(function (pair) {
        var a = pair[0], t;
        if (!a || !T) return;
        ctx.strokeStyle = c; ctx.lineWidth = pair[1].length ? 1.2 : 2;
        ctx.setLineDash(pair[1]); ctx.beginPath();
        for (t = 0; t < T; t++) {
          if (t) ctx.lineTo(X(t), Y(a[t][j])); else ctx.moveTo(X(t), Y(a[t][j]));
        }
        ctx.stroke();
        var pts = [];
        for (t = 0; t < T; t += every) pts.push([X(t), Y(a[t][j])]);
        markers(ctx, mk, pts, 3, !pair[1].length);
      });
      ctx.setLineDash([]);
    });
  }
  function drawTable() {
    table.textContent = "";
    var T = G.T;
    var tok = T ? shown(S.trace.tokens[S.t]) : "";
    table.appendChild(el("caption", {}, fill(L.caption, { values: L.values,
      status: T ? fill(L.cursor_status, { t: S.t, token: tok }) : L.missing })));
    var head = el("tr");
    head.appendChild(el("th", { scope: "col" }, L.unit));
    ST.columns.forEach(function (k) {
      head.appendChild(el("th", { scope: "col" }, panelName(k)));
    });
    table.appendChild(head);
    S.units.forEach(function (j) {
      var tr = el("tr");
      tr.appendChild(el("th", { scope: "row" }, String(j)));
      ST.columns.forEach(function (k) {
        var vals = gateValues(k), v = vals && T ? vals[S.t][j] : null;
        tr.appendChild(el("td", { "data-gate": k, "data-unit": j,
          "data-value": v === null ? "" : String(v) }, fmt(v)));
      });
      table.appendChild(tr);
    });
  }
  function draw() {
    layout();
    drawHeat(); drawLines(); drawTable();
    var T = G.T;
    status.textContent = T ? fill(L.cursor_status, { t: S.t,
      token: shown(S.trace.tokens[S.t]) }) : "";
    slider.setAttribute("aria-valuetext", status.textContent);
    heat.setAttribute("aria-valuemax", Math.max(T - 1, 0));
    heat.setAttribute("aria-valuenow", S.t);
    heat.setAttribute("aria-valuetext", status.textContent);
    live.textContent = T ? fill(L.live, { status: status.textContent,
      units: S.units.map(function (j) {
        var values = PANELS.filter(function (k) { return gateValues(k); }).map(function (k) {
          return fill(L.live_value, { name: panelName(k), value: fmt(gateValues(k)[S.t][j]) });
        });
        return fill(L.live_unit, { unit: L.unit, j: j,
          values: values.join(L.live_values_sep) });
      }).join(L.live_units_sep) }) : "";
    root.setAttribute("data-t", S.t);
    root.setAttribute("data-steps", T);
  }
  function setT(t) {
    var T = S.trace.tokens.length;
    S.t = Math.max(0, Math.min(T - 1, t));
    slider.value = S.t;
    // on a narrow screen the heatmaps scroll in their box: keep the cursor in view (read
    // before drawing, while the layout is still clean)
    var x = G.left + S.t * G.cw, left = scroll.scrollLeft, shownW = scroll.clientWidth;
    if (x + G.cw > left + shownW) scroll.scrollLeft = x + G.cw + 8 - shownW;
    else if (x < left) scroll.scrollLeft = Math.max(0, x - G.left);
    draw();
    report();
  }

  // ------------------------------------------------------------ what the reader did
  // The settings as Python reads them (ex.text, ex.cursor, ex.params...): the model's name,
  // the input, the cursor, the units, Keras z, and each model's edited slider values.
  function state() {
    var edits = {};
    models.forEach(function (m) {
      var vals = m.sliders.map(function (s) { return m.w[s.name][sliderFlat(m, s)]; });
      var moved = m.sliders.some(function (s, k) {
        return vals[k] !== m.w0[s.name][sliderFlat(m, s)];
      });
      if (moved) edits[m.name] = vals;
    });
    return { model: model().name, input: S.input, text: currentText(), own: S.own,
      cursor: S.t, units: S.units.slice(), keras_z: S.kerasZ, edits: edits };
  }
  var reportTimer = null;
  function report() {
    if (!host.report || reportTimer !== null) return;
    // after the frame is painted: the kernel message never delays what the reader sees
    reportTimer = setTimeout(function () { reportTimer = null; host.report(state()); }, 30);
  }
  // Settings from Python or from a previous view: model, input, text, cursor, units, edits.
  function apply(st) {
    if (!st) return;
    models.forEach(function (m) {
      var vals = st.edits && st.edits[m.name];
      if (vals && vals.length === m.sliders.length) {
        m.sliders.forEach(function (s, k) { m.w[s.name][sliderFlat(m, s)] = vals[k]; });
      }
    });
    var k = models.map(function (m) { return m.name; }).indexOf(st.model);
    if (k >= 0) { S.m = k; selModel.value = String(k); }
    if (typeof st.own === "string") { S.own = st.own; own.value = st.own; }
    if (typeof st.input === "number" && st.input < data.inputs.length) {
      S.input = st.input;
      if (S.input < 0 && typeof st.text === "string") { S.own = st.text; own.value = st.text; }
    }
    selInput.value = S.input < 0 ? "own" : String(S.input);
    if (typeof st.keras_z === "boolean") { S.kerasZ = st.keras_z; kz.checked = S.kerasZ; }
    if (typeof st.cursor === "number") S.t = st.cursor;
    modelChanged(st.units);
  }
  function setOwn(text) {
    S.cut = text.length > MAX;
    if (S.cut) { text = text.slice(0, MAX); own.value = text; }
    S.own = text; S.input = -1; selInput.value = "own";
    compute(); draw(); report();
  }

  // ------------------------------------------------------------ events
  selModel.addEventListener("change", function () {
    S.m = parseInt(selModel.value, 10); modelChanged(S.units); report();
  });
  selInput.addEventListener("change", function () {
    S.cut = false;
    if (selInput.value === "own") { S.input = -1; S.own = own.value; own.focus(); }
    else S.input = parseInt(selInput.value, 10);
    compute(); draw(); report();
  });
  own.addEventListener("input", function () { setOwn(own.value); });
  kz.addEventListener("change", function () { S.kerasZ = kz.checked; draw(); report(); });
  slider.addEventListener("input", function () { setT(parseInt(slider.value, 10)); });
  prev.addEventListener("click", function () { setT(S.t - 1); });
  next.addEventListener("click", function () { setT(S.t + 1); });
  selUnits.addEventListener("change", function () {
    S.units = Array.prototype.filter.call(selUnits.options, function (o) {
      return o.selected;
    }).map(function (o) { return parseInt(o.value, 10); });
    draw(); report();
  });
  function hit(ev) {
    var r = heat.getBoundingClientRect(), x = ev.clientX - r.left, y = ev.clientY - r.top;
    var t = Math.floor((x - G.left) / G.cw);
    var k = Math.floor((y - G.top) / (G.ph + G.gap));
    var j = Math.floor((y - G.top - k * (G.ph + G.gap)) / G.ch);
    if (t < 0 || t >= G.T || k < 0 || k > 3 || j < 0 || j >= G.H) return { t: t, x: x, y: y };
    return { t: t, k: k, j: j, x: x, y: y };
  }
  // Mouse, pen and touch alike: press (or tap) a step to move the cursor there, drag to
  // scrub; a touch moves the page only up and down (CSS touch-action: pan-y).
  var dragging = null;
  function scrub(ev) {
    var p = hit(ev);
    if (p.t >= 0 && p.t < G.T && p.t !== S.t) setT(p.t);
  }
  heat.addEventListener("pointerdown", function (ev) {
    if (ev.button > 0) return;
    dragging = ev.pointerId;
    try { heat.setPointerCapture(ev.pointerId); } catch (e) { /* not capturable */ }
    scrub(ev);
    heat.focus({ preventScroll: true });
  });
  function endDrag(ev) {
    if (dragging !== ev.pointerId) return;
    dragging = null;
    if (ev.pointerType !== "mouse") tip.style.display = "none";
  }
  heat.addEventListener("pointerup", endDrag);
  heat.addEventListener("pointercancel", endDrag);
  heat.addEventListener("pointermove", function (ev) {
    if (dragging === ev.pointerId) scrub(ev);
    var p = hit(ev);
    if (p.k === undefined) { tip.style.display = "none"; return; }
    var vals = gateValues(PANELS[p.k]), v = vals ? vals[p.t][p.j] : null;
    tip.textContent = fill(L.hover, { gate: panelName(PANELS[p.k]), unit: p.j, t: p.t,
      token: shown(S.trace.tokens[p.t]), value: fmt(v) });
    tip.style.display = "block";
    tip.style.left = (p.x + heat.offsetLeft + 12) + "px";
    tip.style.top = (p.y + heat.offsetTop + 12) + "px";
  });
  heat.addEventListener("pointerleave", function () { tip.style.display = "none"; });
  heat.addEventListener("keydown", function (ev) {
    var T = G.T, to = null;
    if (ev.key === "ArrowLeft" || ev.key === "ArrowDown") to = S.t - 1;
    else if (ev.key === "ArrowRight" || ev.key === "ArrowUp") to = S.t + 1;
    else if (ev.key === "PageDown") to = S.t - 10;
    else if (ev.key === "PageUp") to = S.t + 10;
    else if (ev.key === "Home") to = 0;
    else if (ev.key === "End") to = T - 1;
    if (to === null) return;
    ev.preventDefault(); ev.stopPropagation(); setT(to);
  });

  if (data.state) apply(data.state); else modelChanged();
  function setPyTrace(p) {
    if (!p) return;
    var k = models.map(function (m) { return m.name; }).indexOf(p.model);
    if (k < 0) return;
    pyTraces[k + "\u0000" + p.text] = unpackTrace(p, models[k].kind);
    if (k === S.m && p.text === currentText()) { compute(); draw(); }
  }
  var handle = { state: state, apply: apply, setT: setT, setPyTrace: setPyTrace,
    models: models, geometry: G, settings: S,
    destroy: function () {
      if (reportTimer !== null) clearTimeout(reportTimer);
      if (resizer) resizer.disconnect();
      root.textContent = "";
    } };
  root.gruLab = handle;
  return handle;
}

// The static page: mount into the element with this id, once.
function mountById(id, data) {
  var root = document.getElementById(id);
  if (!root || root.getAttribute("data-mounted")) return null;
  root.setAttribute("data-mounted", "1");
  return mount(root, data, null);
}

// anywidget (a live kernel): Python sends the data as traitlets, arrays as binary buffers,
// and reads back the reader's settings (`state`); it computes traces only for an encoder that
// is Python code (`request` → `py_trace`), or a new model (`models`).
function render(ctx) {
  var model = ctx.model, root = document.createElement("div");
  ctx.el.appendChild(root);
  // A click inside the explorer is the explorer's: the notebook around it need not react
  // (JupyterLab's own click handling of the cell took ~80 ms a click on this machine).
  root.addEventListener("click", function (ev) { ev.stopPropagation(); });
  var last = "";
  var host = {
    live: true,
    report: function (st) {
      last = JSON.stringify(st);
      model.set("state", st); model.save_changes();
    },
    requestTrace: function (name, text) {
      model.set("request", { model: name, text: text }); model.save_changes();
    }
  };
  function data(st) {
    return { strings: model.get("strings"), style: model.get("view_style"),
      inputs: model.get("inputs"), models: model.get("models"), units: model.get("units"),
      keras_z: model.get("keras_z"), title: model.get("heading"), state: st };
  }
  var view = mount(root, data(model.get("state")), host);
  function remount() {
    var st = view.state();
    view.destroy();
    view = mount(root, data(st), host);
    host.report(view.state());
  }
  function onState() {
    var st = model.get("state");
    if (JSON.stringify(st) !== last) { last = JSON.stringify(st); view.apply(st); }
  }
  function onTrace() { view.setPyTrace(model.get("py_trace")); }
  model.on("change:models", remount);
  model.on("change:inputs", remount);
  model.on("change:strings", remount);
  model.on("change:state", onState);
  model.on("change:py_trace", onTrace);
  return function () {
    model.off("change:models", remount); model.off("change:inputs", remount);
    model.off("change:strings", remount); model.off("change:state", onState);
    model.off("change:py_trace", onTrace);
    view.destroy();
  };
}

export default { render: render };
export { decode, rows, sigmoid, tokenize, encode, gruForward, rnnForward, forwardText,
  prepareModel, unpackTrace, mount, mountById, render };
