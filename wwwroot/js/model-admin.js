// Admin model page: polls the prediction job (cases read of the total, rate, failures) while it runs.
(function () {
  'use strict';
  const box = document.getElementById('model-job');
  if (!box) { return; }
  const bar = document.getElementById('model-job-bar');
  const summary = document.getElementById('model-job-summary');
  const counts = document.getElementById('model-job-counts');
  const problem = document.getElementById('model-job-problem');

  function show(s) {
    if (!s.started) { return; }
    bar.max = Math.max(1, s.total);
    bar.value = s.done;
    summary.textContent = (s.running ? 'Running' : 'Finished') + ': ' + s.done + ' of ' + s.total + ' cases read, ' + s.failed + ' failed.';
    counts.textContent = s.ratePerSecond.toFixed(1) + ' cases/s · ' + s.elapsedSeconds.toFixed(0) + ' s';
    problem.textContent = s.lastProblem || '';
    problem.classList.toggle('hidden', !s.lastProblem);
  }

  async function poll() {
    try {
      const response = await fetch(box.dataset.statusUrl, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } });
      if (response.ok) {
        const s = await response.json();
        show(s);
        if (s.running) { setTimeout(poll, 1000); }
      }
    } catch (e) {
      setTimeout(poll, 3000);
    }
  }
  poll();
})();
