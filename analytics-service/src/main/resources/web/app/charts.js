// Charts of one run's errors (Chart.js, bundled).
import Chart from 'chart.js/auto';

const BIN_EDGES = [0, 1, 5, 25, 100, 200, 500, 750, 1000, 2500, 5000, 10000, 20040];

/** Answered images per error range (km), ranges growing roughly by half a decade. */
export function errorHistogram(canvas, distances) {
  const counts = new Array(BIN_EDGES.length - 1).fill(0);
  for (const d of distances) {
    let i = BIN_EDGES.findIndex((edge, k) => k > 0 && d < edge) - 1;
    if (i < 0) i = counts.length - 1;
    counts[i]++;
  }
  const labels = counts.map((_, i) => `${BIN_EDGES[i]}–${BIN_EDGES[i + 1]}`);
  return new Chart(canvas, {
    type: 'bar',
    data: { labels, datasets: [{ label: 'answered images', data: counts, backgroundColor: '#3b6ea8' }] },
    options: { animation: false, plugins: { legend: { display: false }, title: { display: true, text: 'Error (km)' } },
      scales: { y: { beginAtZero: true, title: { display: true, text: 'images' } } } },
  });
}

/** Share of all scored images whose error is below each distance, on a log scale (unanswered count as wrong). */
export function thresholdCurve(canvas, distances, scored) {
  const sorted = [...distances].sort((a, b) => a - b);
  const points = [];
  for (let e = 0; e <= 43; e++) {
    const km = 10 ** (e / 10); // 1 km to 20,000 km
    let count = 0;
    while (count < sorted.length && sorted[count] < km) count++;
    points.push({ x: km, y: scored === 0 ? 0 : count / scored });
  }
  return new Chart(canvas, {
    type: 'line',
    data: { datasets: [{ label: 'accuracy', data: points, borderColor: '#0b7a45', pointRadius: 0, tension: 0 }] },
    options: { animation: false, parsing: false, plugins: { legend: { display: false }, title: { display: true, text: 'Accuracy by threshold' } },
      scales: { x: { type: 'logarithmic', title: { display: true, text: 'within km' } },
        y: { min: 0, max: 1, title: { display: true, text: 'share of scored images' } } } },
  });
}
