import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkAccelerate, parseGpuIds } from '../../core/checks/accelerate';

const at = (findings: { pointer: string; severity: string }[]) => findings.map((f) => `${f.severity} ${f.pointer}`);
const base = { compute_environment: 'LOCAL_MACHINE', distributed_type: 'MULTI_GPU' };

test('gpu_ids parsing', () => {
  assert.deepEqual(parseGpuIds('0,1,2'), [0, 1, 2]);
  assert.deepEqual(parseGpuIds(' 0, 3 '), [0, 3]);
  assert.deepEqual(parseGpuIds(1), [1]);
  assert.equal(parseGpuIds('all'), undefined);
  assert.equal(parseGpuIds('cuda:0'), undefined);
  assert.equal(parseGpuIds(undefined), undefined);
});

test('one machine: num_processes must equal the GPUs in gpu_ids', () => {
  assert.deepEqual(checkAccelerate({ ...base, num_machines: 1, num_processes: 4, gpu_ids: '0,1,2,3' }), []);
  const more = checkAccelerate({ ...base, num_machines: 1, num_processes: 4, gpu_ids: '0,1' });
  assert.deepEqual(at(more), ['error /num_processes']);
  assert.match(more[0].message, /2 in gpu_ids "0,1"/);
  assert.deepEqual(at(checkAccelerate({ ...base, num_processes: 2, gpu_ids: '0,1,2,3' })), ['warning /num_processes']);
  assert.deepEqual(checkAccelerate({ ...base, num_processes: 8, gpu_ids: 'all' }), []);
  assert.deepEqual(checkAccelerate({ ...base, num_processes: 1, gpu_ids: 0 }), []);
  assert.deepEqual(checkAccelerate({ ...base, use_cpu: true, num_processes: 4, gpu_ids: '0' }), [], 'gpu_ids do not matter on the CPU');
});

test('several machines: at least one process each, gpu_ids per machine', () => {
  assert.deepEqual(at(checkAccelerate({ ...base, num_machines: 4, num_processes: 2 })), ['error /num_processes']);
  assert.deepEqual(at(checkAccelerate({ ...base, num_machines: 4, num_processes: 6 })), ['warning /num_processes']);
  assert.deepEqual(checkAccelerate({ ...base, num_machines: 2, num_processes: 16, gpu_ids: '0,1,2,3,4,5,6,7' }), []);
  assert.deepEqual(at(checkAccelerate({ ...base, num_machines: 2, num_processes: 16, gpu_ids: '0,1,2,3' })), ['error /num_processes']);
  assert.deepEqual(checkAccelerate({ ...base, num_machines: 2, num_processes: -1 }), [], '-1: set elsewhere (SLURM)');
});

test('machine_rank must be below num_machines', () => {
  const f = checkAccelerate({ ...base, num_machines: 2, num_processes: 2, machine_rank: 2 });
  assert.deepEqual(at(f), ['error /machine_rank']);
  assert.match(f[0].message, /from 0 to 1/);
  assert.deepEqual(at(checkAccelerate({ ...base, machine_rank: 1 })), ['error /machine_rank'], 'num_machines defaults to 1');
  assert.deepEqual(checkAccelerate({ ...base, num_machines: 2, num_processes: 2, machine_rank: 1 }), []);
});

test('plugin sections only with their distributed_type', () => {
  assert.deepEqual(at(checkAccelerate({ ...base, deepspeed_config: { zero_stage: 2 } })), ['warning /deepspeed_config']);
  assert.deepEqual(checkAccelerate({ ...base, deepspeed_config: {} }), [], 'accelerate writes empty sections');
  assert.deepEqual(checkAccelerate({ ...base, distributed_type: 'DEEPSPEED', deepspeed_config: { zero_stage: 2 } }), []);
  assert.deepEqual(at(checkAccelerate({ ...base, distributed_type: 'DEEPSPEED', fsdp_config: { fsdp_version: 2 } })), ['warning /fsdp_config']);
});

test('DeepSpeed options: config file conflicts and offload stages', () => {
  const ds = (c: object) => checkAccelerate({ ...base, distributed_type: 'DEEPSPEED', deepspeed_config: c });
  // accelerate launch stops with a ValueError on these next to a config file
  assert.deepEqual(at(ds({ deepspeed_config_file: 'ds.json', zero_stage: 3, zero3_init_flag: true })), ['error /deepspeed_config/zero_stage']);
  const withMp = checkAccelerate({ ...base, distributed_type: 'DEEPSPEED', mixed_precision: 'bf16', deepspeed_config: { deepspeed_config_file: 'ds.json' } });
  assert.deepEqual(at(withMp), ['error /mixed_precision']);
  assert.deepEqual(checkAccelerate({ ...base, distributed_type: 'DEEPSPEED', mixed_precision: null, deepspeed_config: { deepspeed_config_file: 'ds.json' } }), []);
  // DeepSpeed ignores offloading a stage cannot use: warnings
  assert.deepEqual(at(ds({ zero_stage: 2, offload_param_device: 'cpu' })), ['warning /deepspeed_config/offload_param_device']);
  assert.deepEqual(at(ds({ zero_stage: 0, offload_optimizer_device: 'cpu' })), ['warning /deepspeed_config/offload_optimizer_device']);
  assert.deepEqual(ds({ zero_stage: 3, offload_param_device: 'cpu', offload_optimizer_device: 'cpu' }), []);
});

test('gpu_ids with a trailing comma, as typed at the accelerate config prompt', () => {
  assert.deepEqual(parseGpuIds('0,'), [0]);
  assert.deepEqual(parseGpuIds('0,1, '), [0, 1]);
  assert.deepEqual(checkAccelerate({ ...base, num_processes: 1, gpu_ids: '0,' }), []);
  assert.deepEqual(at(checkAccelerate({ ...base, num_processes: 2, gpu_ids: '0,' })), ['error /num_processes']);
});

test('slips of known keys inside the plugin sections (accelerate passes them on unread): warnings with the key meant', () => {
  const fsdp = checkAccelerate({ ...base, distributed_type: 'FSDP', fsdp_config: { fsdp_reshard_after_foward: true, fsdp_version: 2, fsdp_activation_checkpointing_offload: true } });
  assert.deepEqual(at(fsdp), ['warning /fsdp_config/fsdp_reshard_after_foward']);
  assert.match(fsdp[0].message, /did you mean fsdp_reshard_after_forward\?/);
  const ds = checkAccelerate({ ...base, distributed_type: 'DEEPSPEED', deepspeed_config: { zero_stag: 3 } });
  assert.match(ds[0].message, /did you mean zero_stage\?/);
  assert.deepEqual(at(checkAccelerate({ ...base, dynamo_config: { dynamo_backend: 'INDUCTOR', dynamo_use_fullgrph: true } })), ['warning /dynamo_config/dynamo_use_fullgrph']);
  assert.deepEqual(checkAccelerate({ ...base, distributed_type: 'FSDP', fsdp_config: { fsdp_custom_thing: 1 } }), [], 'unknown but not a slip of a known key');
});

test('a distributed_type that is no type at all gets no section warnings (the schema reports it)', () => {
  assert.deepEqual(checkAccelerate({ ...base, distributed_type: 'MULTI-GPU', fsdp_config: { fsdp_version: 2 } }), []);
  assert.deepEqual(at(checkAccelerate({ ...base, distributed_type: 'MULTI_GPU', fsdp_config: { fsdp_version: 2 } })), ['warning /fsdp_config']);
});

test('duplicate gpu ids', () => {
  assert.deepEqual(at(checkAccelerate({ ...base, num_processes: 2, gpu_ids: '0,0' })), ['warning /gpu_ids', 'error /num_processes']);
});

test('non-objects and the valid fixtures give no findings', () => {
  assert.deepEqual(checkAccelerate('x'), []);
  const dir = join(__dirname, '..', 'fixtures', 'thirdparty', 'accelerate', 'valid');
  for (const f of readdirSync(dir)) assert.deepEqual(checkAccelerate(parse(readFileSync(join(dir, f), 'utf8'))), [], f);
});

test('slips of known keys in parallelism_config and fp8_config: warnings (accelerate passes them on unread)', () => {
  const f = checkAccelerate({
    ...base,
    distributed_type: 'FSDP',
    parallelism_config: { parallelism_config_dp_shard_size: 4, parallelism_config_cp_sise: 2 },
    fp8_config: { backend: 'TE', amax_histroy_len: 16 },
  });
  assert.deepEqual(at(f), ['warning /parallelism_config/parallelism_config_cp_sise', 'warning /fp8_config/amax_histroy_len']);
  assert.match(f[0].message, /did you mean parallelism_config_cp_size\?/);
  assert.match(f[1].message, /did you mean amax_history_len\?/);
});
