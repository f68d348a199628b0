// The filterable list of a run's scored images, each a link to its drill-down.
import { getJson } from './api.js';
import { esc, num, usd } from './format.js';

const PAGE = 50;

function query(filters, offset) {
  const q = new URLSearchParams({ limit: PAGE, offset });
  if (filters.status) q.set('status', filters.status);
  if (filters.country) q.set('country', filters.country.toUpperCase());
  if (filters.minKm !== '') q.set('minKm', filters.minKm);
  if (filters.maxKm !== '') q.set('maxKm', filters.maxKm);
  return q;
}

/** The list in {@code element} for the run chosen in the form (runs: the dataset's runs, to filter by model). */
export function imageList(element, datasetId, runs, runId, statuses) {
  const modelOptions = runs.map(r => `<option value="${esc(r.runId)}"${r.runId === runId ? ' selected' : ''}>${esc(r.provider)}/${esc(r.model)} (${esc(r.runId.slice(0, 8))})</option>`).join('');
  const statusOptions = ['', ...statuses].map(s => `<option value="${esc(s)}">${s ? esc(s) : 'any'}</option>`).join('');
  element.innerHTML = '<h2>Images</h2><form class="filters" id="image-filters">'
    + `<label>Model <select name="run">${modelOptions}</select></label>`
    + `<label>Status <select name="status">${statusOptions}</select></label>`
    + '<label>Truth country <input name="country" size="4" maxlength="3" placeholder="FR"></label>'
    + '<label>Error from <input name="minKm" type="number" min="0" step="any" size="6"> km</label>'
    + '<label>to <input name="maxKm" type="number" min="0" step="any" size="6"> km</label>'
    + '<button type="submit" class="primary">Filter</button></form><div id="image-page"></div>';
  const form = element.querySelector('#image-filters');
  const page = element.querySelector('#image-page');
  const load = async offset => {
    const data = new FormData(form);
    const filters = Object.fromEntries(data.entries());
    const run = filters.run;
    page.innerHTML = '<p class="muted">Loading…</p>';
    try {
      const result = await getJson(`/api/runs/${encodeURIComponent(run)}/images?${query(filters, offset)}`);
      const rows = result.images.map(i => `<tr><th scope="row"><a href="#/image/${encodeURIComponent(datasetId)}/${encodeURIComponent(i.imageId)}">${esc(i.imageId)}</a></th>`
        + `<td>${esc(i.status)}</td><td>${esc(i.truthCountryCode ?? '–')}</td><td>${esc(i.predCountryCode ?? '–')}</td>`
        + `<td class="num">${num(i.distanceKm, 1)}</td><td class="num">${num(i.geoguessrScore, 0)}</td><td class="num">${usd(i.costUsd)}</td></tr>`).join('');
      const last = Math.min(result.total, offset + result.images.length);
      page.innerHTML = `<p class="sub">${result.total} images match; showing ${result.total ? offset + 1 : 0}–${last}. `
        + `Export: <a href="/api/runs/${encodeURIComponent(run)}/images?${query(filters, offset)}">this page as JSON</a>, `
        + `<a href="/api/runs/${encodeURIComponent(run)}/scores?format=csv">every row as CSV</a>.</p>`
        + '<div class="scroll"><table class="images"><thead><tr><th scope="col">Image</th><th scope="col">Status</th><th scope="col">Truth country</th>'
        + '<th scope="col">Guessed country</th><th scope="col">Error km</th><th scope="col">Score</th><th scope="col">Cost</th></tr></thead>'
        + `<tbody>${rows}</tbody></table></div><p class="pager">`
        + (offset > 0 ? '<button type="button" data-page="prev">Previous</button> ' : '')
        + (last < result.total ? '<button type="button" data-page="next">Next</button>' : '') + '</p>';
      page.querySelector('[data-page=prev]')?.addEventListener('click', () => load(Math.max(0, offset - PAGE)));
      page.querySelector('[data-page=next]')?.addEventListener('click', () => load(offset + PAGE));
    } catch (error) {
      page.innerHTML = `<p class="error" role="alert">${esc(error.message)}</p>`;
    }
  };
  form.addEventListener('submit', event => {
    event.preventDefault();
    load(0);
  });
  load(0);
}
