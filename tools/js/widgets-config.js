// Loaded between RequireJS and the Jupyter widgets HTML manager (see nb_ipywidgets_js in
// _config.yml).
(function () {
  // 1. The manager finds its fonts and chunks relative to the RequireJS path of
  //    "@jupyter-widgets/html-manager/dist"; point that at the copy this site serves, so a
  //    page with widgets loads nothing from another host.
  var vendor = document.currentScript.src.replace(/[^/]*$/, "");
  require.config({
    paths: { "@jupyter-widgets/html-manager/dist": vendor + "html-manager" },
  });

  // 2. The widget controls typeset their labels with the MathJax 2 API
  //    (MathJax.Hub.Queue); the site runs MathJax 3. Bridge the call, or rendering a widget
  //    with a description throws "Cannot read properties of undefined (reading 'Queue')".
  function bridge() {
    var mj = window.MathJax;
    if (!mj || !mj.version || mj.Hub) return;
    mj.Hub = {
      Queue: function (job) {
        var element = job && job[2];
        if (mj.startup && mj.startup.promise && mj.typesetPromise) {
          mj.startup.promise.then(function () {
            return mj.typesetPromise(element ? [element] : undefined);
          });
        }
      },
    };
  }
  bridge();
  document.addEventListener("DOMContentLoaded", bridge);
})();
