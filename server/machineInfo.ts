/**
 * What this machine knows about targets, for completion and ML-aware checks: SSH aliases
 * (~/.ssh/config or `trainyard.sshConfigPath`), hosts and the default target of
 * ~/.trainyard/config.yaml, Kubernetes contexts ($KUBECONFIG or ~/.kube/config) and the last GPU
 * probe of each host (~/.trainyard/hosts/<name>.json). Files are re-read only when their mtime or
 * size changes, so calling these on every keystroke costs a stat.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { yamlLib } from '../core/yamlLib';
import type { HostProbe } from '../core/gpu/probe';
import { diskMachine, gpuSummary, probeHostName, readCached, sshAliases as sshAliasesOf, trainyardConfig, type ConfigInfo } from '../core/spec/machine';
import type { ServerSettings } from './settings';

export { gpuSummary, probeHostName, readCached, trainyardConfig, type ConfigInfo };

/** SSH aliases for target completion: of `trainyard.sshConfigPath` when set, else ~/.ssh/config. */
export function sshAliases(settings: Pick<ServerSettings, 'sshConfigPath'>): string[] {
  return settings.sshConfigPath ? sshAliasesOf(settings.sshConfigPath) : sshAliasesOf();
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
        const v = yamlLib().parse(text) as { contexts?: Array<{ name?: unknown; context?: { namespace?: unknown; cluster?: unknown } }> } | null;
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
