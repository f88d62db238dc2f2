import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkDeepSpeed } from '../../core/checks/deepspeed';

const at = (findings: { pointer: string; severity: string }[]) => findings.map((f) => `${f.severity} ${f.pointer}`);

test('batch sizes: consistent triples pass, any GPU count ≥ 1 allowed', () => {
  assert.deepEqual(checkDeepSpeed({ train_batch_size: 64, train_micro_batch_size_per_gpu: 4, gradient_accumulation_steps: 2 }), []); // 8 GPUs
  assert.deepEqual(checkDeepSpeed({ train_batch_size: 8, train_micro_batch_size_per_gpu: 4, gradient_accumulation_steps: 2 }), []); // 1 GPU
  assert.deepEqual(checkDeepSpeed({ train_batch_size: 24, train_micro_batch_size_per_gpu: 4, gradient_accumulation_steps: 2 }), []); // 3 GPUs
});

test('batch sizes: no whole GPU count makes the identity hold', () => {
  const f = checkDeepSpeed({ train_batch_size: 100, train_micro_batch_size_per_gpu: 4, gradient_accumulation_steps: 8 });
  assert.deepEqual(at(f), ['error /train_batch_size']);
  assert.match(f[0].message, /multiple of 32/);
  assert.match(f[0].message, /96 or 128/);
  // Smaller than one GPU's worth.
  const small = checkDeepSpeed({ train_batch_size: 16, train_micro_batch_size_per_gpu: 8, gradient_accumulation_steps: 4 });
  assert.deepEqual(at(small), ['error /train_batch_size']);
  assert.match(small[0].message, /e\.g\. 32\)/);
});

test('batch sizes: "auto" and absent values skip the check; two given must still divide', () => {
  assert.deepEqual(checkDeepSpeed({ train_batch_size: 'auto', train_micro_batch_size_per_gpu: 3, gradient_accumulation_steps: 7 }), []);
  assert.deepEqual(checkDeepSpeed({ train_batch_size: 100, train_micro_batch_size_per_gpu: 'auto', gradient_accumulation_steps: 8 }), []);
  assert.deepEqual(checkDeepSpeed({ train_batch_size: 30, train_micro_batch_size_per_gpu: 'auto' }), []);
  assert.deepEqual(checkDeepSpeed({ train_batch_size: 30, train_micro_batch_size_per_gpu: 4 }).map((f) => f.pointer), ['/train_batch_size']);
  assert.deepEqual(checkDeepSpeed({ train_batch_size: 30, gradient_accumulation_steps: 4 }).map((f) => f.pointer), ['/train_batch_size']);
  assert.deepEqual(checkDeepSpeed({ train_batch_size: 32, gradient_accumulation_steps: 4 }), []);
  // Wrong types are the schema's business.
  assert.deepEqual(checkDeepSpeed({ train_batch_size: '64', train_micro_batch_size_per_gpu: 5, gradient_accumulation_steps: 1 }), []);
  assert.deepEqual(checkDeepSpeed({ train_batch_size: 10.5, train_micro_batch_size_per_gpu: 4, gradient_accumulation_steps: 1 }), []);
});

test('a ZeRO stage outside 0..3 is left to the schema (no second message), and skips the offload checks', () => {
  assert.deepEqual(checkDeepSpeed({ zero_optimization: { stage: 4 } }), []);
  assert.deepEqual(checkDeepSpeed({ zero_optimization: { stage: 1.5, offload_param: { device: 'cpu' } } }), []);
  assert.deepEqual(checkDeepSpeed({ zero_optimization: { stage: 3 } }), []);
});

test('offloading a stage cannot use: warnings (DeepSpeed runs and ignores it)', () => {
  assert.deepEqual(at(checkDeepSpeed({ zero_optimization: { stage: 2, offload_param: { device: 'cpu' } } })), ['warning /zero_optimization/offload_param']);
  assert.deepEqual(at(checkDeepSpeed({ zero_optimization: { offload_param: { device: 'nvme' } } })), ['warning /zero_optimization/offload_param'], 'stage defaults to 0');
  assert.deepEqual(checkDeepSpeed({ zero_optimization: { stage: 2, offload_param: { device: 'none' } } }), []);
  assert.deepEqual(checkDeepSpeed({ zero_optimization: { stage: 1, offload_optimizer: { device: 'cpu' } } }), []);
  assert.deepEqual(at(checkDeepSpeed({ zero_optimization: { stage: 0, offload_optimizer: { device: 'cpu' } } })), ['warning /zero_optimization/offload_optimizer']);
  assert.deepEqual(at(checkDeepSpeed({ zero_optimization: { stage: 2, offload_optimizer: { device: 'nvme' } } })), ['warning /zero_optimization/offload_optimizer/device']);
  assert.deepEqual(checkDeepSpeed({ zero_optimization: { stage: 3, offload_optimizer: { device: 'nvme' }, offload_param: { device: 'nvme' } } }), []);
  assert.deepEqual(at(checkDeepSpeed({ zero_optimization: { stage: 2, cpu_offload: true } })), ['warning /zero_optimization/cpu_offload']);
});

test('fp16 and bf16 together', () => {
  assert.deepEqual(at(checkDeepSpeed({ fp16: { enabled: true }, bf16: { enabled: true } })), ['error /bf16/enabled']);
  assert.deepEqual(checkDeepSpeed({ fp16: { enabled: 'auto' }, bf16: { enabled: 'auto' } }), []);
});

test('non-objects and the valid fixtures give no findings', () => {
  assert.deepEqual(checkDeepSpeed(null), []);
  assert.deepEqual(checkDeepSpeed([1, 2]), []);
  const dir = join(__dirname, '..', 'fixtures', 'thirdparty', 'deepspeed', 'valid');
  // valid but deprecated: DeepSpeed reads it with a warning of its own
  const expected: Record<string, string[]> = { 'zero-optimization-bool.json': ['warning /zero_optimization'] };
  for (const f of readdirSync(dir)) assert.deepEqual(at(checkDeepSpeed(JSON.parse(readFileSync(join(dir, f), 'utf8')))), expected[f] ?? [], f);
});

test('the deprecated boolean zero_optimization is a warning naming the stage it means', () => {
  const [w] = checkDeepSpeed({ train_batch_size: 8, zero_optimization: true });
  assert.equal(w.severity, 'warning');
  assert.equal(w.pointer, '/zero_optimization');
  assert.match(w.message, /\{"stage": 1\}/);
  assert.match(checkDeepSpeed({ zero_optimization: false })[0].message, /\{"stage": 0\}/);
});

test('keys DeepSpeed silently ignores: slips of top-level keys, ZeRO fields outside zero_optimization, optimizer keys besides type and params', () => {
  const slip = checkDeepSpeed({ train_batch_size: 8, gradient_accumulation_step: 2 });
  assert.deepEqual(at(slip), ['warning /gradient_accumulation_step']);
  assert.match(slip[0].message, /did you mean gradient_accumulation_steps\?/);
  assert.match(checkDeepSpeed({ train_micro_batch_size_per_gpus: 4 })[0].message, /did you mean train_micro_batch_size_per_gpu\?/);
  assert.match(checkDeepSpeed({ BF16: { enabled: true } })[0].message, /did you mean bf16\?/, 'letter case');
  assert.deepEqual(at(checkDeepSpeed({ offload_optimizer: { device: 'cpu' }, stage: 3 })), ['warning /offload_optimizer', 'warning /stage']);
  assert.match(checkDeepSpeed({ overlap_comm: true })[0].message, /belongs under zero_optimization/);
  const opt = checkDeepSpeed({ optimizer: { type: 'AdamW', param: { lr: 1e-4 } }, scheduler: { type: 'WarmupLR', warmup_num_steps: 100 } });
  assert.deepEqual(at(opt), ['warning /optimizer/param', 'warning /scheduler/warmup_num_steps']);
  assert.match(opt[0].message, /did you mean params\?/);
  assert.match(opt[1].message, /put the scheduler's arguments under params/);
  // keys DeepSpeed reads, comments, and unrelated extra sections stay quiet
  const quiet = {
    sparse_attention: { mode: 'fixed' },
    tensor_parallel: { autotp_size: 2 },
    compile: { deepcompile: true },
    _comment: 'x',
    fp8: { enabled: true },
    sequence_parallel: { enabled: true },
    comms_config: { verbose: false },
    monitor_config: { enabled: true },
    optimizer: { type: 'Adam', params: {}, legacy_fusion: false },
  };
  assert.deepEqual(checkDeepSpeed(quiet), []);
});

test('slips inside the sections DeepSpeed reads key by key, and fp16 fields at the top level: warnings', () => {
  const slips = checkDeepSpeed({
    activation_checkpointing: { partition_activation: true, cpu_checkpointing: false },
    flops_profiler: { enabled: true, profile_steps: 2 },
    aio: { block_size: 1048576, queu_depth: 8 },
    checkpoint: { tag_validaton: 'Warn' },
  });
  assert.deepEqual(at(slips), [
    'warning /activation_checkpointing/partition_activation',
    'warning /flops_profiler/profile_steps',
    'warning /aio/queu_depth',
    'warning /checkpoint/tag_validaton',
  ]);
  assert.match(slips[0].message, /in activation_checkpointing and ignores it: did you mean partition_activations\?/);
  // newer keys of those sections, and keys far from any known one, stay quiet
  assert.deepEqual(checkDeepSpeed({ aio: { intra_op_parallelism: 2, use_gds: false }, flops_profiler: { recompute_fwd_factor: 0.5 }, checkpoint: { writer: { type: 'fast' } } }), []);
  const top = checkDeepSpeed({ fp16: { enabled: true }, loss_scale: 0, initial_scale_power: 16 });
  assert.deepEqual(at(top), ['warning /loss_scale', 'warning /initial_scale_power']);
  assert.match(top[0].message, /loss_scale belongs under fp16/);
});
