/**
 * What a user most likely meant by a value of the wrong form, for the usual slips with
 * durations (`10 min`, `1.5h`, `600`), memory (`32GB`), CPUs (`500m`) and booleans (`yes`).
 * Each returns the value as it should be written, or undefined when there is no safe guess.
 */

const DURATION_UNITS: Array<[RegExp, number, string]> = [
  [/^(d|days?)$/, 86400, 'd'],
  [/^(h|hrs?|hours?)$/, 3600, 'h'],
  [/^(m|mins?|minutes?)$/, 60, 'm'],
  [/^(s|secs?|seconds?)$/, 1, 's'],
];

/** Whole seconds as the spec writes durations: `2h30m`, `45m`, `90s` (days as hours). */
export function formatDuration(secs: number): string {
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}`;
}

/**
 * `10 min` → `10m`, `1.5h` → `1h30m`, `2d` → `48h`, `2H` → `2h`, `1 hour 30 minutes` → `1h30m`,
 * `01:30:00` → `1h30m`, the number `600` → `10m` (seconds, as the runner reads a bare number).
 */
export function meantDuration(data: unknown): string | undefined {
  let secs: number | undefined;
  if (typeof data === 'number') secs = data;
  else if (typeof data === 'string') secs = durationSeconds(data.trim().toLowerCase());
  if (secs === undefined || !Number.isFinite(secs) || secs <= 0 || !Number.isInteger(secs)) return undefined;
  return formatDuration(secs);
}

function durationSeconds(t: string): number | undefined {
  // hh:mm:ss or mm:ss
  const clock = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/.exec(t);
  if (clock) return Number(clock[1] ?? 0) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  if (/^\d+$/.test(t)) return Number(t);
  const parts = t.replace(/,|\band\b/g, ' ').match(/\d+(?:\.\d+)?\s*[a-z]+/g);
  if (!parts || parts.join('').replace(/\s/g, '') !== t.replace(/,|\band\b|\s/g, '')) return undefined;
  let total = 0;
  const seen = new Set<string>();
  for (const p of parts) {
    const m = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/.exec(p)!;
    const unit = DURATION_UNITS.find(([re]) => re.test(m[2]));
    if (!unit || seen.has(unit[2])) return undefined;
    seen.add(unit[2]);
    total += Number(m[1]) * unit[1];
  }
  // (1.5h is a whole number of seconds; 0.3333h is not, and no guess is better than a rounded one)
  return Math.abs(total - Math.round(total)) < 1e-9 ? Math.round(total) : undefined;
}

const MEMORY_UNITS: Record<string, string> = {
  k: 'Ki', kb: 'Ki', kib: 'Ki', ki: 'Ki',
  m: 'Mi', mb: 'Mi', mib: 'Mi', mi: 'Mi',
  g: 'Gi', gb: 'Gi', gib: 'Gi', gi: 'Gi',
  t: 'Ti', tb: 'Ti', tib: 'Ti', ti: 'Ti',
};

/** `32GB`, `32 GiB`, `32g` → `32Gi`; `512MB` → `512Mi`; a bare number of at most 4096 → that many `Gi`. */
export function meantMemory(data: unknown): string | undefined {
  if (typeof data === 'number') return Number.isInteger(data) && data > 0 && data <= 4096 ? `${data}Gi` : undefined;
  if (typeof data !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(data);
  const unit = m ? MEMORY_UNITS[m[2].toLowerCase()] : undefined;
  const fixed = m && unit ? `${m[1]}${unit}` : undefined;
  return fixed !== undefined && fixed !== data ? fixed : undefined;
}

/** Kubernetes millicores (`500m`) → `0.5`; `4 cores` → `4`. */
export function meantCpus(data: unknown): string | undefined {
  if (typeof data !== 'string') return undefined;
  let m = /^\s*(\d+)\s*m\s*$/.exec(data);
  if (m && Number(m[1]) > 0) return String(Number(m[1]) / 1000);
  m = /^\s*(\d+(?:\.\d+)?)\s*(cores?|cpus?|vcpus?)\s*$/i.exec(data);
  return m ? String(Number(m[1])) : undefined;
}

/** YAML 1.1 booleans that YAML 1.2 reads as strings: `yes`/`no`, `on`/`off`, `y`/`n`. */
export function meantBoolean(data: unknown): 'true' | 'false' | undefined {
  if (typeof data !== 'string') return undefined;
  const t = data.trim().toLowerCase();
  if (/^(yes|y|on|true)$/.test(t)) return 'true';
  if (/^(no|n|off|false)$/.test(t)) return 'false';
  return undefined;
}
