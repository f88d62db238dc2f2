/**
 * Checks of a DeepSpeed JSON config that JSON Schema cannot express: the batch-size identity
 * `train_batch_size = train_micro_batch_size_per_gpu × gradient_accumulation_steps × GPUs`, the
 * offloading only with ZeRO stages that use it (warnings: DeepSpeed ignores it otherwise), fp16 and
 * bf16 together, the deprecated `zero_optimization: true`, and keys DeepSpeed silently ignores (a
 * slip of a known top-level key, a ZeRO field outside `zero_optimization`, an optimizer or scheduler
 * key other than `type` and `params`). A stage outside 0–3 is the schema's error. Values written
 * as "auto" (filled in by the Hugging Face Trainer or accelerate) are skipped.
 */
import { type CheckFinding, isObject, pointer } from './types';
import { editDistance } from '../spec/suggest';

interface PropsSchema {
  properties: Record<string, { properties?: Record<string, unknown>; anyOf?: unknown[] }>;
}
let keys: { top: string[]; zero: string[]; fp16: string[]; sections: Record<string, string[]> } | undefined;
/**
 * Sections DeepSpeed reads key by key (get_scalar_param in activation_checkpointing/config.py,
 * profiling/config.py, swap_tensor/aio_config.py, runtime/config.py) and whose other keys it
 * silently ignores, unlike its pydantic models, which stop on them.
 */
const LENIENT_SECTIONS = ['activation_checkpointing', 'flops_profiler', 'aio', 'checkpoint', 'data_types'];
/**
 * Top-level keys DeepSpeedConfig reads, and the fields of DeepSpeedZeroConfig (the generated
 * schema's), read at first use: the 90 KB schema stays out of a language server's start.
 */
function schemaKeys(): { top: string[]; zero: string[]; fp16: string[]; sections: Record<string, string[]> } {
  if (!keys) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const schema = require('../../schemas/deepspeed/ds_config.schema.json') as PropsSchema;
    const props = (k: string) => Object.keys(schema.properties[k]?.properties ?? {});
    keys = {
      top: Object.keys(schema.properties),
      zero: props('zero_optimization'),
      fp16: props('fp16').filter((k) => k !== 'enabled'),
      sections: Object.fromEntries(LENIENT_SECTIONS.map((k) => [k, props(k)])),
    };
  }
  return keys;
}

/** The known key `key` is most likely a slip of (one edit; two for long keys; or a letter-case / `-` for `_` change), if any. */
export function nearMiss(key: string, known: readonly string[]): string | undefined {
  if (known.includes(key) || key.length < 4) return undefined;
  const norm = (k: string) => k.toLowerCase().replace(/-/g, '_');
  const exact = known.find((k) => norm(k) === norm(key));
  if (exact) return exact;
  const limit = key.length >= 8 ? 2 : 1;
  let best: string | undefined;
  let bestD = limit + 1;
  for (const k of known) {
    const d = editDistance(norm(key), norm(k));
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

/** A concrete positive integer, or undefined (absent, "auto", or a wrong type the schema reports). */
function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;
}

function multiplesAround(n: number, step: number): string {
  const below = Math.floor(n / step) * step;
  const above = below + step;
  return below > 0 ? `${below} or ${above}` : `${above}`;
}

function batchSizes(c: Record<string, unknown>, out: CheckFinding[]): void {
  const tbs = count(c.train_batch_size);
  const mbs = count(c.train_micro_batch_size_per_gpu);
  const gas = count(c.gradient_accumulation_steps);
  if (tbs === undefined) return;
  const at = pointer('train_batch_size');
  if (mbs !== undefined && gas !== undefined) {
    const perGpu = mbs * gas;
    if (tbs % perGpu !== 0) {
      out.push({
        pointer: at,
        severity: 'error',
        message:
          `no GPU count makes train_batch_size ${tbs} equal train_micro_batch_size_per_gpu ${mbs} × gradient_accumulation_steps ${gas} × GPUs: ` +
          `it must be a multiple of ${perGpu} (e.g. ${multiplesAround(tbs, perGpu)})`,
      });
    }
    return;
  }
  // With one of the two left out DeepSpeed derives it, but the batch must still split evenly.
  if (mbs !== undefined && c.gradient_accumulation_steps === undefined && tbs % mbs !== 0) {
    out.push({
      pointer: at,
      severity: 'error',
      message: `train_batch_size ${tbs} is not a multiple of train_micro_batch_size_per_gpu ${mbs}, so no GPU count and accumulation steps fit (e.g. ${multiplesAround(tbs, mbs)})`,
    });
  }
  if (gas !== undefined && c.train_micro_batch_size_per_gpu === undefined && tbs % gas !== 0) {
    out.push({
      pointer: at,
      severity: 'error',
      message: `train_batch_size ${tbs} is not a multiple of gradient_accumulation_steps ${gas}, so no GPU count and micro-batch size fit (e.g. ${multiplesAround(tbs, gas)})`,
    });
  }
}

function offloadDevice(v: unknown): string | undefined {
  if (!isObject(v)) return undefined;
  const d = v.device;
  return typeof d === 'string' ? d.toLowerCase() : 'none';
}

function zero(c: Record<string, unknown>, out: CheckFinding[]): void {
  const z = c.zero_optimization;
  if (typeof z === 'boolean') {
    // runtime/zero/config.py still reads the old boolean form (read_zero_config_deprecated), with a warning
    out.push({
      pointer: pointer('zero_optimization'),
      severity: 'warning',
      message: `zero_optimization: ${z} is the deprecated form; DeepSpeed reads it as {"stage": ${z ? 1 : 0}}: write that instead`,
    });
    return;
  }
  if (!isObject(z)) return;
  let stage = 0;
  if (z.stage !== undefined) {
    // a stage that is not 0..3 (or not a number) is the schema's error
    if (typeof z.stage !== 'number' || !Number.isInteger(z.stage) || z.stage < 0 || z.stage > 3) return;
    stage = z.stage;
  }
  // DeepSpeed accepts the following and silently does not offload (runtime/zero/config.py has no
  // check; the engine reads offload_param only at stage 3 and offload_optimizer only as `cpu`
  // below stage 3): warnings, since the config runs — just without the offload it asks for.
  const param = offloadDevice(z.offload_param);
  if (param !== undefined && param !== 'none' && stage !== 3) {
    out.push({
      pointer: pointer('zero_optimization', 'offload_param'),
      severity: 'warning',
      message: `offload_param (device ${param}) works only with ZeRO stage 3; with stage ${stage} DeepSpeed ignores it and keeps the parameters on the GPU`,
    });
  }
  const opt = offloadDevice(z.offload_optimizer);
  if (opt !== undefined && opt !== 'none') {
    if (stage === 0) {
      out.push({
        pointer: pointer('zero_optimization', 'offload_optimizer'),
        severity: 'warning',
        message: 'offload_optimizer needs ZeRO stage 1, 2 or 3; with stage 0 DeepSpeed ignores it',
      });
    } else if (opt === 'nvme' && stage !== 3) {
      out.push({
        pointer: pointer('zero_optimization', 'offload_optimizer', 'device'),
        severity: 'warning',
        message: `offloading the optimizer to NVMe needs ZeRO stage 3; with stage ${stage} DeepSpeed offloads nothing (use device cpu, or stage 3)`,
      });
    }
  }
  if (z.cpu_offload === true) {
    out.push({
      pointer: pointer('zero_optimization', 'cpu_offload'),
      severity: stage === 0 ? 'error' : 'warning',
      message: stage === 0 ? 'cpu_offload needs ZeRO stage 1 or higher, but stage is 0' : 'cpu_offload is deprecated: use offload_optimizer: {"device": "cpu"}',
    });
  }
}

function precision(c: Record<string, unknown>, out: CheckFinding[]): void {
  const on = (v: unknown) => isObject(v) && v.enabled === true;
  const bf16Key = c.bf16 !== undefined ? 'bf16' : 'bfloat16';
  if (on(c.fp16) && on(c[bf16Key])) {
    out.push({ pointer: pointer(bf16Key, 'enabled'), severity: 'error', message: 'fp16 and bf16 cannot both be enabled; pick one' });
  }
}

/**
 * DeepSpeed ignores top-level keys it does not know, the keys of `optimizer` / `scheduler`
 * other than `type` and `params`, and unknown keys of the sections it reads key by key: a slip
 * there (`gradient_accumulation_step`, `param`, `partition_activation`) or a ZeRO or fp16 field
 * at the top level is silently dropped. Warnings, since the config still runs.
 */
function ignoredKeys(c: Record<string, unknown>, out: CheckFinding[]): void {
  for (const key of Object.keys(c)) {
    const { top: TOP_KEYS, zero: ZERO_KEYS, fp16: FP16_KEYS } = schemaKeys();
    if (TOP_KEYS.includes(key) || key.startsWith('_') || key === '$schema') continue;
    const zeroField = ZERO_KEYS.includes(key) ? key : undefined;
    const near = nearMiss(key, TOP_KEYS);
    if (near) {
      out.push({ pointer: pointer(key), severity: 'warning', message: `DeepSpeed does not know the key ${key} and ignores it: did you mean ${near}?` });
    } else if (zeroField || key === 'offload_optimizer' || key === 'offload_param') {
      out.push({ pointer: pointer(key), severity: 'warning', message: `${key} belongs under zero_optimization; at the top level DeepSpeed ignores it` });
    } else if (FP16_KEYS.includes(key)) {
      out.push({ pointer: pointer(key), severity: 'warning', message: `${key} belongs under fp16; at the top level DeepSpeed ignores it` });
    }
  }
  for (const [section, known] of Object.entries(schemaKeys().sections)) {
    const s = c[section];
    if (!isObject(s) || known.length === 0) continue;
    for (const key of Object.keys(s)) {
      const near = nearMiss(key, known);
      if (near) out.push({ pointer: pointer(section, key), severity: 'warning', message: `DeepSpeed does not know ${key} in ${section} and ignores it: did you mean ${near}?` });
    }
  }
  for (const section of ['optimizer', 'scheduler']) {
    const s = c[section];
    if (!isObject(s)) continue;
    for (const key of Object.keys(s)) {
      if (key === 'type' || key === 'params' || key === 'legacy_fusion' || key.startsWith('_')) continue;
      const near = nearMiss(key, ['type', 'params']);
      out.push({
        pointer: pointer(section, key),
        severity: 'warning',
        message: near
          ? `DeepSpeed reads only type and params of ${section} and ignores ${key}: did you mean ${near}?`
          : `DeepSpeed reads only type and params of ${section} and ignores ${key}; put the ${section}'s arguments under params`,
      });
    }
  }
}

export function checkDeepSpeed(config: unknown): CheckFinding[] {
  if (!isObject(config)) return [];
  const out: CheckFinding[] = [];
  ignoredKeys(config, out);
  batchSizes(config, out);
  zero(config, out);
  precision(config, out);
  return out;
}
