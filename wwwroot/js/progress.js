// Draws the progress charts from each canvas's data-chart JSON (written by ProgressCharts on the server).
// Every chart has a table alternative in the page; the charts only repeat those numbers.
(function () {
    'use strict';
    if (typeof window.Chart === 'undefined') {
        return;
    }

    var referenceColours = ['#b03a2e', '#7d8a96', '#7d8a96', '#7d8a96', '#1f6f43', '#6b4fa0'];

    function percentAxis(title) {
        return { min: 0, max: 1, title: { display: true, text: title }, ticks: { callback: function (v) { return Math.round(v * 100) + '%'; } } };
    }

    function unitAxis(title) {
        return { type: 'linear', min: 0, max: 1, title: { display: true, text: title } };
    }

    function curve(data) {
        var datasets = [
            { label: '95% interval (upper)', data: data.upper, borderWidth: 0, pointRadius: 0, fill: '+1', backgroundColor: 'rgba(31, 95, 160, 0.15)' },
            { label: '95% interval (lower)', data: data.lower, borderWidth: 0, pointRadius: 0, fill: false },
            { label: 'Rolling accuracy', data: data.y, borderColor: '#1f5fa0', backgroundColor: '#1f5fa0', pointRadius: 0, borderWidth: 2, fill: false }
        ];
        data.references.forEach(function (r, i) {
            datasets.push({
                label: r.label, data: data.x.map(function () { return r.value; }), borderColor: referenceColours[i % referenceColours.length],
                borderDash: i === 0 ? [] : [6, 4], borderWidth: i === 0 ? 2 : 1, pointRadius: 0, fill: false
            });
        });
        return {
            type: 'line',
            data: { labels: data.x, datasets: datasets },
            options: {
                animation: false, maintainAspectRatio: false,
                interaction: { mode: 'index', intersect: false },
                scales: { x: { title: { display: true, text: 'Answer number' } }, y: percentAxis('Accuracy') },
                plugins: { legend: { labels: { filter: function (item) { return item.text.indexOf('95% interval (lower)') !== 0; } } } }
            }
        };
    }

    function roc(data) {
        var points = data.fpf.map(function (x, i) { return { x: x, y: data.tpf[i] }; });
        return {
            type: 'scatter',
            data: {
                datasets: [
                    { label: 'Your ROC curve (AUC ' + data.auc.toFixed(3) + ')', data: points, showLine: true, borderColor: '#1f5fa0', backgroundColor: '#1f5fa0', pointRadius: 2 },
                    { label: 'Chance', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], showLine: true, borderColor: '#7d8a96', borderDash: [6, 4], pointRadius: 0 }
                ]
            },
            options: { animation: false, maintainAspectRatio: false, scales: { x: unitAxis('1 − specificity'), y: unitAxis('Sensitivity') } }
        };
    }

    function calibration(data) {
        var points = data.predicted.map(function (x, i) { return { x: x, y: data.observed[i], n: data.counts[i] }; });
        return {
            type: 'scatter',
            data: {
                datasets: [
                    { label: 'Observed rate of OS per bin', data: points, showLine: true, borderColor: '#1f5fa0', backgroundColor: '#1f5fa0', pointRadius: 4 },
                    { label: 'Perfect calibration', data: [{ x: 0, y: 0 }, { x: 1, y: 1 }], showLine: true, borderColor: '#7d8a96', borderDash: [6, 4], pointRadius: 0 }
                ]
            },
            options: {
                animation: false, maintainAspectRatio: false,
                scales: { x: percentAxis('Stated probability of OS'), y: percentAxis('Observed OS') },
                plugins: { tooltip: { callbacks: { afterLabel: function (ctx) { return ctx.raw.n !== undefined ? ctx.raw.n + ' answers' : ''; } } } }
            }
        };
    }

    function scatter(data) {
        var points = data.points.map(function (p) { return { x: p.x, y: p.y, label: p.label }; });
        return {
            type: 'scatter',
            data: { datasets: [{ label: 'Learners', data: points, backgroundColor: '#1f5fa0' }] },
            options: {
                animation: false, maintainAspectRatio: false,
                scales: { x: { title: { display: true, text: 'Years of MSK reading' } }, y: percentAxis('Accuracy') },
                plugins: { tooltip: { callbacks: { label: function (ctx) { return ctx.raw.label + ': ' + Math.round(ctx.raw.y * 1000) / 10 + '%'; } } } }
            }
        };
    }

    var builders = { curve: curve, roc: roc, calibration: calibration, scatter: scatter };
    document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
        var data;
        try {
            data = JSON.parse(canvas.getAttribute('data-chart'));
        } catch (e) {
            return;
        }
        var build = builders[data.kind];
        if (build) {
            new window.Chart(canvas, build(data));
        }
    });
})();
