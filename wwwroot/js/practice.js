// The answer form: keep the diagnosis and the probability of osteosarcoma on the same side of 50,
// show the slider's value, offer O/G shortcuts, and disable the button after the first submit.
(function () {
  "use strict";
  const form = document.querySelector("[data-answer-form]");
  if (!form) { return; }
  const slider = form.querySelector('input[name="Confidence"]');
  const output = form.querySelector("[data-confidence-output]");
  const radios = form.querySelectorAll('input[name="Diagnosis"]');
  const submit = form.querySelector("[data-submit]");

  function show() { output.textContent = slider.value; }

  slider.addEventListener("input", function () {
    const value = Number(slider.value);
    if (value > 50) { form.querySelector('input[value="Osteosarcoma"]').checked = true; }
    if (value < 50) { form.querySelector('input[value="GiantCellTumor"]').checked = true; }
    show();
  });

  radios.forEach(function (radio) {
    radio.addEventListener("change", function () {
      const value = Number(slider.value);
      if (radio.value === "Osteosarcoma" && value < 50) { slider.value = "75"; }
      if (radio.value === "GiantCellTumor" && value > 50) { slider.value = "25"; }
      show();
    });
  });

  document.addEventListener("keydown", function (e) {
    const target = e.target;
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    if (target instanceof HTMLElement && (target.closest(".viewer-stage") || target.tagName === "INPUT" && target.type !== "radio" && target.type !== "range")) { return; }
    if (e.key === "o" || e.key === "O") {
      const os = form.querySelector('input[value="Osteosarcoma"]');
      os.checked = true; os.dispatchEvent(new Event("change")); os.focus();
    } else if (e.key === "g" || e.key === "G") {
      const gct = form.querySelector('input[value="GiantCellTumor"]');
      gct.checked = true; gct.dispatchEvent(new Event("change")); gct.focus();
    }
  });

  form.addEventListener("submit", function () {
    // The server stores one answer however often the form is sent; this only spares a second round trip.
    submit.disabled = true;
    submit.textContent = "Committing…";
  });

  show();
})();
