// The feature map: fetches the model's embeddings of the published cases (/featuremap/data), lays them out in 2-D
// with umap-js and draws them with Chart.js, coloured and shaped by proven diagnosis. The random generator is seeded
// and the server sends the points in a fixed order, so the same cases give the same picture on every load.
(function () {
    'use strict';
    var canvas = document.querySelector('[data-feature-map]');
    if (!canvas || typeof window.Chart === 'undefined' || typeof window.UMAP === 'undefined') {
        return;
    }

    var status = document.querySelector('[data-feature-map-status]');
    var rows = document.querySelector('[data-feature-map-rows]');
    var highlight = canvas.getAttribute('data-highlight');
    var SEED = 20240229;
    var styles = {
        'osteosarcoma': { label: 'Osteosarcoma', colour: '#b42318', shape: 'circle' },
        'giant-cell-tumor': { label: 'Giant cell tumour of bone', colour: '#0b5cad', shape: 'triangle' }
    };

    function say(text) {
        if (status) {
            status.textContent = text;
        }
    }

    // mulberry32: a small seeded generator, so that UMAP's random choices are the same on every load.
    function seeded(a) {
        return function () {
            a = (a + 0x6D2B79F5) | 0;
            var t = Math.imul(a ^ (a >>> 15), 1 | a);
            t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
            return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
        };
    }

    function name(p) {
        return p.title || 'a case you have not answered';
    }

    function fillTable(points, xy) {
        if (!rows) {
            return;
        }
        var fragment = document.createDocumentFragment();
        points.forEach(function (p, i) {
            var tr = document.createElement('tr');
            if (highlight && String(p.caseId) === highlight) {
                tr.className = 'feature-map-current';
            }
            [p.title || '—', styles[p.diagnosis].label, xy[i][0].toFixed(2), xy[i][1].toFixed(2)].forEach(function (text) {
                var td = document.createElement('td');
                td.textContent = text;
                tr.appendChild(td);
            });
            fragment.appendChild(tr);
        });
        rows.replaceChildren(fragment);
    }

    function draw(points, xy) {
        var datasets = Object.keys(styles).map(function (key) {
            var s = styles[key];
            return {
                label: s.label,
                data: points.map(function (p, i) { return { x: xy[i][0], y: xy[i][1], point: p }; }).filter(function (d) { return d.point.diagnosis === key; }),
                backgroundColor: s.colour, borderColor: s.colour, pointStyle: s.shape, pointRadius: 4
            };
        });
        var current = points.map(function (p, i) { return { x: xy[i][0], y: xy[i][1], point: p }; })
            .filter(function (d) { return highlight && String(d.point.caseId) === highlight; });
        if (current.length > 0) {
            datasets.push({
                label: 'Highlighted case', data: current, pointStyle: 'star', pointRadius: 14, pointHoverRadius: 16,
                borderColor: '#000', backgroundColor: '#000', borderWidth: 3
            });
        }
        new window.Chart(canvas, {
            type: 'scatter',
            data: { datasets: datasets },
            options: {
                animation: false, maintainAspectRatio: false,
                scales: { x: { title: { display: true, text: 'UMAP 1' } }, y: { title: { display: true, text: 'UMAP 2' } } },
                plugins: {
                    tooltip: {
                        callbacks: {
                            label: function (context) {
                                var p = context.raw.point;
                                return name(p) + ': ' + styles[p.diagnosis].label;
                            }
                        }
                    }
                }
            }
        });
        canvas.setAttribute('data-highlighted', current.length > 0 ? 'true' : 'false');
        canvas.setAttribute('data-ready', 'true');
    }

    fetch(canvas.getAttribute('data-source'), { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
        .then(function (response) {
            if (!response.ok) {
                throw new Error('HTTP ' + response.status);
            }
            return response.json();
        })
        .then(function (data) {
            var points = data.points.filter(function (p) { return styles[p.diagnosis]; });
            if (points.length < 3) {
                say('Too few cases for a map (' + points.length + '); the table above lists them.');
                canvas.setAttribute('data-ready', 'true');
                return null;
            }
            var umap = new window.UMAP.UMAP({
                nComponents: 2, nNeighbors: Math.min(15, points.length - 1), minDist: 0.1, random: seeded(SEED)
            });
            return umap.fitAsync(points.map(function (p) { return p.embedding; })).then(function (xy) {
                draw(points, xy);
                fillTable(points, xy);
                say('The map shows ' + points.length + ' cases.');
            });
        })
        .catch(function (error) {
            say('The map could not be drawn (' + error.message + '); the table above gives the counts.');
        });
})();
