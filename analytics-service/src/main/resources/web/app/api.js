// Calls to analytics-service's REST API (docs: analytics-service/README.md).

export async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    let message = `${response.status}`;
    try {
      message = (await response.json()).error || message;
    } catch (e) {
      // not JSON: keep the status
    }
    throw new Error(`${path}: ${message}`);
  }
  return response.json();
}

/** Every score row of a run (the JSONL export), parsed. */
export async function scoreRows(runId) {
  const response = await fetch(`/api/runs/${encodeURIComponent(runId)}/scores?format=jsonl`);
  if (!response.ok) throw new Error(`scores of ${runId}: ${response.status}`);
  const text = await response.text();
  return text.split('\n').filter(line => line.trim()).map(line => JSON.parse(line));
}

export function exportLinks(runId) {
  const base = `/api/runs/${encodeURIComponent(runId)}`;
  return [
    ['Scores CSV', `${base}/scores?format=csv`],
    ['Scores JSONL', `${base}/scores?format=jsonl`],
    ['IMAGEO-Bench JSONL', `${base}/scores?format=imageo`],
    ['Regions (country) JSON', `${base}/regions?level=country`],
    ['Regions (first-level) JSON', `${base}/regions?level=region`],
    ['Calibration JSON', `${base}/calibration`],
    ['Diversity JSON', `${base}/diversity`],
    ['Regression JSON', `${base}/regression`],
  ];
}
