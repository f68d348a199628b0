// Maps without a tile server: Natural Earth shapes (served by this service under /map/) as the base layer.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

const shapeFiles = new Map();

/** Country ({@code countries}) or first-level region ({@code regions}) shapes, fetched once each. */
export function shapes(level) {
  if (!shapeFiles.has(level)) {
    shapeFiles.set(level, fetch(`/map/${level}.json`).then(r => {
      if (!r.ok) throw new Error(`${level} shapes: ${r.status}`);
      return r.json();
    }));
  }
  return shapeFiles.get(level);
}

/** A colour from red (0) through amber to green (1); grey when there is no value. */
export function rampColour(value) {
  if (value == null) return '#d0d4d9';
  const stops = [[0, [178, 34, 34]], [0.5, [230, 159, 0]], [1, [0, 120, 80]]];
  let i = 0;
  while (i < stops.length - 2 && value > stops[i + 1][0]) i++;
  const [a, ca] = stops[i];
  const [b, cb] = stops[i + 1];
  const t = Math.max(0, Math.min(1, (value - a) / (b - a)));
  const c = ca.map((x, k) => Math.round(x + t * (cb[k] - x)));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** An empty world map in {@code element}. */
export function worldMap(element) {
  const map = L.map(element, { minZoom: 1, maxBounds: [[-90, -540], [90, 540]] });
  map.attributionControl.setPrefix(false).addAttribution('Natural Earth');
  map.fitBounds([[-58, -170], [78, 190]]);
  return map;
}

/**
 * Shapes of {@code level} coloured by {@code valueOf(code)} in [0, 1] (null: grey), each with the tooltip
 * {@code labelOf(code, name)}; SVG paths of class {@code shape} (a few thousand at most).
 */
export async function shapeLayer(map, level, valueOf, labelOf) {
  const data = await shapes(level);
  return L.geoJSON(data, {
    renderer: L.svg(),
    style: feature => ({
      className: `shape ${level === 'countries' ? 'country' : 'region'}`,
      color: '#5b6570',
      weight: level === 'countries' ? 0.5 : 0.3,
      fillColor: rampColour(valueOf(feature.properties.code)),
      fillOpacity: 0.85,
    }),
    onEachFeature: (feature, layer) => layer.bindTooltip(labelOf(feature.properties.code, feature.properties.name), { sticky: true }),
  }).addTo(map);
}

/** A world map of countries coloured by {@code valueOf}; returns the map. */
export async function choroplethMap(element, valueOf, labelOf) {
  const map = worldMap(element);
  await shapeLayer(map, 'countries', valueOf, labelOf);
  return map;
}

/** The predicted longitude moved by ±360° when that makes the line from the truth the shorter way round. */
export function nearLongitude(lon, fromLon) {
  if (lon - fromLon > 180) return lon - 360;
  if (fromLon - lon > 180) return lon + 360;
  return lon;
}

/** Truth (green) and predicted (red) points joined by lines, on a canvas (thousands of points). */
export function addGuesses(map, rows) {
  const canvas = L.canvas({ padding: 0.5 });
  const lines = [];
  const points = L.layerGroup();
  for (const row of rows) {
    if (row.truth_latitude == null) continue;
    const truth = [row.truth_latitude, row.truth_longitude];
    L.circleMarker(truth, { renderer: canvas, radius: 2.5, color: '#0b7a45', weight: 1, fillOpacity: 0.9 }).addTo(points);
    if (row.pred_latitude == null) continue;
    const guess = [row.pred_latitude, nearLongitude(row.pred_longitude, truth[1])];
    lines.push([truth, guess]);
    L.circleMarker(guess, { renderer: canvas, radius: 2.5, color: '#b3261e', weight: 1, fillOpacity: 0.9 }).addTo(points);
  }
  L.polyline(lines, { renderer: canvas, color: '#6b7280', weight: 0.6, opacity: 0.6, interactive: false }).addTo(map);
  points.addTo(map);
}

/** One image: its truth and every model's guess, labelled, each joined to the truth. */
export function addAnswers(map, truth, answers, colourOf) {
  const at = [truth.latitude, truth.longitude];
  const bounds = L.latLngBounds([at]);
  L.circleMarker(at, { radius: 7, color: '#0b7a45', weight: 2, fillOpacity: 0.9 }).bindTooltip('truth', { permanent: true, direction: 'top' }).addTo(map);
  answers.forEach((answer, i) => {
    const p = answer.predicted;
    if (p?.latitude == null) return;
    const guess = [p.latitude, nearLongitude(p.longitude, at[1])];
    bounds.extend(guess);
    L.polyline([at, guess], { color: colourOf(i), weight: 1.5, dashArray: '4 3' }).addTo(map);
    L.circleMarker(guess, { radius: 6, color: colourOf(i), weight: 2, fillOpacity: 0.8 })
      .bindTooltip(`${answer.provider}/${answer.model}`, { direction: 'top' }).addTo(map);
  });
  map.fitBounds(bounds.pad(0.4), { maxZoom: 6 });
}
