// Every box that scrolls (a long code line, a wide output, a wide table) can be reached with the
// keyboard and scrolled with the arrow keys: it gets tabindex="0" while it scrolls and has nothing
// focusable inside (WCAG 2.1.1; axe-core's scrollable-region-focusable). Material does this for its
// own code blocks; this covers the rest: the notebook pages' code and outputs, the side-by-side
// pages (which load no Material script), tables and math. Measured again when the window resizes.
(function () {
  "use strict";
  var CANDIDATES = "pre, pre > code, .highlight-ipynb, .jp-OutputArea-output, .md-typeset__scrollwrap, " +
    ".md-typeset__table, .arithmatex, math, table, .jp-RenderedHTMLCommon";
  var FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex='-1'])";

  function scrolls(el) {
    var style = getComputedStyle(el);
    var x = /(auto|scroll)/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
    var y = /(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
    return x || y;
  }

  // Line anchors in code blocks (<a href="#__codelineno-…"> with no text) take no room and no focus.
  function hasVisibleFocusable(el) {
    return Array.prototype.some.call(el.querySelectorAll(FOCUSABLE), function (node) {
      return node.offsetWidth > 0 && node.offsetHeight > 0;
    });
  }

  function update() {
    var root = document.querySelector(".md-content") || document.body;
    root.querySelectorAll(CANDIDATES).forEach(function (el) {
      var ours = el.hasAttribute("data-a11y-scroll");
      if (el.hasAttribute("tabindex") && !ours) return;  // focusable already (Material, nbconvert)
      if (scrolls(el) && !hasVisibleFocusable(el)) {
        if (!ours) {
          el.setAttribute("tabindex", "0");
          el.setAttribute("data-a11y-scroll", "");
        }
      } else if (ours) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-a11y-scroll");
      }
    });
  }

  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; update(); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
  window.addEventListener("load", schedule);
  window.addEventListener("resize", schedule);
})();
