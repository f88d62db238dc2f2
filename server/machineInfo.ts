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
import type { HostProbe } from '../core/gpu/probe';
import { diskMachine, gpuSummary, probeHostName, readCached } from '../core/spec/machine';

export { gpuSummary, probeHostName, readCached };
import type { ServerSettings } from './settings';


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

/** The last probe of a host, as `trainyard hosts` wrote it. */
export function hostProbe(name: string): HostProbe | undefined {
  return diskMachine.hostProbe(name);
}
