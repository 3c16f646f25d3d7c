// Radiograph viewer: zoom, pan, brightness/contrast, invert and reset, by mouse, touch and keyboard.
// No inline script anywhere (the CSP forbids it): every viewer on the page is found by its data attributes.
(function () {
  "use strict";

  function clamp(value, min, max) { return Math.min(max, Math.max(min, value)); }

  function setUp(root) {
    const stage = root.querySelector(".viewer-stage");
    const canvas = root.querySelector("[data-viewer-canvas]");
    const funcs = root.querySelectorAll("[data-viewer-filter] > *");
    const brightness = root.querySelector('[data-control="brightness"]');
    const contrast = root.querySelector('[data-control="contrast"]');
    const invertButton = root.querySelector('[data-action="invert"]');
    const boxButton = root.querySelector('[data-action="toggle-box"]');
    const state = { scale: 1, x: 0, y: 0, invert: false };

    function apply() {
      canvas.style.transform = "translate(" + state.x + "px, " + state.y + "px) scale(" + state.scale + ")";
      // out = (in·b − ½)·c + ½, then 1 − out when inverted: one linear transfer per channel.
      const b = Number(brightness.value) / 100;
      const c = Number(contrast.value) / 100;
      let slope = b * c;
      let intercept = 0.5 * (1 - c);
      if (state.invert) { slope = -slope; intercept = 1 - intercept; }
      funcs.forEach(function (f) {
        f.setAttribute("slope", String(slope));
        f.setAttribute("intercept", String(intercept));
      });
      invertButton.setAttribute("aria-pressed", String(state.invert));
      root.dispatchEvent(new CustomEvent("viewer:change", { detail: state }));
    }

    function zoom(factor, cx, cy) {
      const rect = stage.getBoundingClientRect();
      const px = (cx === undefined ? rect.width / 2 : cx) - state.x;
      const py = (cy === undefined ? rect.height / 2 : cy) - state.y;
      const next = clamp(state.scale * factor, 1, 12);
      const applied = next / state.scale;
      state.x -= px * (applied - 1);
      state.y -= py * (applied - 1);
      state.scale = next;
      if (state.scale === 1) { state.x = 0; state.y = 0; }
      apply();
    }

    function pan(dx, dy) { state.x += dx; state.y += dy; apply(); }

    function step(input, delta) {
      input.value = String(clamp(Number(input.value) + delta, Number(input.min), Number(input.max)));
      apply();
    }

    function reset() {
      state.scale = 1; state.x = 0; state.y = 0; state.invert = false;
      brightness.value = "100"; contrast.value = "100";
      apply();
    }

    function toggleBox() {
      const layer = root.querySelector('[data-layer="box"]');
      if (!layer || !boxButton) { return; }
      const hidden = layer.classList.toggle("hidden");
      boxButton.setAttribute("aria-pressed", String(!hidden));
    }

    root.querySelector('[data-action="zoom-in"]').addEventListener("click", function () { zoom(1.25); });
    root.querySelector('[data-action="zoom-out"]').addEventListener("click", function () { zoom(0.8); });
    root.querySelector('[data-action="reset"]').addEventListener("click", reset);
    invertButton.addEventListener("click", function () { state.invert = !state.invert; apply(); });
    if (boxButton) { boxButton.addEventListener("click", toggleBox); }
    brightness.addEventListener("input", apply);
    contrast.addEventListener("input", apply);

    stage.addEventListener("wheel", function (e) {
      e.preventDefault();
      const rect = stage.getBoundingClientRect();
      zoom(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - rect.left, e.clientY - rect.top);
    }, { passive: false });

    let drag = null;
    stage.addEventListener("pointerdown", function (e) {
      drag = { x: e.clientX, y: e.clientY };
      stage.setPointerCapture(e.pointerId);
      stage.classList.add("dragging");
    });
    stage.addEventListener("pointermove", function (e) {
      if (!drag) { return; }
      pan(e.clientX - drag.x, e.clientY - drag.y);
      drag = { x: e.clientX, y: e.clientY };
    });
    function endDrag() { drag = null; stage.classList.remove("dragging"); }
    stage.addEventListener("pointerup", endDrag);
    stage.addEventListener("pointercancel", endDrag);
    stage.addEventListener("dblclick", reset);

    stage.addEventListener("keydown", function (e) {
      if (e.ctrlKey || e.metaKey || e.altKey) { return; }
      let handled = true;
      switch (e.key) {
        case "+": case "=": zoom(1.25); break;
        case "-": case "_": zoom(0.8); break;
        case "ArrowLeft": pan(40, 0); break;
        case "ArrowRight": pan(-40, 0); break;
        case "ArrowUp": pan(0, 40); break;
        case "ArrowDown": pan(0, -40); break;
        case "i": case "I": state.invert = !state.invert; apply(); break;
        case "r": case "R": case "0": reset(); break;
        case "b": step(brightness, 10); break;
        case "B": step(brightness, -10); break;
        case "c": step(contrast, 10); break;
        case "C": step(contrast, -10); break;
        case "l": case "L": toggleBox(); break;
        default: handled = false;
      }
      if (handled) { e.preventDefault(); }
    });

    apply();
  }

  document.querySelectorAll("[data-viewer]").forEach(setUp);
})();
