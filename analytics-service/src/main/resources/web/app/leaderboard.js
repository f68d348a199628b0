// The datasets and their leaderboards, kept current by the live stream.
import { esc, pct, num, usd, interval, modelName } from './format.js';

const THRESHOLDS = ['acc1km', 'acc25km', 'acc200km', 'acc750km', 'acc2500km'];

/** What the page knows of every run: leaderboard rows by dataset, and progress by run. */
export class Board {
  constructor() {
    this.datasets = new Map(); // datasetId -> Map(runId -> row)
    this.progress = new Map(); // runId -> progress
    this.denominator = 'all';
    this.sort = { key: 'meanScore', descending: true };
  }

  load(leaderboard) {
    for (const dataset of leaderboard.datasets) {
      for (const row of dataset.runs) this.row(dataset.datasetId, row);
    }
  }

  row(datasetId, row) {
    if (!this.datasets.has(datasetId)) this.datasets.set(datasetId, new Map());
    this.datasets.get(datasetId).set(row.runId, row);
  }

  runProgress(progress) {
    this.progress.set(progress.runId, progress);
  }

  datasetOf(runId) {
    for (const [datasetId, rows] of this.datasets) if (rows.has(runId)) return datasetId;
    return this.progress.get(runId)?.datasetId;
  }
}

function rate(row, name, denominator) {
  return row.rates?.[name]?.[denominator];
}

function rateCell(proportion) {
  if (!proportion || proportion.rate == null) return '<td class="num">–</td>';
  return `<td class="num" title="${proportion.successes} of ${proportion.n}, 95% Wilson interval">${pct(proportion.rate)}`
    + `<span class="ci">${interval([proportion.low, proportion.high], true)}</span></td>`;
}

function failed(row) {
  return row.n === 0 ? null : (row.n - row.answered) / row.n;
}

/** The columns: what a header says, how a row sorts, and its cell. */
function columns(denominator) {
  const cols = [
    { key: 'model', label: 'Model', sort: r => modelName(r), cell: r => `<th scope="row"><a href="#/run/${encodeURIComponent(r.runId)}">${esc(modelName(r))}</a>`
        + (r.simulated ? ' <span class="badge" title="answers come from the simulator, not a real model">simulated</span>' : '')
        + `<div class="sub">${esc(r.promptId ?? '')} · ${esc(r.runId.slice(0, 8))}</div></th>` },
    { key: 'status', label: 'Status', sort: r => r.status, cell: (r, p) => {
      const expected = p?.expected ?? r.expected;
      const scored = p?.scored ?? r.n;
      const share = expected > 0 ? Math.min(1, scored / expected) : 0;
      return `<td><span class="status status-${esc((p?.status ?? r.status).toLowerCase())}">${esc(p?.status ?? r.status)}</span>`
        + `<div class="bar" role="progressbar" aria-label="scored" aria-valuemin="0" aria-valuemax="${expected}" aria-valuenow="${scored}">`
        + `<span style="width:${(100 * share).toFixed(1)}%"></span></div><div class="sub">${scored} / ${expected}</div></td>`;
    } },
    { key: 'n', label: 'n', sort: r => r.n, cell: r => `<td class="num" title="${r.answered} answered">${r.n}</td>` },
    { key: 'meanScore', label: 'Mean score', sort: r => r.meanScore, cell: r => `<td class="num">${num(r.meanScore, 0)}<span class="ci">${interval(r.ci?.meanScore)}</span></td>` },
    { key: 'medianErrorKm', label: 'Median error km', sort: r => r.medianErrorKm, ascending: true, cell: r => `<td class="num">${num(r.medianErrorKm, 0)}<span class="ci">${interval(r.ci?.medianErrorKm)}</span></td>` },
  ];
  for (const t of THRESHOLDS) {
    cols.push({ key: t, label: '≤ ' + t.slice(3), sort: r => rate(r, t, denominator)?.rate, cell: r => rateCell(rate(r, t, denominator)) });
  }
  cols.push(
    { key: 'country', label: 'Country', sort: r => rate(r, 'country', denominator)?.rate, cell: r => rateCell(rate(r, 'country', denominator)) },
    { key: 'city', label: 'City', sort: r => rate(r, 'city', denominator)?.rate, cell: r => rateCell(rate(r, 'city', denominator)) },
    { key: 'failed', label: 'No answer', sort: failed, ascending: true, cell: r => `<td class="num" title="${esc(Object.entries(r.failures ?? {}).map(([s, p]) => `${s}: ${p.successes}`).join(', ') || 'none')}">${pct(failed(r))}</td>` },
    { key: 'costUsd', label: 'Spend', sort: r => Number(r.costUsd ?? 0), ascending: true, cell: r => `<td class="num">${usd(r.costUsd)}`
        + (r.budgetUsd != null ? `<span class="ci">of ${usd(r.budgetUsd)} budget</span>` : '<span class="ci">no budget</span>') + '</td>' },
    { key: 'costPerCorrectUsd', label: '$ / correct', sort: r => r.costPerCorrectUsd == null ? null : Number(r.costPerCorrectUsd), ascending: true,
      cell: r => `<td class="num" title="cost per answer within 25 km">${usd(r.costPerCorrectUsd)}</td>` },
  );
  return cols;
}

function compare(a, b) {
  if (a == null && b == null) return 0;
  if (a == null) return 1;
  if (b == null) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function table(board, datasetId, rows) {
  const cols = columns(board.denominator);
  const col = cols.find(c => c.key === board.sort.key) ?? cols[3];
  const sorted = [...rows.values()].sort((a, b) => {
    const va = col.sort(a);
    const vb = col.sort(b);
    // missing values last, whichever the direction
    return va == null || vb == null || !board.sort.descending ? compare(va, vb) : -compare(va, vb);
  });
  const head = cols.map(c => {
    const current = c.key === col.key;
    const aria = current ? ` aria-sort="${board.sort.descending ? 'descending' : 'ascending'}"` : '';
    return `<th scope="col"${aria}><button type="button" class="sort" data-sort="${c.key}">${esc(c.label)}${current ? (board.sort.descending ? ' ▼' : ' ▲') : ''}</button></th>`;
  }).join('');
  const body = sorted.map(r => `<tr data-run="${esc(r.runId)}">${cols.map(c => c.cell(r, board.progress.get(r.runId))).join('')}</tr>`).join('');
  const id = encodeURIComponent(datasetId);
  return `<section class="dataset" data-dataset="${esc(datasetId)}"><h2>Dataset ${esc(datasetId)}</h2>`
    + `<p class="exports">Export: <a href="/api/leaderboard?dataset=${id}">leaderboard JSON</a> · `
    + `<a href="/api/compare?dataset=${id}">paired tests of every pair JSON</a> · `
    + `<a href="#/compare?runs=${[...rows.keys()].map(encodeURIComponent).join(',')}">compare these runs</a></p>`
    + `<div class="scroll"><table class="board"><caption class="sr">Runs of dataset ${esc(datasetId)}, sortable</caption>`
    + `<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`
    + `<p class="sub">Rates over ${board.denominator === 'all' ? 'all scored images (no answer counts as wrong)' : 'answered images only'}; `
    + '95% intervals in brackets (Wilson for rates, seeded bootstrap for score and error).</p></section>';
}

export function renderBoard(main, board) {
  const datasets = [...board.datasets.keys()].sort();
  const switcher = `<fieldset class="switch"><legend>Denominator</legend>`
    + `<label><input type="radio" name="denominator" value="all"${board.denominator === 'all' ? ' checked' : ''}> all scored images</label>`
    + `<label><input type="radio" name="denominator" value="answered"${board.denominator === 'answered' ? ' checked' : ''}> answered only</label></fieldset>`;
  main.innerHTML = `<h1>Leaderboards</h1>${switcher}`
    + (datasets.length === 0 ? '<p class="muted">No scored run yet. Start one with <code>placebench demo</code> or <code>placebench run</code>.</p>'
      : datasets.map(d => table(board, d, board.datasets.get(d))).join(''));
  main.querySelectorAll('input[name=denominator]').forEach(input => input.addEventListener('change', () => {
    board.denominator = input.value;
    renderBoard(main, board);
  }));
  main.querySelectorAll('button.sort').forEach(button => button.addEventListener('click', () => {
    const key = button.dataset.sort;
    const col = columns(board.denominator).find(c => c.key === key);
    board.sort = board.sort.key === key ? { key, descending: !board.sort.descending } : { key, descending: !col.ascending };
    renderBoard(main, board);
    main.querySelector(`button.sort[data-sort="${key}"]`)?.focus();
  }));
}
