/**
 * Checks of a Hugging Face accelerate config that JSON Schema cannot express: processes against
 * machines and `gpu_ids`, `machine_rank` within `num_machines`, plugin sections that only
 * apply to their `distributed_type`, and slips of known keys inside the plugin sections (which
 * accelerate passes on without reading).
 */
import { type CheckFinding, isObject, pointer } from './types';
import { nearMiss } from './deepspeed';

interface SchemaFacts {
  /** Keys of the plugin sections whose slips accelerate passes on unread (launch sets them as unused arguments). */
  pluginKeys: Record<string, string[]>;
  distributedTypes: string[];
}
let facts: SchemaFacts | undefined;
/** What the checks take from the bundled schema, read at first use (it stays out of a language server's start). */
function schemaFacts(): SchemaFacts {
  if (!facts) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const props = (require('../../schemas/accelerate/accelerate-config.schema.json') as { properties: Record<string, { properties?: Record<string, unknown>; enum?: string[] }> }).properties;
    facts = {
      pluginKeys: {
        deepspeed_config: Object.keys(props.deepspeed_config.properties ?? {}),
        fsdp_config: Object.keys(props.fsdp_config.properties ?? {}),
        dynamo_config: Object.keys(props.dynamo_config.properties ?? {}),
        parallelism_config: Object.keys(props.parallelism_config.properties ?? {}),
        fp8_config: Object.keys(props.fp8_config.properties ?? {}),
      },
      distributedTypes: props.distributed_type.enum ?? [],
    };
  }
  return facts;
}

const positive = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);

/** GPU ids as numbers; undefined for `all`, absent or unparsable values. */
export function parseGpuIds(v: unknown): number[] | undefined {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return [v];
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  if (t === '' || t.toLowerCase() === 'all') return undefined;
  // a trailing comma (`0,`) is harmless: accelerate passes the text on as CUDA_VISIBLE_DEVICES
  const parts = t.replace(/,\s*$/, '').split(',').map((s) => s.trim());
  if (!parts.every((p) => /^\d+$/.test(p))) return undefined;
  return parts.map(Number);
}

/** Keys of `deepspeed_config` that accelerate refuses next to `deepspeed_config_file`. */
const DS_FILE_CONFLICTS = [
  'gradient_accumulation_steps',
  'gradient_clipping',
  'zero_stage',
  'offload_optimizer_device',
  'offload_param_device',
  'offload_optimizer_nvme_path',
  'offload_param_nvme_path',
  'zero3_save_16bit_model',
];

export function checkAccelerate(config: unknown): CheckFinding[] {
  if (!isObject(config)) return [];
  const out: CheckFinding[] = [];
  const numMachines = positive(config.num_machines) ?? (config.num_machines === undefined ? 1 : undefined);
  const numProcesses = positive(config.num_processes);
  // a value that is no distributed type at all is the schema's error: no section warnings on top of it
  const types = schemaFacts().distributedTypes;
  const type = typeof config.distributed_type === 'string' && types.includes(config.distributed_type) ? config.distributed_type : undefined;

  if (numMachines !== undefined && typeof config.machine_rank === 'number' && Number.isInteger(config.machine_rank) && config.machine_rank >= numMachines) {
    out.push({
      pointer: pointer('machine_rank'),
      severity: 'error',
      message: `machine_rank ${config.machine_rank} must be below num_machines ${numMachines} (ranks run from 0 to ${numMachines - 1})`,
    });
  }

  if (numProcesses !== undefined && numMachines !== undefined) {
    if (numProcesses < numMachines) {
      out.push({
        pointer: pointer('num_processes'),
        severity: 'error',
        message: `num_processes ${numProcesses} is the total over all machines and must be at least num_machines ${numMachines}`,
      });
    } else if (numProcesses % numMachines !== 0) {
      out.push({
        pointer: pointer('num_processes'),
        severity: 'warning',
        message: `num_processes ${numProcesses} does not split evenly over ${numMachines} machines; each machine starts ${Math.floor(numProcesses / numMachines)}`,
      });
    }
  }

  const ids = parseGpuIds(config.gpu_ids);
  if (ids && config.use_cpu !== true) {
    const seen = new Set<number>();
    for (const id of ids) {
      if (seen.has(id)) out.push({ pointer: pointer('gpu_ids'), severity: 'warning', message: `GPU ${id} is listed twice in gpu_ids` });
      seen.add(id);
    }
    if (numProcesses !== undefined && numMachines !== undefined && numProcesses >= numMachines) {
      const perMachine = Math.floor(numProcesses / numMachines);
      const gpus = seen.size;
      const where = numMachines === 1 ? `num_processes ${numProcesses}` : `num_processes ${numProcesses} over ${numMachines} machines (${perMachine} per machine)`;
      if (perMachine > gpus) {
        out.push({
          pointer: pointer('num_processes'),
          severity: 'error',
          message: `${where} needs more GPUs than the ${gpus} in gpu_ids "${ids.join(',')}"; make them equal`,
        });
      } else if (perMachine < gpus) {
        out.push({
          pointer: pointer('num_processes'),
          severity: 'warning',
          message: `${where} leaves GPUs of gpu_ids "${ids.join(',')}" unused (${gpus} listed); make them equal`,
        });
      }
    }
  }

  const nonEmpty = (v: unknown) => isObject(v) && Object.keys(v).length > 0;
  if (type !== undefined && nonEmpty(config.deepspeed_config) && type !== 'DEEPSPEED') {
    out.push({
      pointer: pointer('deepspeed_config'),
      severity: 'warning',
      message: `deepspeed_config is used only with distributed_type DEEPSPEED (this config says ${type}); it is ignored`,
    });
  }
  if (type !== undefined && nonEmpty(config.fsdp_config) && type !== 'FSDP') {
    out.push({
      pointer: pointer('fsdp_config'),
      severity: 'warning',
      message: `fsdp_config is used only with distributed_type FSDP (this config says ${type}); it is ignored`,
    });
  }
  const ds = config.deepspeed_config;
  if (isObject(ds) && typeof ds.deepspeed_config_file === 'string' && ds.deepspeed_config_file !== '') {
    // `accelerate launch` raises a ValueError ("When using `deepspeed_config_file`, the following
    // accelerate config variables will be ignored: …") for any of these keys in the config file
    for (const key of DS_FILE_CONFLICTS) {
      if (ds[key] !== undefined) {
        out.push({
          pointer: pointer('deepspeed_config', key),
          severity: 'error',
          message: `${key} cannot be used together with deepspeed_config_file (accelerate launch stops with a ValueError); set it in ${ds.deepspeed_config_file}`,
        });
      }
    }
    if (config.mixed_precision !== undefined && config.mixed_precision !== null && type === 'DEEPSPEED') {
      out.push({
        pointer: pointer('mixed_precision'),
        severity: 'error',
        message: `mixed_precision cannot be set next to deepspeed_config_file (accelerate launch stops with a ValueError); enable fp16/bf16 in ${ds.deepspeed_config_file} or pass --mixed_precision on the command line`,
      });
    }
  }
  // DeepSpeed accepts these and silently does not offload: warnings, not errors
  if (isObject(ds) && typeof ds.zero_stage === 'number' && ds.zero_stage < 3 && typeof ds.offload_param_device === 'string' && ds.offload_param_device !== 'none') {
    out.push({
      pointer: pointer('deepspeed_config', 'offload_param_device'),
      severity: 'warning',
      message: `offloading parameters (${ds.offload_param_device}) needs ZeRO stage 3; with zero_stage ${ds.zero_stage} DeepSpeed ignores it`,
    });
  }
  if (isObject(ds) && ds.zero_stage === 0 && typeof ds.offload_optimizer_device === 'string' && ds.offload_optimizer_device !== 'none') {
    out.push({
      pointer: pointer('deepspeed_config', 'offload_optimizer_device'),
      severity: 'warning',
      message: `offloading the optimizer (${ds.offload_optimizer_device}) needs ZeRO stage 1, 2 or 3; with zero_stage 0 DeepSpeed ignores it`,
    });
  }
  for (const [section, known] of Object.entries(schemaFacts().pluginKeys)) {
    const v = config[section];
    if (!isObject(v)) continue;
    for (const key of Object.keys(v)) {
      const near = nearMiss(key, known);
      if (near) {
        out.push({ pointer: pointer(section, key), severity: 'warning', message: `accelerate does not know ${key} in ${section} and ignores it: did you mean ${near}?` });
      }
    }
  }
  return out;
}
