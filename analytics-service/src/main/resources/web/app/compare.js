// Two or more runs of one dataset: the paired tests, a per-country difference map and per-image errors.
import Chart from 'chart.js/auto';
import { getJson, scoreRows } from './api.js';
import { esc, pct, num, modelName } from './format.js';
import { choroplethMap } from './worldmap.js';

const DIVERGING = v => {
  if (v == null) return null;
  return Math.max(0, Math.min(1, 0.5 + v)); // -0.5 .. +0.5 difference onto the red-green ramp
};

function chooser(board, selected) {
  const options = [...board.datasets.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([datasetId, rows]) =>
    `<fieldset class="choose"><legend>Dataset ${esc(datasetId)}</legend>` + [...rows.values()].map(r =>
      `<label><input type="checkbox" name="run" value="${esc(r.runId)}"${selected.includes(r.runId) ? ' checked' : ''}> `
      + `${esc(modelName(r))} <span class="sub">${esc(r.runId.slice(0, 8))}, n = ${r.n}</span></label>`).join('')
    + '</fieldset>').join('');
  return `<form id="compare-form">${options || '<p class="muted">No run yet.</p>'}`
    + '<button type="submit" class="primary">Compare the selected runs</button></form>';
}

function value(v, figure) {
  if (v == null) return '–';
  return /^acc|country/.test(figure) ? pct(v) : num(v, 1);
}

/** The API's test ids in words: mcnemar-exact, mcnemar-chi2, wilcoxon-<method>. */
function testName(test) {
  if (!test) return 'no images';
  if (test === 'mcnemar-exact') return 'McNemar, exact binomial';
  if (test === 'mcnemar-chi2') return 'McNemar, χ² with continuity correction';
  if (test.startsWith('wilcoxon-')) return `Wilcoxon signed-rank (${test.slice(9)})`;
  return test;
}

function testsTable(pair, names) {
  const rows = pair.tests.map(t => `<tr><th scope="row">${esc(t.figure)}</th><td>${esc(testName(t.test))}</td><td class="num">${t.n ?? pair.n}</td>`
    + `<td class="num">${value(t.valueA, t.figure)}</td><td class="num">${value(t.valueB, t.figure)}</td>`
    + `<td class="num">${value(t.difference, t.figure)}${t.low != null ? `<span class="ci">[${value(t.low, t.figure)}, ${value(t.high, t.figure)}]</span>` : ''}</td>`
    + `<td class="num">${t.p == null ? '–' : t.p.toPrecision(3)}</td><td class="num"><strong>${t.pHolm == null ? '–' : t.pHolm.toPrecision(3)}</strong></td></tr>`).join('');
  return `<h3>${esc(names.get(pair.a))} vs ${esc(names.get(pair.b))} <span class="sub">${pair.n} images asked of both</span></h3>`
    + (pair.summary?.text ? `<p class="summary">${esc(pair.summary.text)}</p>` : '')
    + '<div class="scroll"><table class="tests"><thead><tr><th scope="col">Figure</th><th scope="col">Test</th><th scope="col">n</th>'
    + '<th scope="col">A</th><th scope="col">B</th><th scope="col">A − B [95%]</th><th scope="col">p</th><th scope="col">p (Holm)</th></tr></thead>'
    + `<tbody>${rows}</tbody></table></div>`;
}

export async function renderCompare(main, board, runIds) {
  main.innerHTML = `<h1>Compare runs</h1>${chooser(board, runIds)}<div id="comparison"></div>`;
  main.querySelector('#compare-form').addEventListener('submit', event => {
    event.preventDefault();
    const chosen = [...main.querySelectorAll('input[name=run]:checked')].map(i => i.value);
    location.hash = '#/compare?runs=' + chosen.map(encodeURIComponent).join(',');
  });
  if (runIds.length < 2) {
    main.querySelector('#comparison').innerHTML = '<p class="muted">Choose two or more runs of one dataset.</p>';
    return;
  }
  const out = main.querySelector('#comparison');
  out.innerHTML = '<p class="muted">Computing the paired tests…</p>';
  const comparison = await getJson('/api/compare?runs=' + runIds.map(encodeURIComponent).join(','));
  const names = new Map(comparison.runs.map(r => [r.runId, `${r.provider}/${r.model} (${r.runId.slice(0, 8)})`]));
  const [a, b] = comparison.runs.map(r => r.runId);
  out.innerHTML = `<p class="exports">Export: <a href="/api/compare?runs=${runIds.map(encodeURIComponent).join(',')}">JSON</a></p>`
    + `<p>Dataset ${esc(comparison.datasetId)}; paired over the images every compared run was asked; `
    + `${comparison.resamples} bootstrap resamples (seed ${comparison.seed}); p-values Holm-adjusted over the ${comparison.adjustedTests} tests shown.</p>`
    + comparison.pairs.map(pair => testsTable(pair, names)).join('')
    + `<h2>Accuracy within 25 km by country: ${esc(names.get(a))} minus ${esc(names.get(b))}</h2>`
    + '<div id="difference-map" class="map" role="img" aria-label="Per-country difference in accuracy"></div>'
    + `<h2>Per-image error: ${esc(names.get(a))} against ${esc(names.get(b))}</h2>`
    + '<div class="chart-box"><canvas id="scatter" role="img" aria-label="Scatter of per-image errors"></canvas></div>';
  const [regionsA, regionsB, rowsA, rowsB] = await Promise.all([
    getJson(`/api/runs/${encodeURIComponent(a)}/regions?level=country`),
    getJson(`/api/runs/${encodeURIComponent(b)}/regions?level=country`), scoreRows(a), scoreRows(b)]);
  const accB = new Map(regionsB.groups.map(g => [g.group, g.acc25km?.rate]));
  const difference = new Map(regionsA.groups.filter(g => accB.get(g.group) != null && g.acc25km?.rate != null)
    .map(g => [g.group, g.acc25km.rate - accB.get(g.group)]));
  await choroplethMap(out.querySelector('#difference-map'), code => DIVERGING(difference.get(code)), (code, name) =>
    difference.has(code) ? `${esc(name)}: ${(100 * difference.get(code)).toFixed(1)} points` : `${esc(name)}: no image in both`);
  const errorsB = new Map(rowsB.filter(r => r.distance_km != null).map(r => [r.image_id, r.distance_km]));
  const points = rowsA.filter(r => r.distance_km != null && errorsB.has(r.image_id))
    .map(r => ({ x: Math.max(0.1, r.distance_km), y: Math.max(0.1, errorsB.get(r.image_id)) }));
  new Chart(out.querySelector('#scatter'), {
    type: 'scatter',
    data: { datasets: [{ label: 'images answered by both', data: points, backgroundColor: 'rgba(29,79,145,0.55)', pointRadius: 2.5 }] },
    options: { animation: false, parsing: false,
      scales: { x: { type: 'logarithmic', title: { display: true, text: `${names.get(a)} error (km)` } },
        y: { type: 'logarithmic', title: { display: true, text: `${names.get(b)} error (km)` } } } },
  });
}
