/* Draws each dashboard chart with uPlot from the figures the page carries; a click on a bar opens its cases. The tables beside the charts hold the same figures and links for keyboards and screen readers. */
(function () {
  'use strict';
  function draw(el) {
    var spec = JSON.parse(el.getAttribute('data-chart'));
    var xs = spec.values.map(function (_v, i) { return i; });
    var width = Math.max(240, Math.min(el.clientWidth || 480, 720));
    var opts = {
      width: width,
      height: 220,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: { x: { time: false, range: [-0.5, xs.length - 0.5] }, y: { range: function (_u, _min, max) { return [0, Math.max(1, max)]; } } },
      axes: [
        { splits: function () { return xs; }, values: function (_u, splits) { return splits.map(function (i) { return spec.labels[i] || ''; }); }, rotate: 0, size: 40 },
        { size: 40 }
      ],
      series: [{}, { label: el.getAttribute('data-label'), fill: '#1d4ed8', stroke: '#1e3a8a', paths: uPlot.paths.bars({ size: [0.6, 64] }), points: { show: false } }]
    };
    var chart = new uPlot(opts, [xs, spec.values], el);
    chart.over.addEventListener('click', function (e) {
      var rect = chart.over.getBoundingClientRect();
      var i = Math.round(chart.posToVal(e.clientX - rect.left, 'x'));
      if (i >= 0 && i < spec.hrefs.length && spec.values[i] > 0) window.location.href = spec.hrefs[i];
    });
  }
  function start() {
    if (typeof uPlot === 'undefined') return;
    document.querySelectorAll('.chart[data-chart]').forEach(draw);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
