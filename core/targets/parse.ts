/**
 * Target strings (DESIGN.md): `local`, `ssh:<alias>`, `ssh:[user@]host[:port]` (IPv6 in
 * brackets), `k8s:<context>/<namespace>` (the namespace is the part after the last `/`).
 */
import { TrainyardError } from '../errors';

export type TargetRef =
  | { kind: 'local'; text: 'local' }
  | { kind: 'ssh'; text: string; host: string; user?: string; port?: number; alias: boolean }
  | { kind: 'k8s'; text: string; context: string; namespace: string };

export function parseTarget(text: string): TargetRef {
  const t = text.trim();
  if (t === 'local') return { kind: 'local', text: 'local' };
  if (t.startsWith('ssh:')) {
    const rest = t.slice(4);
    if (!rest) throw bad(t, 'ssh: needs a host, e.g. `ssh:gpu-box` or `ssh:alice@10.0.0.5:2222`');
    let user: string | undefined;
    let hostPort = rest;
    const at = rest.lastIndexOf('@');
    if (at >= 0) {
      user = rest.slice(0, at);
      hostPort = rest.slice(at + 1);
      if (!user) throw bad(t, 'the user before `@` is empty');
    }
    let host = hostPort;
    let port: number | undefined;
    if (hostPort.startsWith('[')) {
      const close = hostPort.indexOf(']');
      if (close < 0) throw bad(t, 'an IPv6 address needs a closing `]`');
      host = hostPort.slice(1, close);
      const after = hostPort.slice(close + 1);
      if (after) {
        if (!after.startsWith(':')) throw bad(t, 'expected `:port` after `]`');
        port = parsePort(t, after.slice(1));
      }
    } else {
      const colon = hostPort.lastIndexOf(':');
      if (colon >= 0) {
        if (hostPort.indexOf(':') !== colon) throw bad(t, 'write IPv6 addresses in brackets, e.g. `ssh:[::1]:22`');
        host = hostPort.slice(0, colon);
        port = parsePort(t, hostPort.slice(colon + 1));
      }
    }
    if (!host) throw bad(t, 'the host is empty');
    if (/[\s/'"`$;&|<>\\]/.test(host) || (user !== undefined && /[\s/'"`$;&|<>\\:@]/.test(user))) {
      throw bad(t, 'the host or user contains characters that are not allowed');
    }
    const alias = user === undefined && port === undefined && !hostPort.startsWith('[');
    return { kind: 'ssh', text: t, host, user, port, alias };
  }
  if (t.startsWith('k8s:')) {
    const rest = t.slice(4);
    const slash = rest.lastIndexOf('/');
    if (slash <= 0 || slash === rest.length - 1) {
      throw bad(t, 'write Kubernetes targets as `k8s:<context>/<namespace>`, e.g. `k8s:prod/ml-team`');
    }
    return { kind: 'k8s', text: t, context: rest.slice(0, slash), namespace: rest.slice(slash + 1) };
  }
  throw bad(t, 'targets are `local`, `ssh:<host>` or `k8s:<context>/<namespace>`');
}

function parsePort(t: string, s: string): number {
  if (!/^\d{1,5}$/.test(s) || Number(s) < 1 || Number(s) > 65535) throw bad(t, `\`${s}\` is not a port number (1-65535)`);
  return Number(s);
}

function bad(t: string, why: string): TrainyardError {
  return new TrainyardError('unknown-target', `invalid target \`${t}\`: ${why}`);
}

/** JSON-Schema-friendly pattern for target strings (loose; parseTarget gives the precise message). */
export const TARGET_PATTERN = '^(local|ssh:.+|k8s:.+/.+)$';
