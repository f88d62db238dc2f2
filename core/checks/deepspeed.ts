/**
 * Checks of a DeepSpeed JSON config that JSON Schema cannot express: the batch-size identity
 * `train_batch_size = train_micro_batch_size_per_gpu × gradient_accumulation_steps × GPUs`, the
 * offloading only with ZeRO stages that use it (warnings: DeepSpeed ignores it otherwise), fp16 and
 * bf16 together. A stage outside 0–3 is the schema's error. Values written
 * as "auto" (filled in by the Hugging Face Trainer or accelerate) are skipped.
 */
import { type CheckFinding, isObject, pointer } from './types';

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

export function checkDeepSpeed(config: unknown): CheckFinding[] {
  if (!isObject(config)) return [];
  const out: CheckFinding[] = [];
  batchSizes(config, out);
  zero(config, out);
  precision(config, out);
  return out;
}
