/**
 * Durations as specs write them: `2h30m`, `45m`, `90s`, `1d`, also `1.5h` and a bare number of
 * seconds. Returns seconds, or NaN when `s` is not a duration.
 */
const UNIT_SECONDS: Record<string, number> = { d: 86400, h: 3600, m: 60, s: 1, ms: 0.001 };
const PART = /([0-9]+(?:\.[0-9]+)?)(ms|d|h|m|s)/y;

export function parseDuration(s: string | number): number {
  if (typeof s === 'number') return Number.isFinite(s) && s >= 0 ? s : NaN;
  const t = String(s).trim();
  if (t === '') return NaN;
  if (/^[0-9]+(\.[0-9]+)?$/.test(t)) return Number(t);
  let total = 0;
  let i = 0;
  const seen = new Set<string>();
  while (i < t.length) {
    PART.lastIndex = i;
    const m = PART.exec(t);
    if (!m || seen.has(m[2])) return NaN;
    seen.add(m[2]);
    total += Number(m[1]) * UNIT_SECONDS[m[2]];
    i = PART.lastIndex;
  }
  return total;
}
