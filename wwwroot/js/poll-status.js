// Shared by the pages that follow a background job: fetches its JSON status every second while it runs, and hands
// each status to the page's own renderer. A network error retries after 3 s.
(function () {
  'use strict';
  window.bttPollStatus = function (url, show) {
    async function poll() {
      try {
        const response = await fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } });
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
  };
})();
