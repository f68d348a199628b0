// One image: its thumbnail, the truth and every model's guess on one map, and each model's full answer.
import { getJson } from './api.js';
import { esc, num, usd } from './format.js';
import { worldMap, shapeLayer, addAnswers } from './worldmap.js';

const COLOURS = ['#b3261e', '#1d4f91', '#7a4fb0', '#a15c00', '#00707a', '#9c2f6b', '#4d6b00', '#5b6570'];
const colourOf = i => COLOURS[i % COLOURS.length];

function place(p) {
  if (!p) return '–';
  return esc([p.city, p.region, p.country ?? p.countryCode].filter(Boolean).join(', ') || '–');
}

function block(title, text) {
  if (text == null || text === '') return '';
  return `<details><summary>${esc(title)}</summary><pre>${esc(text)}</pre></details>`;
}

function answerCard(answer, i) {
  return `<article class="answer" style="border-left-color:${colourOf(i)}">`
    + `<h3><a href="#/run/${encodeURIComponent(answer.runId)}">${esc(answer.provider)}/${esc(answer.model)}</a>`
    + `${answer.simulated ? ' <span class="badge">simulated</span>' : ''} <span class="status status-${esc(String(answer.status).toLowerCase())}">${esc(answer.status)}</span></h3>`
    + '<dl class="facts">'
    + `<dt>Guess</dt><dd>${place(answer.predicted)}${answer.predicted?.latitude != null ? ` (${num(answer.predicted.latitude, 3)}, ${num(answer.predicted.longitude, 3)})` : ''}</dd>`
    + `<dt>Error</dt><dd>${answer.distanceKm == null ? '–' : num(answer.distanceKm, 1) + ' km'}; score ${num(answer.geoguessrScore, 0)}</dd>`
    + `<dt>Confidence</dt><dd>${answer.confidence ?? '–'}</dd>`
    + `<dt>Tokens</dt><dd>${answer.inputTokens ?? 0} in, ${answer.outputTokens ?? 0} out</dd>`
    + `<dt>Cost</dt><dd>${usd(answer.costUsd)}</dd>`
    + `<dt>Attempts</dt><dd>${answer.attempts ?? '–'} call(s); request attempt ${answer.requestAttempt ?? 1}</dd>`
    + (answer.error ? `<dt>Error</dt><dd>${esc(answer.errorType ?? '')} ${answer.httpStatus ?? ''} ${esc(answer.error)}</dd>` : '')
    + '</dl>'
    + block('Reasoning', answer.reasoning)
    + block('Parsed answer', answer.answer ? JSON.stringify(answer.answer, null, 2) : null)
    + block(answer.rawTruncated ? 'Raw response (truncated)' : 'Raw response', answer.rawResponse)
    + '</article>';
}

export async function renderImage(main, datasetId, imageId) {
  main.innerHTML = '<p class="muted">Loading the image…</p>';
  const image = await getJson(`/api/datasets/${encodeURIComponent(datasetId)}/images/${encodeURIComponent(imageId)}`);
  const thumbnail = `/api/thumbnails/${encodeURIComponent(datasetId)}/${encodeURIComponent(imageId)}?size=480`;
  main.innerHTML = `<h1>Image ${esc(imageId)}</h1><p>Dataset <a href="#/">${esc(datasetId)}</a>. `
    + `Truth: ${place(image.truth)} (${num(image.truth?.latitude, 4)}, ${num(image.truth?.longitude, 4)}).</p>`
    + '<section class="image-head">'
    + `<figure><img id="thumbnail" src="${thumbnail}" alt="The image ${esc(imageId)} (metadata removed)" width="480"></figure>`
    + '<div id="image-map" class="map small-map" role="img" aria-label="The truth and every model\'s guess"></div></section>'
    + (image.attributes && Object.keys(image.attributes).length ? `<p class="sub">Attributes: ${esc(Object.entries(image.attributes).map(([k, v]) => `${k} = ${v}`).join('; '))}</p>` : '')
    + `<section><h2>Answers (${image.answers.length})</h2>${image.answers.map(answerCard).join('')}</section>`;
  const img = main.querySelector('#thumbnail');
  img.addEventListener('error', () => img.replaceWith(Object.assign(document.createElement('p'), {
    className: 'muted', textContent: 'No thumbnail: ingest-service did not serve this image.' })));
  const map = worldMap(main.querySelector('#image-map'));
  await shapeLayer(map, 'countries', () => null, (code, name) => esc(name));
  if (image.truth?.latitude != null) addAnswers(map, image.truth, image.answers, colourOf);
}
