/**
 * What this machine knows that spec checks use: the default target of
 * `$TRAINYARD_HOME/config.yaml` and each host's last GPU probe (`$TRAINYARD_HOME/hosts/<name>.json`,
 * written by `trainyard hosts`). Files are re-read only when their mtime or size changes, so a
 * language server checking on every keystroke pays a stat per file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseConfig, trainyardHome } from '../config';
import { probeFileName, type HostProbe } from '../gpu/probe';
import { listSshAliases } from '../ssh/config';

export interface MachineView {
  /** The target of specs that name none (before `local`). */
  defaultTarget(): string | undefined;
  /** The last probe of a host (`local`, an SSH alias or `user@host:port`); undefined when never probed. */
  hostProbe(name: string): HostProbe | undefined;
  /** SSH host names this machine knows: `Host` aliases of ~/.ssh/config and the `hosts:` of the config. */
  sshHosts?(): string[];
}

/**
 * A file's identity for change detection: modification time (ns), size and inode (an editor's
 * save by rename changes it), or `missing`.
 */
export function fileStamp(file: string): string {
  try {
    const st = fs.statSync(file, { bigint: true });
    return `${st.mtimeNs}:${st.size}:${st.ino}`;
  } catch {
    return 'missing';
  }
}

const cache = new Map<string, { stamp: string; value: unknown }>();
const MAX_CACHED = 256;

/**
 * `parse(text)` of `file`, cached until the file's stamp (`fileStamp`) changes; `fallback` when missing
 * or unreadable. One file may be read by several parsers: each is cached under `kind` (by default
 * the parser's name, so pass a named function or a kind).
 */
export function readCached<T>(file: string, parse: (text: string) => T, fallback: T, kind = parse.name): T {
  const id = `${file}\0${kind}`;
  const stamp = fileStamp(file);
  const hit = cache.get(id);
  if (hit && hit.stamp === stamp) return hit.value as T;
  let value = fallback;
  if (stamp !== 'missing') {
    try {
      value = parse(fs.readFileSync(file, 'utf8'));
    } catch {
      value = fallback;
    }
  }
  if (cache.size >= MAX_CACHED && !cache.has(id)) cache.delete(cache.keys().next().value!);
  cache.set(id, { stamp, value });
  return value;
}

/** What `$TRAINYARD_HOME/config.yaml` says about targets: its default target and its hosts' names. */
export interface ConfigInfo {
  defaultTarget?: string;
  hosts: string[];
}

/** `$TRAINYARD_HOME/config.yaml`'s default target and host names (read again only when it changes). */
export function trainyardConfig(): ConfigInfo {
  const file = path.join(trainyardHome(), 'config.yaml');
  return readCached(
    file,
    function trainyardConfigInfo(text): ConfigInfo {
      const c = parseConfig(text, file);
      return { ...(c.defaultTarget ? { defaultTarget: c.defaultTarget } : {}), hosts: Object.keys(c.hosts ?? {}) };
    },
    { hosts: [] } as ConfigInfo,
  );
}

/** The `Host` aliases (no patterns) of an SSH config, ~/.ssh/config by default; Includes followed, cached on the main file. */
export function sshAliases(file = path.join(os.homedir(), '.ssh', 'config')): string[] {
  return readCached(file, function sshAliasList() {
    return listSshAliases({ file });
  }, []);
}

/** The machine as `$TRAINYARD_HOME` (read when asked, so a changed environment is seen) describes it. */
export const diskMachine: MachineView = {
  defaultTarget() {
    return trainyardConfig().defaultTarget;
  },
  hostProbe(name) {
    const file = path.join(trainyardHome(), 'hosts', probeFileName(name));
    return readCached(
      file,
      (text) => {
        const v = JSON.parse(text) as HostProbe;
        return v && typeof v === 'object' && Array.isArray(v.gpus) ? v : undefined;
      },
      undefined as HostProbe | undefined,
      'host-probe',
    );
  },
  sshHosts() {
    return [...new Set([...sshAliases(), ...trainyardConfig().hosts.map((h) => h.replace(/^ssh:/, ''))])];
  },
};

/** The probe file's host name of a target: `local` → local, `ssh:gpu1` → gpu1; Kubernetes has none. */
export function probeHostName(target: string): string | undefined {
  const t = target.trim();
  if (t === 'local') return 'local';
  if (t.startsWith('ssh:') && t.length > 4) return t.slice(4);
  return undefined;
}

/** `4× NVIDIA H200` style summary of a probe's GPUs. */
export function gpuSummary(probe: HostProbe): string {
  if (!probe.gpus.length) return 'no GPUs';
  const counts = new Map<string, number>();
  for (const g of probe.gpus) counts.set(g.name, (counts.get(g.name) ?? 0) + 1);
  return [...counts].map(([n, c]) => `${c}× ${n}`).join(', ');
}
