// One run: where it guessed, how accurate it is by country, its errors, failures and cost.
import { getJson, scoreRows, exportLinks } from './api.js';
import { esc, pct, num, usd, interval } from './format.js';
import { worldMap, shapeLayer, addGuesses } from './worldmap.js';
import { errorHistogram, thresholdCurve, calibrationChart, forestPlot } from './charts.js';
import { imageList } from './imagelist.js';

function proportionCell(p) {
  if (!p || p.rate == null) return '<td class="num">–</td>';
  return `<td class="num" title="${p.successes} of ${p.n}">${pct(p.rate)}<span class="ci">${interval([p.low, p.high], true)}</span></td>`;
}

function regionTable(regions) {
  const rows = [...regions.groups].sort((a, b) => b.n - a.n).map(g => `<tr><th scope="row">${esc(g.name ?? g.group)}`
    + ` <span class="sub">${esc(g.group)}</span></th><td class="num">${g.n}</td>${proportionCell(g.acc25km)}`
    + `${proportionCell(g.acc750km)}${proportionCell(g.country)}<td class="num">${num(g.medianErrorKm, 0)}</td></tr>`).join('');
  const d = regions.disparity?.acc25km;
  const disparity = d ? `<p>Disparity of acc@25 km over countries with at least ${d.minN} images (${d.groupsCounted} counted): `
    + `best ${esc(d.best?.group ?? '–')} ${pct(d.best?.accuracy)}, worst ${esc(d.worst?.group ?? '–')} ${pct(d.worst?.accuracy)}, `
    + `gap ${pct(d.gap)}, ratio ${num(d.ratio, 2)}, Gini ${num(d.gini, 3)}.`
    + (regions.chiSquare?.p != null ? ` Chi-square of country match by continent: p = ${regions.chiSquare.p.toPrecision(3)}.` : '') + '</p>' : '';
  return `<h2>By country</h2><p class="exports">Export: <a href="/api/runs/${encodeURIComponent(regions.runId)}/regions?level=country">JSON</a></p>${disparity}<div class="scroll"><table class="regions"><caption class="sr">Accuracy by truth country</caption>`
    + '<thead><tr><th scope="col">Country</th><th scope="col">n</th><th scope="col">≤ 25 km</th><th scope="col">≤ 750 km</th>'
    + `<th scope="col">Country right</th><th scope="col">Median error km</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

function statusTable(rows) {
  const counts = new Map();
  for (const r of rows) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const body = [...counts.entries()].sort((a, b) => b[1] - a[1])
    .map(([status, n]) => `<tr><th scope="row">${esc(status)}</th><td class="num">${n}</td><td class="num">${pct(n / rows.length)}</td></tr>`).join('');
  return '<table class="small"><caption>Status of every scored image</caption><thead><tr><th scope="col">Status</th>'
    + `<th scope="col">Images</th><th scope="col">Share</th></tr></thead><tbody>${body}</tbody></table>`;
}

function costTable(rows, row) {
  const cost = rows.reduce((sum, r) => sum + Number(r.cost_usd ?? 0), 0);
  const input = rows.reduce((sum, r) => sum + (r.input_tokens ?? 0), 0);
  const output = rows.reduce((sum, r) => sum + (r.output_tokens ?? 0), 0);
  return '<table class="small"><caption>Cost</caption><tbody>'
    + `<tr><th scope="row">Spend</th><td class="num">${usd(cost)}</td></tr>`
    + `<tr><th scope="row">Per image</th><td class="num">${usd(rows.length ? cost / rows.length : null)}</td></tr>`
    + `<tr><th scope="row">Per answer within 25 km</th><td class="num">${usd(row?.costPerCorrectUsd)}</td></tr>`
    + `<tr><th scope="row">Tokens in / out</th><td class="num">${input.toLocaleString('en')} / ${output.toLocaleString('en')}</td></tr>`
    + '</tbody></table>';
}

/** Countries or first-level regions coloured by accuracy within 25 km, from the run's region table at that level. */
async function colourBy(map, runId, level, previous) {
  const regions = await getJson(`/api/runs/${encodeURIComponent(runId)}/regions?level=${level === 'countries' ? 'country' : 'region'}`);
  const groups = new Map(regions.groups.map(g => [g.group, g]));
  previous?.remove();
  return shapeLayer(map, level, code => groups.get(code)?.acc25km?.rate ?? null, (code, name) => {
    const g = groups.get(code);
    return g ? `${esc(name)}: ${pct(g.acc25km?.rate)} within 25 km (n = ${g.n})` : `${esc(name)}: no image`;
  });
}

export async function renderRun(main, runId, board) {
  main.innerHTML = '<p class="muted">Loading the run…</p>';
  const id = encodeURIComponent(runId);
  const [run, regions, rows, calibration, regression] = await Promise.all([getJson(`/api/runs/${id}`),
    getJson(`/api/runs/${id}/regions?level=country`), scoreRows(runId), getJson(`/api/runs/${id}/calibration`),
    getJson(`/api/runs/${id}/regression`)]);
  const row = board.datasets.get(run.datasetId)?.get(runId);
  const links = exportLinks(runId).map(([label, href]) => `<li><a href="${href}">${esc(label)}</a></li>`).join('');
  const logistic = (regression.fits ?? []).filter(f => f.model === 'logistic' && f.terms?.length > 1);
  main.innerHTML = `<h1>${esc(run.provider)}/${esc(run.model)}${run.simulated ? ' <span class="badge">simulated</span>' : ''}</h1>`
    + `<p>Run <code>${esc(run.runId)}</code> on dataset <a href="#/">${esc(run.datasetId)}</a>: <span class="status status-${esc(run.status.toLowerCase())}">${esc(run.status)}</span>, `
    + `${run.scored} of ${run.expected} scored, ${run.answered} answered, spend ${usd(run.costUsd)}`
    + `${run.budgetUsd != null ? ` of a ${usd(run.budgetUsd)} budget` : ' (no budget)'}.</p>`
    + '<section><h2>Guesses</h2><p class="sub">Truth in green, the guess in red, joined by a line; areas coloured by accuracy within 25 km (grey: no image).</p>'
    + '<fieldset class="switch"><legend>Colour</legend><label><input type="radio" name="level" value="countries" checked> countries</label>'
    + '<label><input type="radio" name="level" value="regions"> first-level regions (US states…)</label></fieldset>'
    + '<div id="run-map" class="map" role="img" aria-label="World map of truth and predicted points"></div></section>'
    + '<section class="charts"><div><canvas id="histogram" aria-label="Histogram of errors" role="img"></canvas></div>'
    + '<div><canvas id="curve" aria-label="Accuracy by distance threshold" role="img"></canvas></div></section>'
    + `<section class="side-by-side">${statusTable(rows)}${costTable(rows, row)}</section>`
    + `<section>${regionTable(regions)}</section>`
    + `<section class="charts"><div><h2>Calibration</h2><p class="exports">Export: <a href="/api/runs/${id}/calibration">JSON</a></p>`
    + (calibration.withConfidence > 0 ? `<canvas id="calibration" role="img" aria-label="Calibration chart"></canvas><p class="sub">`
      + `Spearman ρ (confidence, error) ${calibration.spearman?.rho == null ? '–' : calibration.spearman.rho.toFixed(3)}; ECE ${calibration.ece == null ? '–' : calibration.ece.toFixed(3)}; `
      + `${calibration.withoutConfidence} images without a stated confidence.</p>` : '<p class="muted">No answer stated a confidence.</p>')
    + `</div><div><h2>What drives success</h2><p class="exports">Export: <a href="/api/runs/${id}/regression">JSON</a></p>`
    + (logistic.length ? logistic.map((f, i) => `<div class="forest"><canvas id="forest-${i}" role="img" aria-label="Odds ratios of ${esc(f.outcome)}"></canvas></div>`).join('')
      : `<p class="muted">${esc(regression.reason ?? 'No logistic fit: the run has no scene feature or attribute.')}</p>`)
    + '</div></section>'
    + '<section id="image-list"></section>'
    + `<section><h2>Exports</h2><ul class="links">${links}</ul></section>`;
  const map = worldMap(main.querySelector('#run-map'));
  let layer = await colourBy(map, runId, 'countries');
  main.querySelectorAll('input[name=level]').forEach(input => input.addEventListener('change', async () => {
    layer = await colourBy(map, runId, input.value, layer);
  }));
  addGuesses(map, rows);
  const distances = rows.filter(r => r.answered && r.distance_km != null).map(r => r.distance_km);
  errorHistogram(main.querySelector('#histogram'), distances);
  thresholdCurve(main.querySelector('#curve'), distances, rows.length);
  if (calibration.withConfidence > 0) calibrationChart(main.querySelector('#calibration'), calibration);
  logistic.forEach((fit, i) => forestPlot(main.querySelector(`#forest-${i}`), fit));
  const runs = [...(board.datasets.get(run.datasetId)?.values() ?? [])];
  if (!runs.some(r => r.runId === runId)) runs.push({ runId, provider: run.provider, model: run.model });
  imageList(main.querySelector('#image-list'), run.datasetId, runs, runId, [...new Set(rows.map(r => r.status))].sort());
}
