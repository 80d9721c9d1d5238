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
