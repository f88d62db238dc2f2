/**
 * What this machine knows about targets, for completion and ML-aware checks: SSH aliases
 * (~/.ssh/config or `trainyard.sshConfigPath`), hosts and the default target of
 * ~/.trainyard/config.yaml, Kubernetes contexts ($KUBECONFIG or ~/.kube/config) and the last GPU
 * probe of each host (~/.trainyard/hosts/<name>.json). Files are re-read only when their mtime or
 * size changes, so calling these on every keystroke costs a stat.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYamlText } from 'yaml';
import { listSshAliases } from '../core/ssh/config';
import { parseConfig, trainyardHome } from '../core/config';
import { probeFileName, type HostProbe } from '../core/gpu/probe';
import type { ServerSettings } from './settings';

interface Cached<T> {
  key: string;
  value: T;
}

const cache = new Map<string, Cached<unknown>>();

function stamp(file: string): string {
  try {
    const st = fs.statSync(file);
    return `${st.mtimeMs}:${st.size}`;
  } catch {
    return 'missing';
  }
}

/** `parse(text)` of `file`, cached until the file changes; `fallback` when missing or unreadable. */
export function readCached<T>(file: string, parse: (text: string) => T, fallback: T): T {
  const key = stamp(file);
  const id = `${file}\0${parse.name}`;
  const hit = cache.get(id);
  if (hit && hit.key === key) return hit.value as T;
  let value = fallback;
  if (key !== 'missing') {
    try {
      value = parse(fs.readFileSync(file, 'utf8'));
    } catch {
      value = fallback;
    }
  }
  cache.set(id, { key, value });
  return value;
}

export function sshAliases(settings: Pick<ServerSettings, 'sshConfigPath'>): string[] {
  const file = settings.sshConfigPath || path.join(os.homedir(), '.ssh', 'config');
  // listSshAliases follows Includes; cache on the main file only
  return readCached(file, function sshAliasList() {
    return listSshAliases({ file });
  }, []);
}

export interface ConfigInfo {
  defaultTarget?: string;
  hosts: string[];
}

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

export interface KubeContext {
  name: string;
  namespace: string;
  cluster?: string;
}

function kubeconfigFiles(): string[] {
  const env = process.env.KUBECONFIG;
  if (env && env.trim()) return env.split(path.delimiter).filter(Boolean);
  return [path.join(os.homedir(), '.kube', 'config')];
}

export function kubeContexts(): KubeContext[] {
  const out: KubeContext[] = [];
  const seen = new Set<string>();
  for (const file of kubeconfigFiles()) {
    const list = readCached(
      file,
      function kubeContextList(text) {
        const v = parseYamlText(text) as { contexts?: Array<{ name?: unknown; context?: { namespace?: unknown; cluster?: unknown } }> } | null;
        const ctxs = Array.isArray(v?.contexts) ? v!.contexts : [];
        return ctxs.flatMap((c) =>
          c && typeof c.name === 'string'
            ? [{ name: c.name, namespace: typeof c.context?.namespace === 'string' && c.context.namespace ? c.context.namespace : 'default', cluster: typeof c.context?.cluster === 'string' ? c.context.cluster : undefined }]
            : [],
        );
      },
      [] as KubeContext[],
    );
    for (const c of list) if (!seen.has(c.name)) (seen.add(c.name), out.push(c));
  }
  return out;
}

/** The probe file's host name for a target: `local` → local, `ssh:gpu1` → gpu1; others have none. */
export function probeHostName(target: string): string | undefined {
  if (target === 'local') return 'local';
  if (target.startsWith('ssh:') && target.length > 4) return target.slice(4);
  return undefined;
}

/** The last probe of a host, as `trainyard hosts` wrote it. */
export function hostProbe(name: string): HostProbe | undefined {
  const file = path.join(trainyardHome(), 'hosts', probeFileName(name));
  return readCached(
    file,
    function hostProbeJson(text) {
      const v = JSON.parse(text) as HostProbe;
      return v && typeof v === 'object' && Array.isArray(v.gpus) ? v : undefined;
    },
    undefined as HostProbe | undefined,
  );
}

/** `4× NVIDIA H200` style summary of a probe's GPUs. */
export function gpuSummary(probe: HostProbe): string {
  if (!probe.gpus.length) return 'no GPUs';
  const counts = new Map<string, number>();
  for (const g of probe.gpus) counts.set(g.name, (counts.get(g.name) ?? 0) + 1);
  return [...counts].map(([n, c]) => `${c}× ${n}`).join(', ');
}

/** The target used when a spec names none: settings, then config.yaml, then `local`. */
export function defaultTarget(settings: Pick<ServerSettings, 'defaultTarget'>): string {
  return settings.defaultTarget || trainyardConfig().defaultTarget || 'local';
}
