// Reader-study results: the forest plot of each reader's aided − unaided AUC (Chart.js, vendored under lib/).
// The data sit in the canvas's data-forest attribute; the same figures are in the readers table for screen readers.
(function () {
  "use strict";
  const canvas = document.getElementById("forest-plot");
  if (!canvas || typeof Chart === "undefined") { return; }
  const rows = JSON.parse(canvas.dataset.forest || "[]");
  if (rows.length === 0) { return; }
  const labels = rows.map(function (r) { return r.label; });
  const colour = function (r) { return r.mean ? "#b3261e" : "#0b5cad"; };

  new Chart(canvas, {
    data: {
      labels: labels,
      datasets: [
        {
          type: "bar",
          label: "95% CI",
          data: rows.map(function (r) { return [r.lower, r.upper]; }),
          backgroundColor: rows.map(function (r) { return r.mean ? "rgba(179,38,30,.35)" : "rgba(11,92,173,.3)"; }),
          barThickness: 4,
        },
        {
          type: "scatter",
          label: "Aided − unaided AUC",
          data: rows.map(function (r, i) { return { x: r.estimate, y: labels[i] }; }),
          pointBackgroundColor: rows.map(colour),
          pointStyle: rows.map(function (r) { return r.mean ? "rectRot" : "circle"; }),
          pointRadius: rows.map(function (r) { return r.mean ? 7 : 5; }),
        },
      ],
    },
    options: {
      indexAxis: "y",
      animation: false,
      maintainAspectRatio: false,
      scales: {
        x: { title: { display: true, text: "Aided − unaided AUC" } },
        y: { type: "category", labels: labels },
      },
      plugins: {
        legend: { display: true },
        tooltip: {
          callbacks: {
            label: function (ctx) {
              const r = rows[ctx.dataIndex];
              return r.label + ": " + r.estimate.toFixed(3) + " (" + r.lower.toFixed(3) + " to " + r.upper.toFixed(3) + ")";
            },
          },
        },
      },
    },
  });
})();
