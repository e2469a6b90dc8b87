// dpaudit report: renders every chart from the pre-compiled Vega specs embedded as JSON.
// Static file (no data in it); the specs are read from <script type="application/json">.
(function () {
  'use strict';
  var specs = JSON.parse(document.getElementById('dpaudit-specs').textContent);
  var ids = Object.keys(specs);
  var jobs = ids.map(function (id) {
    var el = document.getElementById('chart-' + id);
    if (!el) return Promise.resolve();
    return vegaEmbed(el, specs[id], { mode: 'vega', renderer: 'svg', actions: false, tooltip: { theme: 'light' } })
      .then(function () {
        el.setAttribute('data-rendered', 'true');
      })
      .catch(function (err) {
        el.setAttribute('data-rendered', 'error');
        el.textContent = 'This chart could not be drawn (' + String(err && err.message) + '). Its numbers are in the table below.';
        console.error('dpaudit chart ' + id + ':', err);
      });
  });
  Promise.all(jobs).then(function () {
    document.body.setAttribute('data-charts', 'done');
  });
})();
