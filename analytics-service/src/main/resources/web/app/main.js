// The page: a router over the views, the live stream, and the shared state.
import './style.css';
import { getJson } from './api.js';
import { Board, renderBoard } from './leaderboard.js';
import { renderRun } from './run.js';
import { renderCompare } from './compare.js';
import { renderImage } from './image.js';
import { esc } from './format.js';

const board = new Board();
const main = document.getElementById('main');
const live = document.getElementById('live');
let pending = false;

function route() {
  const hash = location.hash || '#/';
  const run = hash.match(/^#\/run\/(.+)$/);
  const compare = hash.match(/^#\/compare(?:\?runs=(.*))?$/);
  const image = hash.match(/^#\/image\/([^/]+)\/(.+)$/);
  const view = run ? renderRun(main, decodeURIComponent(run[1]), board)
    : image ? renderImage(main, decodeURIComponent(image[1]), decodeURIComponent(image[2]))
    : compare ? renderCompare(main, board, (compare[1] ?? '').split(',').filter(Boolean).map(decodeURIComponent))
      : Promise.resolve(renderBoard(main, board));
  view.then(() => {
    // what the page-load benchmark measures: the first view drawn with its data
    if (!performance.getEntriesByName('placebench-first-view').length) performance.mark('placebench-first-view');
  }, () => {});
  view.catch(error => {
    main.innerHTML = `<p class="error" role="alert">Could not show this view: ${esc(error.message)}</p>`;
  });
}

/** Leaderboard changes re-render the leaderboard at most once per frame, keeping the keyboard focus. */
function changed() {
  if (pending || !(location.hash === '' || location.hash === '#/')) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    const focused = document.activeElement?.dataset?.sort;
    renderBoard(main, board);
    if (focused) main.querySelector(`button.sort[data-sort="${focused}"]`)?.focus();
  });
}

let stream;

function connect() {
  stream = new EventSource('/api/stream');
  stream.addEventListener('open', () => { live.textContent = 'live'; live.className = 'live on'; });
  stream.addEventListener('error', () => { live.textContent = 'reconnecting…'; live.className = 'live'; });
  stream.addEventListener('leaderboard', event => {
    const update = JSON.parse(event.data);
    board.row(update.datasetId, update.row);
    changed();
  });
  stream.addEventListener('progress', event => {
    board.runProgress(JSON.parse(event.data));
    changed();
  });
}

window.addEventListener('hashchange', route);
// A browser opens at most six connections to a host: a page left behind must not keep its stream open.
window.addEventListener('pagehide', () => stream?.close());
window.addEventListener('pageshow', event => {
  if (event.persisted) connect();
});
getJson('/api/leaderboard').then(leaderboard => board.load(leaderboard)).catch(error => {
  main.innerHTML = `<p class="error" role="alert">The leaderboard could not be read: ${esc(error.message)}</p>`;
}).finally(() => {
  route();
  connect();
});
