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

/** Accuracy within 25 km per stated confidence level (bars, with n), against the stated probability (line). */
export function calibrationChart(canvas, calibration) {
  const levels = calibration.levels ?? [];
  return new Chart(canvas, {
    data: {
      labels: levels.map(l => `${l.level} (n = ${l.accuracy.n})`),
      datasets: [
        { type: 'bar', label: 'accuracy within 25 km', data: levels.map(l => l.accuracy.rate), backgroundColor: '#3b6ea8' },
        { type: 'line', label: 'stated probability', data: levels.map(l => l.statedProbability), borderColor: '#b3261e', pointRadius: 3 },
      ],
    },
    options: { animation: false, plugins: { title: { display: true, text: 'Calibration of the stated confidence' } },
      scales: { y: { min: 0, max: 1 }, x: { title: { display: true, text: 'confidence level' } } } },
  });
}

/** Odds ratios with their 95% intervals of one logistic fit, as a forest plot (log scale, 1 = no effect). */
export function forestPlot(canvas, fit) {
  const terms = fit.terms.filter(t => t.term !== '(Intercept)' && t.oddsRatioLow != null && t.oddsRatioHigh != null
    && t.oddsRatioLow > 0 && Number.isFinite(t.oddsRatioHigh));
  canvas.parentElement.style.height = `${Math.max(160, 28 * terms.length + 70)}px`;
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels: terms.map(t => `${t.term}  OR ${t.oddsRatio.toPrecision(3)}${t.p < 0.05 ? ' *' : ''}`),
      datasets: [{ label: '95% interval of the odds ratio', data: terms.map(t => [t.oddsRatioLow, t.oddsRatioHigh]),
        backgroundColor: terms.map(t => (t.p < 0.05 ? '#1d4f91' : '#9aa5b1')), barThickness: 8 }],
    },
    options: { indexAxis: 'y', animation: false, maintainAspectRatio: false,
      plugins: { legend: { display: false }, title: { display: true, text: `${fit.outcome}: odds ratios (n = ${fit.n}; * p < 0.05)` } },
      scales: { x: { type: 'logarithmic', title: { display: true, text: 'odds ratio (log scale)' } } } },
  });
}
