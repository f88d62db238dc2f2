/**
 * The job monitor's messages, declared once: the extension host (client/monitor/) and the
 * webview (webviews/monitor/) both import this module. Every message is described by a
 * runtime shape; its TypeScript type is derived from that shape, and both sides run the
 * validator on every message they receive (`parseToHost` / `parseToWebview`) before dispatch.
 *
 * Plain TypeScript, no DOM and no node: it is bundled into the webview and into the extension.
 */

// ---- tiny runtime shapes ------------------------------------------------------------------

export type Check<T> = (v: unknown) => v is T;
type Guarded<C> = C extends Check<infer T> ? T : never;
type Shape = Record<string, Check<unknown>>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type OptionalKeys<S extends Shape> = { [K in keyof S]: undefined extends Guarded<S[K]> ? K : never }[keyof S];
/** The object type a shape checks: keys whose check accepts `undefined` are optional. */
type FromShape<S extends Shape> = Simplify<{ [K in Exclude<keyof S, OptionalKeys<S>>]: Guarded<S[K]> } & { [K in OptionalKeys<S>]?: Guarded<S[K]> }>;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A string of at most `max` characters. */
export const str = (max = 100_000): Check<string> => (v): v is string => typeof v === 'string' && v.length <= max;
export const num: Check<number> = (v): v is number => typeof v === 'number' && Number.isFinite(v);
export const int = (min = 0, max = Number.MAX_SAFE_INTEGER): Check<number> => (v): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
export const bool: Check<boolean> = (v): v is boolean => typeof v === 'boolean';
export const nul: Check<null> = (v): v is null => v === null;
export const literal = <const L extends readonly string[]>(...values: L): Check<L[number]> => (v): v is L[number] =>
  typeof v === 'string' && (values as readonly string[]).includes(v);
export const arr = <T>(item: Check<T>, max = 1_000_000): Check<T[]> => (v): v is T[] =>
  Array.isArray(v) && v.length <= max && v.every((x) => item(x));
export const opt = <T>(c: Check<T>): Check<T | undefined> => (v): v is T | undefined => v === undefined || c(v);
export const or = <A, B>(a: Check<A>, b: Check<B>): Check<A | B> => (v): v is A | B => a(v) || b(v);
export const obj = <S extends Shape>(shape: S): Check<FromShape<S>> => (v): v is FromShape<S> =>
  isObj(v) && Object.keys(shape).every((k) => shape[k]!(v[k]));
/** A record with string keys and values of one kind (at most `max` keys). */
export const rec = <T>(value: Check<T>, max = 1000): Check<Record<string, T>> => (v): v is Record<string, T> =>
  isObj(v) && Object.keys(v).length <= max && Object.values(v).every((x) => value(x));

// ---- the data the messages carry -----------------------------------------------------------

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'lost'] as const;

export const jobView = obj({
  id: str(200),
  name: str(500),
  target: str(500),
  status: literal(...JOB_STATUSES),
  exitCode: or(nul, int(-1_000_000, 1_000_000)),
  createdAt: str(100),
  startedAt: or(nul, str(100)),
  endedAt: or(nul, str(100)),
  reason: opt(str(500)),
  specPath: opt(str(4096)),
  gpus: opt(arr(str(100), 1024)),
});
/** A job as the monitor's header shows it. */
export type JobView = Guarded<typeof jobView>;

/** One metrics point: `x` is the step (or the time in ms when the job writes only times). */
export const metricPoint = obj({ x: num, values: rec(num, 200) });
export type MetricPoint = Guarded<typeof metricPoint>;

export const gpuReading = obj({
  index: int(0, 1023),
  name: opt(str(200)),
  utilization: opt(num),
  memoryUsedMiB: opt(num),
  memoryTotalMiB: opt(num),
  temperature: opt(num),
});
export type GpuReading = Guarded<typeof gpuReading>;
export const gpuSample = obj({ time: num, gpus: arr(gpuReading, 1024) });
export type GpuSample = Guarded<typeof gpuSample>;

export const ACTIONS = ['cancel', 'relaunch', 'openSpec', 'fetchOutputs', 'showLog', 'copyId'] as const;
export type MonitorAction = (typeof ACTIONS)[number];

/** The most lines one `requestLines` may ask for (a screen is far fewer). */
export const MAX_LINES_PER_REQUEST = 2000;
/** The most matches a search reports. */
export const MAX_SEARCH_MATCHES = 100_000;

// ---- messages -------------------------------------------------------------------------------

/** Webview → extension host. */
export const toHostShapes = {
  /** The webview's script runs and listens: the host may send data now (and only now). */
  ready: obj({}),
  /** Lines `[start, start + count)` of the log (the host answers with `lines`). */
  requestLines: obj({ requestId: int(), start: int(), count: int(0, MAX_LINES_PER_REQUEST) }),
  /** Find the lines containing `query` (answered with `searchResult`); an empty query clears. */
  search: obj({ requestId: int(), query: str(1000), caseSensitive: bool }),
  action: obj({ action: literal(...ACTIONS) }),
  /** A chart as PNG (`data:image/png;base64,…`), to be saved where the user picks. */
  exportPng: obj({ name: str(200), dataUrl: str(50_000_000) }),
  exportCsv: obj({ name: str(200), csv: str(50_000_000) }),
} as const;

/** Extension host → webview. */
export const toWebviewShapes = {
  /** The job (header); sent after `ready` and whenever its state changes. */
  job: obj({ job: jobView }),
  /** How long the log is now; `done` once the job is final and its log drained. */
  logInfo: obj({ lineCount: int(), byteLength: int(), done: bool }),
  lines: obj({ requestId: int(), start: int(), lines: arr(str(), MAX_LINES_PER_REQUEST) }),
  searchResult: obj({ requestId: int(), query: str(1000), matches: arr(int(), MAX_SEARCH_MATCHES), truncated: bool }),
  /** Metric points; `reset` replaces what the webview holds. */
  metrics: obj({ reset: bool, source: literal('file', 'pattern', 'none'), points: arr(metricPoint, 1_000_000) }),
  /** GPU samples of the job's GPUs, appended. */
  gpu: obj({ reset: bool, samples: arr(gpuSample, 100_000) }),
  /** A short note for the user (export saved, action failed…). */
  notice: obj({ level: literal('info', 'error'), message: str(2000) }),
} as const;

type Messages<S extends Record<string, Check<unknown>>> = { [K in keyof S]: { type: K } & Guarded<S[K]> }[keyof S];
export type ToHost = Messages<typeof toHostShapes>;
export type ToWebview = Messages<typeof toWebviewShapes>;
export type ToHostType = ToHost['type'];
export type ToWebviewType = ToWebview['type'];

function parse<S extends Record<string, Check<unknown>>>(shapes: S, v: unknown): Messages<S> | undefined {
  if (!isObj(v) || typeof v.type !== 'string' || !Object.prototype.hasOwnProperty.call(shapes, v.type)) return undefined;
  return shapes[v.type]!(v) ? (v as Messages<S>) : undefined;
}

/** The message when `v` is a valid webview → host message, else undefined. */
export function parseToHost(v: unknown): ToHost | undefined {
  return parse(toHostShapes, v);
}

/** The message when `v` is a valid host → webview message, else undefined. */
export function parseToWebview(v: unknown): ToWebview | undefined {
  return parse(toWebviewShapes, v);
}

/** Ends a dispatch switch: a message type left unhandled is a compile error. */
export function assertNever(x: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(x)}`);
}

/** What the webview persists with `setState` (UI state only; job data is re-fetched). */
export const monitorUiState = obj({
  jobId: str(200),
  follow: bool,
  wrap: bool,
  query: str(1000),
  caseSensitive: bool,
  topLine: int(),
  showCharts: bool,
});
export type MonitorUiState = Guarded<typeof monitorUiState>;

export function defaultUiState(jobId: string): MonitorUiState {
  return { jobId, follow: true, wrap: false, query: '', caseSensitive: false, topLine: 0, showCharts: true };
}

/** The persisted state when it is valid (after an update it may be old or foreign). */
export function parseUiState(v: unknown): MonitorUiState | undefined {
  return monitorUiState(v) ? v : undefined;
}

// ---- the host dashboard (client/hostDashboard/ ↔ webviews/hostDashboard/) ------------------

export const hostProcess = obj({
  gpu: int(0, 1023),
  pid: opt(int(0, 2 ** 31)),
  user: opt(str(200)),
  name: opt(str(1000)),
  memoryMiB: opt(num),
});
export type HostProcess = Guarded<typeof hostProcess>;

/** The host's latest probe as the dashboard shows it (besides the charts). */
export const hostSnapshot = obj({
  ok: bool,
  message: opt(str(2000)),
  /** ms since the epoch; null before the first probe */
  probedAt: or(nul, num),
  gpus: arr(gpuReading, 1024),
  processes: arr(hostProcess, 100_000),
  load: opt(arr(num, 3)),
  memory: opt(obj({ totalMiB: num, availableMiB: num })),
});
export type HostSnapshot = Guarded<typeof hostSnapshot>;

/** Webview → extension host. */
export const hostDashToHostShapes = {
  /** The webview's script runs and listens: the host sends the history and the latest probe. */
  ready: obj({}),
  /** Probe the host now (refused in an untrusted workspace). */
  probeNow: obj({}),
} as const;

/** Extension host → webview. */
export const hostDashToWebviewShapes = {
  /** Which host this is: its target string, name and address. */
  host: obj({ id: str(500), name: str(500), address: opt(str(500)) }),
  /** GPU samples of the last hour, oldest first; `reset` replaces what the webview holds. */
  history: obj({ reset: bool, windowMs: int(1), samples: arr(gpuSample, 100_000) }),
  /** The latest probe: processes, load, memory. */
  snapshot: obj({ snapshot: hostSnapshot }),
  /** Whether a probe of this host is in flight (the "Probe now" button waits). */
  probing: obj({ active: bool }),
  notice: obj({ level: literal('info', 'error'), message: str(2000) }),
} as const;

export type HostDashToHost = Messages<typeof hostDashToHostShapes>;
export type HostDashToWebview = Messages<typeof hostDashToWebviewShapes>;

export function parseHostDashToHost(v: unknown): HostDashToHost | undefined {
  return parse(hostDashToHostShapes, v);
}

export function parseHostDashToWebview(v: unknown): HostDashToWebview | undefined {
  return parse(hostDashToWebviewShapes, v);
}

/** What the host dashboard persists (UI state only; the history is re-sent by the host). */
export const hostDashUiState = obj({
  host: str(500),
  /** GPU indexes whose charts the user collapsed. */
  collapsed: arr(int(0, 1023), 1024),
  sortBy: literal('gpu', 'memory', 'user', 'pid'),
});
export type HostDashUiState = Guarded<typeof hostDashUiState>;

export function defaultHostDashUiState(host: string): HostDashUiState {
  return { host, collapsed: [], sortBy: 'gpu' };
}

export function parseHostDashUiState(v: unknown): HostDashUiState | undefined {
  return hostDashUiState(v) ? v : undefined;
}
