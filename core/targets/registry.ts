/**
 * Target strings → Target instances.
 */
import type { Target } from './types';
import { loadConfig, type TrainyardConfig } from '../config';
import { parseTarget } from './parse';
import { LocalTarget } from './local';
import { TrainyardError } from '../errors';
import { createSshTarget } from './ssh';
import type { SshClientOptions } from '../ssh/connection';

export interface TargetContext {
  home?: string;
  config?: TrainyardConfig;
  /** SSH client settings (known_hosts, prompts…); default: the process defaults (core/ssh/defaults). */
  ssh?: SshClientOptions;
}

export function getTarget(text: string, ctx: TargetContext = {}): Target {
  const ref = parseTarget(text);
  switch (ref.kind) {
    case 'local':
      return new LocalTarget({ home: ctx.home, config: ctx.config });
    case 'ssh':
      return createSshTarget(ref, ctx.config ?? loadConfig(ctx.home), ctx.ssh, ctx.home);
    case 'k8s':
      throw new TrainyardError(
        'target-unsupported',
        `Kubernetes targets arrive in a later release; run \`${ref.text}\` jobs with \`--target local\` for now`,
      );
    default: {
      const never: never = ref;
      throw new Error(`unhandled target ${JSON.stringify(never)}`);
    }
  }
}
