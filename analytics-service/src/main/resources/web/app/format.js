// Number and text formatting shared by the views.

export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

export function pct(rate) {
  return rate == null ? '–' : (100 * rate).toFixed(1) + '%';
}

export function num(value, digits = 1) {
  return value == null ? '–' : Number(value).toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function usd(value) {
  if (value == null) return '–';
  const v = Number(value);
  return '$' + (v !== 0 && Math.abs(v) < 0.01 ? v.toPrecision(2) : v.toFixed(2));
}

/** "[low–high]" of an interval given as [low, high] (rates are shown in percent). */
export function interval(ci, asRate) {
  if (!ci) return '';
  const f = asRate ? v => (100 * v).toFixed(1) : v => num(v, 0);
  return `[${f(ci[0])}–${f(ci[1])}]`;
}

export function modelName(row) {
  return `${row.provider}/${row.model}`;
}
