// Draws every canvas with a data-chart attribute: { type, labels, series: [{ label, data }] }, rendered by the server.
(function () {
  const colours = ['#25d366', '#128c7e', '#34b7f1'];
  document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
    const chart = JSON.parse(canvas.getAttribute('data-chart'));
    new Chart(canvas, {
      type: chart.type,
      data: {
        labels: chart.labels,
        datasets: chart.series.map(function (s, i) {
          return { label: s.label, data: s.data, backgroundColor: colours[i % colours.length], borderColor: colours[i % colours.length], tension: 0.3 };
        }),
      },
      options: { responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  });
})();
