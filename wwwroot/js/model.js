// The model panel on the reveal page: heatmap toggle, opacity and colour scale (the SVG heat layer of the viewer).
(function () {
  'use strict';
  var controls = document.querySelector('[data-heat-controls]');
  var layer = document.querySelector('[data-heat-layer]');
  if (!controls || !layer) { return; }
  var toggle = controls.querySelector('[data-heat-toggle]');
  var opacity = controls.querySelector('[data-heat-opacity]');
  var map = controls.querySelector('[data-heat-map]');
  var bar = controls.querySelector('[data-heat-legend]');
  var top = controls.querySelector('[data-heat-legend-top]');
  var low = controls.querySelector('[data-heat-legend-low]');
  var base = controls.getAttribute('data-heat-base');
  var model = controls.getAttribute('data-heat-model');

  function apply() {
    layer.setAttribute('visibility', toggle.checked ? 'visible' : 'hidden');
    layer.setAttribute('opacity', String(Number(opacity.value) / 100));
    opacity.disabled = !toggle.checked;
  }

  function setMap() {
    var name = map.value === 'jet' ? 'jet' : 'viridis';
    layer.setAttribute('href', base + name + '.png?model=' + encodeURIComponent(model));
    bar.classList.toggle('heat-legend-jet', name === 'jet');
    bar.classList.toggle('heat-legend-viridis', name !== 'jet');
    top.textContent = name === 'jet' ? 'dark red' : 'yellow';
    low.textContent = name === 'jet' ? 'blue' : 'blue to purple';
  }

  toggle.addEventListener('change', apply);
  opacity.addEventListener('input', apply);
  map.addEventListener('change', setMap);
  apply();
})();
