/**
 * Process-wide SSH settings and connection pools. The CLI installs its prompts (host keys,
 * passphrases) once with `setSshDefaults`; targets get the pool for their options, so every
 * target of a process shares one connection per host. `closeSshPools()` ends them all (the CLI
 * calls it before exiting).
 */
import { SshPool, type SshClientOptions } from './connection';

let defaults: SshClientOptions = {};
let defaultPool: SshPool | undefined;
const pools = new WeakMap<SshClientOptions, SshPool>();
const open = new Set<SshPool>();

export function setSshDefaults(o: SshClientOptions): void {
  defaults = { ...defaults, ...o };
  defaultPool?.closeAll();
  if (defaultPool) open.delete(defaultPool);
  defaultPool = undefined;
}

export function sshDefaults(): SshClientOptions {
  return defaults;
}

/** The pool for `options` (undefined: the process defaults). */
export function poolFor(options?: SshClientOptions): SshPool {
  if (!options) {
    if (!defaultPool) {
      defaultPool = new SshPool(defaults);
      open.add(defaultPool);
    }
    return defaultPool;
  }
  let p = pools.get(options);
  if (!p) {
    p = new SshPool({ ...defaults, ...options });
    pools.set(options, p);
    open.add(p);
  }
  return p;
}

export function closeSshPools(): void {
  for (const p of open) p.closeAll();
  open.clear();
  defaultPool = undefined;
}
