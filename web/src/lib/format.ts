/** A price with precision that suits its size. */
export function formatPrice(price: number | null | undefined): string {
  if (price === null || price === undefined || !Number.isFinite(price)) return '—';
  const digits = price >= 1000 ? 2 : price >= 1 ? 4 : 6;
  return price.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: digits });
}

/** A fraction as a signed percentage, e.g. `+1.23%` (`signed` false for sizes that cannot be negative, e.g. a volatility: `1.23%`). */
export function formatPercent(fraction: number | null | undefined, digits = 2, signed = true): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  return `${signed && fraction >= 0 ? '+' : ''}${(fraction * 100).toFixed(digits)}%`;
}

/** A metric value in compact scientific notation when small. */
export function formatMetric(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return Math.abs(value) >= 0.01 || value === 0 ? value.toFixed(3) : value.toExponential(2);
}

/** An ISO time as `YYYY-MM-DD HH:MM` UTC. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}
