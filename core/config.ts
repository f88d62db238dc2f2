/**
 * Trainyard's home (`~/.trainyard`, or `$TRAINYARD_HOME`) and its `config.yaml`, read alike by
 * the CLI and the extension.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { yamlLib } from './yamlLib';
import { TrainyardError } from './errors';

export interface HostConfig {
  host?: string;
  user?: string;
  port?: number;
  identityFile?: string;
  /** Absolute folder on the host for Trainyard's job directories (default ~/.trainyard). */
  trainyardDir?: string;
  /** Start jobs through the user's login shell (for conda-style setups). */
  loginShell?: boolean;
  /** Anything else the SSH target understands; kept as written. */
  [key: string]: unknown;
}

export interface TrainyardConfig {
  defaultTarget?: string;
  hosts?: Record<string, HostConfig>;
  /** Seconds between SIGTERM and SIGKILL when a job is cancelled or times out. */
  cancelGraceSeconds: number;
  /** Unknown keys are kept for other parts (thresholds…). */
  [key: string]: unknown;
}

export const DEFAULT_CANCEL_GRACE_SECONDS = 10;

/** `$TRAINYARD_HOME` when set (made absolute), else `~/.trainyard`. */
export function trainyardHome(env: NodeJS.ProcessEnv = process.env): string {
  const h = env.TRAINYARD_HOME;
  if (h && h.trim()) return path.resolve(h);
  return path.join(os.homedir(), '.trainyard');
}

/** This machine, then every host of `hosts:` as a target string (`local`, `ssh:<name>`). */
export function configuredTargets(config: TrainyardConfig): string[] {
  const hosts = Object.keys(config.hosts ?? {}).filter((h) => h !== 'local');
  return ['local', ...hosts.map((h) => (h.startsWith('ssh:') ? h : `ssh:${h}`))];
}

export function defaultConfig(): TrainyardConfig {
  return { cancelGraceSeconds: DEFAULT_CANCEL_GRACE_SECONDS };
}

/** Reads `<home>/config.yaml`; a missing file gives the defaults, a malformed one throws with file:line. */
export function loadConfig(home: string = trainyardHome()): TrainyardConfig {
  const file = path.join(home, 'config.yaml');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return defaultConfig();
    throw new TrainyardError('bad-argument', `cannot read ${file}: ${(e as Error).message}`, { cause: e });
  }
  return parseConfig(text, file);
}

export function parseConfig(text: string, file = 'config.yaml'): TrainyardConfig {
  const { LineCounter, parseDocument, isMap } = yamlLib();
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const fail = (offset: number | undefined, msg: string): never => {
    const line = offset === undefined ? 1 : lc.linePos(offset).line;
    throw new TrainyardError('bad-argument', `${file}:${line}: ${msg}`);
  };
  if (doc.errors.length) fail(doc.errors[0].pos?.[0], doc.errors[0].message.split('\n')[0]);
  if (doc.contents === null) return defaultConfig();
  if (!isMap(doc.contents)) fail(doc.contents.range?.[0], 'config.yaml must be a mapping of settings');
  const value = doc.toJS() as Record<string, unknown>;
  const at = (key: string): number | undefined => {
    const node = doc.get(key, true) as { range?: [number, number, number] } | undefined;
    return node?.range?.[0];
  };
  const cfg: TrainyardConfig = { ...value, cancelGraceSeconds: DEFAULT_CANCEL_GRACE_SECONDS };
  if (value.defaultTarget !== undefined && value.defaultTarget !== null) {
    if (typeof value.defaultTarget !== 'string') fail(at('defaultTarget'), '`defaultTarget` must be a target string such as `local` or `ssh:gpu1`');
    cfg.defaultTarget = value.defaultTarget as string;
  } else delete cfg.defaultTarget;
  if (value.cancelGraceSeconds !== undefined && value.cancelGraceSeconds !== null) {
    const g = value.cancelGraceSeconds;
    if (typeof g !== 'number' || !Number.isFinite(g) || g < 0 || g > 3600) {
      fail(at('cancelGraceSeconds'), '`cancelGraceSeconds` must be a number of seconds between 0 and 3600');
    }
    cfg.cancelGraceSeconds = g as number;
  }
  if (value.hosts !== undefined && value.hosts !== null) {
    let h = value.hosts;
    if (Array.isArray(h)) {
      // `hosts: [gpu1, ssh:alice@10.0.0.5:2222]`: target strings or ~/.ssh/config aliases, no settings.
      const map: Record<string, HostConfig> = {};
      for (const item of h) {
        if (typeof item !== 'string' || !item.trim()) fail(at('hosts'), '`hosts` entries must be target strings such as `ssh:gpu1` or aliases such as `gpu1`');
        map[(item as string).trim().replace(/^ssh:/, '')] = {};
      }
      h = map;
    }
    if (typeof h !== 'object' || Array.isArray(h)) fail(at('hosts'), '`hosts` must list hosts (`- gpu1`) or map host names to settings');
    for (const [name, v] of Object.entries(h as Record<string, unknown>)) {
      if (v !== null && (typeof v !== 'object' || Array.isArray(v))) {
        const node = doc.getIn(['hosts', name], true) as { range?: [number, number, number] } | undefined;
        fail(node?.range?.[0] ?? at('hosts'), `host \`${name}\` must be a mapping (host, user, port…)`);
      }
    }
    cfg.hosts = h as Record<string, HostConfig>;
  } else delete cfg.hosts;
  return cfg;
}
