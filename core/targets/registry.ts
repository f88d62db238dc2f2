/**
 * Target strings → Target instances.
 */
import type { Target } from './types';
import type { TrainyardConfig } from '../config';
import { parseTarget } from './parse';
import { LocalTarget } from './local';
import { TrainyardError } from '../errors';

export interface TargetContext {
  home?: string;
  config?: TrainyardConfig;
}

export function getTarget(text: string, ctx: TargetContext = {}): Target {
  const ref = parseTarget(text);
  switch (ref.kind) {
    case 'local':
      return new LocalTarget({ home: ctx.home, config: ctx.config });
    case 'ssh':
      throw new TrainyardError(
        'target-unsupported',
        `SSH targets arrive in a later release; run \`${ref.text}\` jobs with \`--target local\` for now`,
      );
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
