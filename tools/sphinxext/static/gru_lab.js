// GRU Lab: added to every page by tools/sphinxext/gru_lab_sphinx.py.
//
// pydata-sphinx-theme makes each box that scrolls (code, outputs, tables) reachable with the
// keyboard (tabindex 0), measuring them on load and when the window is resized. A switch of
// colour scheme changes widths too: the dark scheme puts outputs on a padded card, so a wide
// output that fitted may now scroll. Announce the switch as a resize, so the theme measures again.
(function () {
  "use strict";
  var observer = new MutationObserver(function () {
    window.dispatchEvent(new Event("resize"));
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
})();

// The language button (tools/sphinxext/gru_lab_i18n.py) opens the same page in the other
// edition in this tab: the theme writes every header link with target="_blank". It says which
// language it leads to (hreflang, lang) for screen readers.
(function () {
  "use strict";
  function fix() {
    document.querySelectorAll("a.btn-language-switch-button").forEach(function (a) {
      a.removeAttribute("target");
      var toChinese = (document.documentElement.lang || "").indexOf("zh") !== 0;
      a.setAttribute("hreflang", toChinese ? "zh-CN" : "en");
      a.setAttribute("lang", toChinese ? "zh-CN" : "en");
      a.setAttribute("aria-label", a.getAttribute("title") || a.textContent.trim());
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fix);
  } else {
    fix();
  }
})();
