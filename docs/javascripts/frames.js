/* Interactive figures (built by sitebuild/frames.py from frame tables the snippets computed).
 *
 * Every frame is precomputed at build time: this script only picks the frame whose key matches the
 * controls' values and shows its image, alt text and text line. The numbers come from Python, not
 * from arithmetic here. A range input moves with the mouse, touch and the arrow keys; a button
 * control (Dropout's new mask) cycles its values. Without JavaScript the controls stay hidden and the
 * figure shows its first frame. No library, nothing from another host. */
(function () {
  "use strict";

  function setup(figure) {
    if (figure.getAttribute("data-frames-ready")) return;
    var tableTag = figure.querySelector("script.cnn-frames__table");
    var img = figure.querySelector("img.cnn-frames__img");
    var text = figure.querySelector(".cnn-frames__text");
    var panel = figure.querySelector(".cnn-frames__controls");
    if (!tableTag || !img || !text || !panel) return;
    var table = JSON.parse(tableTag.textContent);
    var base = img.src; // the first frame's URL: every other frame lies beside it
    var state = {};

    function show() {
      var key = table.controls.map(function (c) { return c.keys[state[c.name]]; }).join("|");
      var frame = table.frames[key];
      if (!frame) return;
      img.src = new URL(frame.src, base).href;
      img.alt = frame.alt;
      text.textContent = frame.text;
      figure.setAttribute("data-frame", key);
    }

    function valueOutput(control) {
      return panel.querySelector('[data-control="' + control.name + '"]').parentNode.querySelector("output");
    }

    table.controls.forEach(function (control) {
      var input = panel.querySelector('[data-control="' + control.name + '"]');
      var output = valueOutput(control);
      if (input.tagName === "BUTTON") {
        state[control.name] = parseInt(input.getAttribute("data-index"), 10) || 0;
        input.addEventListener("click", function () {
          var i = (state[control.name] + 1) % control.keys.length;
          state[control.name] = i;
          input.setAttribute("data-index", String(i));
          output.textContent = control.texts[i];
          show();
        });
      } else {
        state[control.name] = parseInt(input.value, 10) || 0;
        input.addEventListener("input", function () {
          var i = parseInt(input.value, 10);
          state[control.name] = i;
          output.textContent = control.texts[i];
          input.setAttribute("aria-valuetext", control.texts[i]);
          show();
        });
      }
    });
    panel.hidden = false;
    figure.setAttribute("data-frames-ready", "true");
  }

  function setupAll() {
    Array.prototype.forEach.call(document.querySelectorAll("figure.cnn-frames"), setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
