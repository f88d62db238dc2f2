/**
 * `ssh:<alias>` / `ssh:[user@]host[:port]` → SshTarget. An alias named in config.yaml's
 * `hosts` takes its settings from there (host, user, port, identityFile, trainyardDir,
 * loginShell), then ~/.ssh/config fills in the rest, as for any other alias.
 */
import type { TrainyardConfig, HostConfig } from '../../config';
import type { TargetRef } from '../parse';
import type { SshClientOptions, SshEndpoint } from '../../ssh/connection';
import { poolFor } from '../../ssh/defaults';
import { SshTarget } from './target';

export { SshTarget } from './target';

export function hostSettings(config: TrainyardConfig, name: string): HostConfig | undefined {
  const h = config.hosts?.[name];
  return h && typeof h === 'object' ? h : undefined;
}

export function createSshTarget(ref: Extract<TargetRef, { kind: 'ssh' }>, config: TrainyardConfig, ssh?: SshClientOptions, home?: string): SshTarget {
  const h = ref.alias ? hostSettings(config, ref.host) : undefined;
  const endpoint: SshEndpoint = { alias: ref.host };
  if (ref.user) endpoint.user = ref.user;
  if (ref.port) endpoint.port = ref.port;
  if (h?.host) endpoint.hostname = String(h.host);
  if (h?.user) endpoint.user = String(h.user);
  if (typeof h?.port === 'number') endpoint.port = h.port;
  if (typeof h?.identityFile === 'string') endpoint.identityFiles = [h.identityFile];
  const connection = poolFor(ssh).get(endpoint);
  return new SshTarget({
    id: ref.text,
    name: ref.text.slice(4),
    connection,
    config,
    ...(home ? { home } : {}),
    ...(typeof h?.trainyardDir === 'string' ? { trainyardDir: h.trainyardDir } : {}),
    ...(h?.loginShell === true ? { loginShell: true } : {}),
  });
}
