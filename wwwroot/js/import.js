// Import page: polls the import's progress (count, rate, errors so far) while it runs.
(function () {
  'use strict';
  const box = document.getElementById('import-progress');
  if (!box) { return; }
  const bar = document.getElementById('import-bar');
  const summary = document.getElementById('import-summary');
  const counts = document.getElementById('import-counts');
  const errorsBox = document.getElementById('import-errors-box');
  const errorsTitle = document.getElementById('import-errors-title');
  const errors = document.getElementById('import-errors');

  function show(s) {
    if (!s.description) { return; }
    bar.max = Math.max(1, s.total);
    bar.value = s.done;
    summary.textContent = s.description + (s.running ? ' — running' : s.fatal ? ' — stopped: ' + s.fatal : ' — finished');
    counts.textContent = s.done + ' of ' + s.total + ' rows · ' + s.added + ' added, ' + s.updated + ' updated, ' + s.unchanged +
      ' unchanged, ' + s.kept + ' kept (edited in the app), ' + s.failed + ' skipped · ' + s.ratePerSecond.toFixed(1) + ' rows/s · ' +
      s.elapsedSeconds.toFixed(0) + ' s';
    errorsBox.classList.toggle('hidden', s.errors.length === 0);
    errorsTitle.textContent = 'Rows skipped (' + s.failed + ')';
    errors.replaceChildren.apply(errors, s.errors.map(function (e) {
      const li = document.createElement('li');
      li.textContent = e;
      return li;
    }));
  }

  window.bttPollStatus(box.dataset.statusUrl, show);
})();
