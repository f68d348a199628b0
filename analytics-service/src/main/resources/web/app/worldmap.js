// Maps without a tile server: Natural Earth country shapes (served by this service) as the base layer.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

let countriesPromise;

/** The country shapes (GeoJSON, features with properties code and name), fetched once. */
export function countryShapes() {
  countriesPromise ??= fetch('/map/countries.json').then(r => {
    if (!r.ok) throw new Error(`country shapes: ${r.status}`);
    return r.json();
  });
  return countriesPromise;
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

/**
 * A world map in {@code element}: countries coloured by {@code valueOf(code)} (null: grey) with a tooltip from
 * {@code labelOf(code, name)}. Returns the Leaflet map.
 */
export async function choroplethMap(element, valueOf, labelOf) {
  const map = L.map(element, { worldCopyJump: false, minZoom: 1, maxBounds: [[-90, -540], [90, 540]], attributionControl: true });
  map.attributionControl.setPrefix(false).addAttribution('Natural Earth');
  map.fitBounds([[-58, -170], [78, 190]]);
  const shapes = await countryShapes();
  L.geoJSON(shapes, {
    renderer: L.svg(),
    style: feature => ({
      className: 'country',
      color: '#5b6570',
      weight: 0.5,
      fillColor: rampColour(valueOf(feature.properties.code)),
      fillOpacity: 0.85,
    }),
    onEachFeature: (feature, layer) => layer.bindTooltip(labelOf(feature.properties.code, feature.properties.name), { sticky: true }),
  }).addTo(map);
  return map;
}

/**
 * Truth (green) and predicted (red) points joined by lines, on a canvas (thousands of points). A line takes the
 * shorter way round: across the antimeridian when that is shorter.
 */
export function addGuesses(map, rows) {
  const canvas = L.canvas({ padding: 0.5 });
  const lines = [];
  const points = L.layerGroup();
  for (const row of rows) {
    if (row.truth_latitude == null) continue;
    const truth = [row.truth_latitude, row.truth_longitude];
    L.circleMarker(truth, { renderer: canvas, radius: 2.5, color: '#0b7a45', weight: 1, fillOpacity: 0.9 }).addTo(points);
    if (row.pred_latitude == null) continue;
    let lon = row.pred_longitude;
    if (lon - truth[1] > 180) lon -= 360;
    if (truth[1] - lon > 180) lon += 360;
    lines.push([truth, [row.pred_latitude, lon]]);
    L.circleMarker([row.pred_latitude, lon], { renderer: canvas, radius: 2.5, color: '#b3261e', weight: 1, fillOpacity: 0.9 }).addTo(points);
  }
  L.polyline(lines, { renderer: canvas, color: '#6b7280', weight: 0.6, opacity: 0.6, interactive: false }).addTo(map);
  points.addTo(map);
}
