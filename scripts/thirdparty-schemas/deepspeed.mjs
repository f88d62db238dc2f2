// DeepSpeed JSON configuration (`ds_config.json`), from DeepSpeed's configuration reference
// (deepspeed.ai/docs/config-json) and its pydantic config models (deepspeed/runtime/config.py,
// deepspeed/runtime/zero/config.py, offload_config.py) as of DeepSpeed 0.18. Numeric fields
// accept "auto": the Hugging Face Trainer and accelerate fill them in from their own arguments.
// DeepSpeed ignores keys it does not know, so objects stay open; the fields that matter are typed.
import { doc, oneOfValues, str, int, num, bool, arr, map, anyOf, ref, obj, schemaDoc, orAuto } from './lib.mjs';

const autoInt = (extra = {}) => orAuto(int({ minimum: 1, ...extra }));
const autoNum = (extra = {}) => orAuto(num(extra));
const autoBool = () => anyOf(bool(), str({ const: 'auto' }));
const enabled = (md = 'Turn this feature on.') => doc('Enabled', md, bool({ default: false }));

const offloadDevice = (what) =>
  doc('Device', `Where ${what} are offloaded.`, str({ ...oneOfValues([['none', 'no offloading'], ['cpu', 'CPU memory (ZeRO-Offload)'], ['nvme', 'NVMe storage at `nvme_path` (ZeRO-Infinity, stage 3 only)']]), default: 'none' }));

/** The rest of DeepSpeedZeroConfig's fields (deepspeed/runtime/zero/config.py), and the `stage3_*` / plain aliases pydantic accepts for each. */
function zeroMore() {
  const n = (md, extra = {}) => autoNum({ minimum: 0, ...extra });
  const b = (dflt) => bool({ default: dflt });
  const entries = [
    ['prefetch_bucket_size', 'Prefetch bucket size', 'Same as `stage3_prefetch_bucket_size`.', n()],
    ['param_persistence_threshold', 'Persistence threshold', 'Same as `stage3_param_persistence_threshold`.', n()],
    ['model_persistence_threshold', 'Model persistence threshold', 'Same as `stage3_model_persistence_threshold`.', n()],
    ['stage3_model_persistence_threshold', 'Stage 3 model persistence threshold', 'Most parameter elements kept unpartitioned in total.', n()],
    ['max_live_parameters', 'Max live parameters', 'Same as `stage3_max_live_parameters`.', n()],
    ['max_reuse_distance', 'Max reuse distance', 'Same as `stage3_max_reuse_distance`.', n()],
    ['gather_16bit_weights_on_model_save', 'Gather 16-bit weights on save', 'Same as `stage3_gather_16bit_weights_on_model_save`.', autoBool()],
    ['module_granularity_threshold', 'Module granularity threshold', 'Same as `stage3_module_granularity_threshold`.', n()],
    ['stage3_module_granularity_threshold', 'Stage 3 module granularity threshold', 'Modules finer than this are fetched as one unit.', n()],
    ['use_all_reduce_for_fetch_params', 'All-reduce to fetch parameters', 'Same as `stage3_use_all_reduce_for_fetch_params`.', b(false)],
    ['stage3_use_all_reduce_for_fetch_params', 'Stage 3 all-reduce fetch', 'Fetch module parameters with all-reduce.', b(false)],
    ['allgather_sequential', 'Sequential all-gather', 'Same as `stage3_allgather_sequential`.', b(false)],
    ['stage3_allgather_sequential', 'Stage 3 sequential all-gather', 'All-gather parameters one by one instead of in buckets.', b(false)],
    ['partition_stream_chunk_size', 'Partition stream chunk size', 'Same as `stage3_partition_stream_chunk_size`.', n()],
    ['stage3_partition_stream_chunk_size', 'Stage 3 partition stream chunk size', 'Stream very large parameters through chunks of this size while partitioning.', n()],
    ['use_multi_rank_bucket_allreduce', 'Multi-rank bucket all-reduce', 'Combine the reduce buckets of ranks into one all-reduce.', b(true)],
    ['cpu_offload_param', 'CPU offload parameters (deprecated)', 'Deprecated: use `offload_param: {device: cpu}`.', bool()],
    ['cpu_offload_use_pin_memory', 'CPU offload pinned memory (deprecated)', 'Deprecated: use `pin_memory` of `offload_param` / `offload_optimizer`.', bool()],
    ['legacy_stage1', 'Legacy stage 1', 'Use the old ZeRO stage 1 implementation.', b(false)],
    ['zero_quantized_nontrainable_weights', 'Quantized non-trainable weights', 'Store frozen weights quantised (LoRA training).', b(false)],
    ['zeropp_loco_param', 'LoCo-ZeRO++', 'LoCo error-feedback settings (`err_beta`, `reset_T`).', { type: ['object', 'null'] }],
    ['mics_hierarchical_params_gather', 'MiCS hierarchical gather', 'Hierarchical all-gather in MiCS.', b(false)],
    ['memory_efficient_linear', 'Memory-efficient linear', 'Memory-efficient linear layers for stage 3.', b(true)],
    ['pipeline_loading_checkpoint', 'Pipeline loading checkpoint', 'Force loading checkpoints in pipeline mode (stage 3).', b(false)],
    ['override_module_apply', 'Override module apply', 'Override `nn.Module.apply` for stage 3.', b(true)],
    ['log_trace_cache_warnings', 'Log trace cache warnings', 'Log trace-cache invalidations.', b(false)],
    ['enable_sanity_checks', 'Sanity checks', 'Internal sanity checks (debugging).', b(false)],
    ['save_muon_momentum_buffer_in_memory', 'Keep Muon momentum in memory', 'With Muon and NVMe offload, keep the momentum buffer out of NVMe.', b(false)],
    ['zenflow', 'ZenFlow', 'ZenFlow settings (stall-free offloading).', { type: ['object', 'null'] }],
    ['leaf_module', 'Leaf modules', 'Modules treated as ZeRO-3 leaf modules.', { type: 'object' }],
  ];
  return Object.fromEntries(entries.map(([k, t, md, schema]) => [k, doc(t, md, schema)]));
}

const zero = obj(
  {
    stage: doc(
      'ZeRO stage',
      'What is partitioned across data-parallel ranks: `0` nothing, `1` optimizer states, `2` plus gradients, `3` plus parameters.',
      int({ ...oneOfValues([[0, 'disabled'], [1, 'partition optimizer states'], [2, 'partition optimizer states and gradients'], [3, 'partition optimizer states, gradients and parameters']]), default: 0 }),
    ),
    offload_optimizer: doc(
      'Offload optimizer',
      'Move optimizer states (and the optimizer step) to CPU or NVMe. Stages 1, 2 and 3; NVMe needs stage 3.',
      obj(
        {
          device: offloadDevice('optimizer states'),
          nvme_path: doc('NVMe path', 'Directory on NVMe storage for `device: nvme`.', { type: ['string', 'null'], examples: ['/local_nvme'] }),
          pin_memory: doc('Pin memory', 'Use page-locked CPU memory (faster transfers, more memory).', bool({ default: false })),
          ratio: doc('Ratio', 'Fraction of the optimizer step run on the CPU (ZeRO-3 partial offload).', num({ minimum: 0, maximum: 1, default: 1 })),
          buffer_count: doc('Buffer count', 'Buffers in the NVMe swap pool.', int({ minimum: 0, default: 4 })),
          fast_init: doc('Fast init', 'Faster optimizer initialisation when offloading to NVMe.', bool({ default: false })),
          pipeline_read: doc('Pipeline read', 'ZeRO-Infinity: overlap reading the next tile with the current optimizer step.', bool({ default: false })),
          pipeline_write: doc('Pipeline write', 'ZeRO-Infinity: overlap writing the previous tile with the current optimizer step.', bool({ default: false })),
          pipeline: doc('Pipeline (legacy)', 'Older switch for pipelined NVMe reads and writes.', bool()),
          super_offload: doc('SuperOffload', 'High-performance CPU offloading for superchips (stage 3).', bool({ default: false })),
          convert_grad_on_cpu: doc('Convert gradients on CPU', 'Convert gradients on the CPU rather than the GPU.', bool({ default: true })),
          cpuadam_cores_perc: doc('CPU Adam cores', 'Fraction of CPU cores CPU Adam uses (with `super_offload`).', num({ minimum: 0, maximum: 1, default: 0.8 })),
        },
        // DeepSpeed's pydantic config models forbid unknown keys
        { open: false },
      ),
    ),
    offload_param: doc(
      'Offload parameters',
      'Move model parameters to CPU or NVMe. **Stage 3 only.**',
      obj(
        {
          device: offloadDevice('parameters'),
          nvme_path: doc('NVMe path', 'Directory on NVMe storage for `device: nvme`.', { type: ['string', 'null'], examples: ['/local_nvme'] }),
          pin_memory: doc('Pin memory', 'Use page-locked CPU memory.', bool({ default: false })),
          buffer_count: doc('Buffer count', 'Buffers in the parameter swap pool.', int({ minimum: 0, default: 5 })),
          buffer_size: doc('Buffer size', 'Size of each swap buffer, in elements.', num({ minimum: 0, default: 100000000 })),
          max_in_cpu: doc('Max in CPU', 'Parameter elements kept in CPU memory with NVMe offload.', num({ minimum: 0, default: 1000000000 })),
        },
        { open: false },
      ),
    ),
    allgather_partitions: doc('All-gather partitions', 'Gather updated parameters with one all-gather (true) or a series of broadcasts.', bool({ default: true })),
    allgather_bucket_size: doc('All-gather bucket size', 'Elements all-gathered at a time; smaller uses less memory.', autoNum({ minimum: 0, default: 500000000 })),
    overlap_comm: doc('Overlap communication', 'Overlap gradient reduction with the backward pass.', autoBool()),
    reduce_scatter: doc('Reduce-scatter', 'Average gradients with reduce-scatter instead of all-reduce.', bool({ default: true })),
    reduce_bucket_size: doc('Reduce bucket size', 'Elements reduced at a time.', autoNum({ minimum: 0, default: 500000000 })),
    contiguous_gradients: doc('Contiguous gradients', 'Copy gradients into one contiguous buffer to avoid fragmentation.', bool({ default: true })),
    round_robin_gradients: doc('Round-robin gradients', 'Parallelise gradient copying to CPU across ranks (stages 1 and 2 with offload).', bool({ default: false })),
    load_from_fp32_weights: doc('Load from fp32 weights', 'Initialise fp32 master weights from the checkpoint\'s fp32 copies.', bool({ default: true })),
    elastic_checkpoint: doc('Elastic checkpoint', 'Allow loading a checkpoint saved with a different data-parallel size.', bool({ default: false })),
    sub_group_size: doc('Sub-group size', 'Parameter elements processed together in the optimizer step (stage 3 offload).', autoNum({ minimum: 0, default: 1000000000 })),
    stage3_max_live_parameters: doc('Stage 3 max live parameters', 'Most parameters resident on each GPU before release.', autoNum({ minimum: 0, default: 1000000000 })),
    stage3_max_reuse_distance: doc('Stage 3 max reuse distance', 'Keep a parameter that will be reused within this many parameters.', autoNum({ minimum: 0, default: 1000000000 })),
    stage3_prefetch_bucket_size: doc('Stage 3 prefetch bucket size', 'Parameter elements prefetched ahead of use.', autoNum({ minimum: 0, default: 50000000 })),
    stage3_param_persistence_threshold: doc('Stage 3 persistence threshold', 'Parameters smaller than this stay unpartitioned.', autoNum({ minimum: 0, default: 100000 })),
    stage3_gather_16bit_weights_on_model_save: doc('Gather 16-bit weights on save', 'Gather the full fp16/bf16 weights when saving (needed to save a usable model file with stage 3).', autoBool()),
    stage3_gather_fp16_weights_on_model_save: doc('Gather fp16 weights on save (deprecated)', 'Deprecated name of `stage3_gather_16bit_weights_on_model_save`.', autoBool()),
    zero_hpz_partition_size: doc('hpZ partition size', 'ZeRO++ hierarchical partitioning: ranks in a secondary partition (usually GPUs per node).', int({ minimum: 0, default: 1 })),
    zero_quantized_weights: doc('Quantized weights', 'ZeRO++ qwZ: quantise weights in all-gather.', bool({ default: false })),
    zero_quantized_gradients: doc('Quantized gradients', 'ZeRO++ qgZ: quantise gradients in reduce-scatter.', bool({ default: false })),
    mics_shard_size: doc('MiCS shard size', 'Ranks in a MiCS shard group; -1 disables MiCS.', int({ default: -1 })),
    ignore_unused_parameters: doc('Ignore unused parameters', 'Do not fail on parameters without gradients (stage 2).', bool({ default: true })),
    cpu_offload: doc('CPU offload (deprecated)', 'Deprecated: use `offload_optimizer: {device: cpu}`.', bool(), ),
    ...zeroMore(),
  },
  // DeepSpeedZeroConfig is a pydantic model with extra="forbid": DeepSpeed stops on an unknown key
  { open: false },
);

// fp16 and bf16 are pydantic models (DeepSpeedFP16Config, DeepSpeedBF16Config in
// deepspeed/runtime/precision_config.py) with extra="forbid" since DeepSpeed 0.17: unknown keys stop
// DeepSpeed. Older versions read them key by key and ignored the rest, so the loss-scaling keys
// that configs copied from fp16 into bf16 get a warning that says so, not an error.
const FP16_FIELDS = {
  enabled: doc('Enabled', 'Train in fp16 mixed precision.', autoBool()),
  auto_cast: doc('Auto cast', 'Cast inputs to fp16.', autoBool()),
  loss_scale: doc('Loss scale', '`0` for dynamic loss scaling, otherwise a fixed scale.', autoNum({ minimum: 0, default: 0 })),
  initial_scale_power: doc('Initial scale power', 'Dynamic loss scaling starts at 2^this.', autoNum({ minimum: 0, default: 16 })),
  loss_scale_window: doc('Loss scale window', 'Steps without overflow before the scale grows.', autoNum({ minimum: 1, default: 1000 })),
  hysteresis: doc('Hysteresis', 'Overflows tolerated before the scale shrinks.', autoNum({ minimum: 0, default: 2 })),
  consecutive_hysteresis: doc('Consecutive hysteresis', 'Refill hysteresis after a step without overflow.', bool({ default: false })),
  min_loss_scale: doc('Min loss scale', 'Smallest dynamic loss scale.', autoNum({ minimum: 0, default: 1 })),
  fp16_master_weights_and_grads: doc('fp16 master weights', 'Keep master weights and gradients in fp16 (ZeRO stages 1–3 with DeepSpeedCPUAdam).', bool({ default: false })),
};
const fp16 = obj(FP16_FIELDS, { open: false });

const fp16Only = (key) => {
  const { title, markdownDescription } = FP16_FIELDS[key];
  const why = key === 'auto_cast' || key === 'fp16_master_weights_and_grads' ? '' : ' (bf16 needs no loss scaling)';
  const msg = `\`${key}\` belongs to fp16, not bf16${why}: DeepSpeed 0.17 and later stop on it ("Extra inputs are not permitted"), older versions ignored it. Remove it.`;
  return { ...doc(`${title} (fp16 only)`, `${markdownDescription} fp16 only: in \`bf16\` DeepSpeed 0.17+ rejects it.`), deprecationMessage: msg };
};
const bf16Model = () =>
  obj(
    {
      enabled: doc('Enabled', 'Train in bf16 mixed precision.', autoBool()),
      immediate_grad_update: doc('Immediate gradient update', 'Apply gradient updates immediately rather than delayed.', bool({ default: false })),
      check_grad_overflow: doc('Check gradient overflow', 'Check gradients for overflow and underflow.', bool({ default: false })),
      bf16_master_weights_and_grads: doc('bf16 master weights', 'Keep master weights and gradients in bf16 (ZeRO stages 1–3).', bool({ default: false })),
      bf16_optimizer_states: doc('bf16 optimizer states', 'Keep optimizer states in bf16 (needs `bf16_master_weights_and_grads`).', bool({ default: false })),
      ...Object.fromEntries(['loss_scale', 'initial_scale_power', 'loss_scale_window', 'hysteresis', 'consecutive_hysteresis', 'min_loss_scale', 'auto_cast', 'fp16_master_weights_and_grads'].map((k) => [k, fp16Only(k)])),
    },
    { open: false },
  );

// The monitors and the communication logger are pydantic models (monitor/config.py, comm/config.py)
// with extra="forbid": DeepSpeed stops on an unknown key ("Extra inputs are not permitted").
const monitor = (title, md) =>
  doc(title, md, obj({ enabled: enabled(), output_path: doc('Output path', 'Directory of the log files.', str()), job_name: doc('Job name', 'Name of the run in the logs.', str()) }, { open: false }));
const optStr = (title, md) => doc(title, md, { type: ['string', 'null'] });

const properties = {
  train_batch_size: doc(
    'Train batch size',
    'Effective batch size: `train_micro_batch_size_per_gpu` × `gradient_accumulation_steps` × number of GPUs. Give any two of the three (or all three, consistent) and DeepSpeed derives the rest.',
    autoInt({ examples: [32, 'auto'] }),
  ),
  train_micro_batch_size_per_gpu: doc('Micro batch size per GPU', 'Samples each GPU processes in one forward/backward step. Default: `train_batch_size` divided by GPUs × accumulation steps.', autoInt({ examples: [4, 'auto'] })),
  gradient_accumulation_steps: doc('Gradient accumulation steps', 'Micro-batches whose gradients are accumulated before an optimizer step.', autoInt({ default: 1, examples: [1, 'auto'] })),
  optimizer: doc(
    'Optimizer',
    'Optimizer DeepSpeed builds (leave out to use the client\'s optimizer).',
    obj(
      {
        type: doc('Type', 'Optimizer name.', str({ examples: ['AdamW', 'Adam', 'Lamb', 'OneBitAdam', 'ZeroOneAdam', 'OneBitLamb', 'Lion', 'SGD'] })),
        params: doc('Parameters', 'Arguments of the optimizer (`lr`, `betas`, `eps`, `weight_decay`, …); values may be `"auto"`.', map({}, { examples: [{ lr: 'auto', betas: 'auto', eps: 'auto', weight_decay: 'auto' }] })),
      },
      { required: ['type'], open: true },
    ),
  ),
  scheduler: doc(
    'Scheduler',
    'Learning-rate scheduler DeepSpeed builds.',
    obj(
      {
        type: doc('Type', 'Scheduler name.', str({ examples: ['WarmupLR', 'WarmupDecayLR', 'WarmupCosineLR', 'OneCycle', 'LRRangeTest'] })),
        params: doc('Parameters', 'Arguments of the scheduler (`warmup_min_lr`, `warmup_max_lr`, `warmup_num_steps`, `total_num_steps`, …); values may be `"auto"`.', map({})),
      },
      { required: ['type'], open: true },
    ),
  ),
  fp16: doc('fp16', 'fp16 mixed precision with loss scaling. Do not combine with `bf16`.', fp16),
  bf16: doc('bf16', 'bfloat16 mixed precision (Ampere GPUs and newer). Do not combine with `fp16`.', bf16Model()),
  bfloat16: doc('bfloat16 (alias)', 'Older name of `bf16`.', bf16Model()),
  amp: doc('AMP', 'NVIDIA Apex automatic mixed precision; other keys go to `amp.initialize`.', obj({ enabled: enabled('Use Apex AMP.') }, { open: true })),
  gradient_clipping: doc('Gradient clipping', 'Clip the global gradient norm to this value (0 disables).', autoNum({ minimum: 0, default: 1 })),
  prescale_gradients: doc('Prescale gradients', 'Scale gradients before all-reduce.', bool({ default: false })),
  gradient_predivide_factor: doc('Gradient predivide factor', 'Divide gradients by this before all-reduce.', num({ default: 1 })),
  sparse_gradients: doc('Sparse gradients', 'Reduce sparse gradients of `torch.nn.Embedding` sparsely.', bool({ default: false })),
  communication_data_type: doc('Communication data type', 'Data type of gradient communication (DeepSpeed lower-cases it).', { anyOf: [str({ enum: ['fp16', 'bf16', 'fp32', 'FP16', 'BF16', 'FP32'] }), { type: 'null' }] }),
  // `true`/`false` is the deprecated form DeepSpeed still reads (stage 1 / 0, with a warning)
  zero_optimization: doc('ZeRO optimization', 'Memory optimisations of the Zero Redundancy Optimizer. (`true` is a deprecated form of `{"stage": 1}`.)', { ...zero, type: ['object', 'boolean'] }),
  zero_allow_untested_optimizer: doc('Allow untested optimizer', 'Allow client optimizers ZeRO was not tested with.', bool({ default: false })),
  zero_force_ds_cpu_optimizer: doc('Force DeepSpeed CPU optimizer', 'Require DeepSpeedCPUAdam with CPU offload.', bool({ default: true })),
  steps_per_print: doc('Steps per print', 'Print progress every this many steps.', autoInt({ default: 10 })),
  wall_clock_breakdown: doc('Wall clock breakdown', 'Time forward, backward and step.', autoBool()),
  dump_state: doc('Dump state', 'Print the DeepSpeed state after initialisation.', bool({ default: false })),
  memory_breakdown: doc('Memory breakdown', 'Report memory use.', bool({ default: false })),
  activation_checkpointing: doc(
    'Activation checkpointing',
    'Settings of `deepspeed.checkpointing`.',
    obj(
      {
        partition_activations: doc('Partition activations', 'Partition checkpointed activations across model-parallel GPUs.', bool({ default: false })),
        cpu_checkpointing: doc('CPU checkpointing', 'Offload partitioned activations to CPU.', bool({ default: false })),
        contiguous_memory_optimization: doc('Contiguous memory', 'Copy activations into a contiguous buffer.', bool({ default: false })),
        number_checkpoints: doc('Number of checkpoints', 'Checkpoints per forward pass (for contiguous memory).', { anyOf: [int(), { type: 'null' }] }),
        synchronize_checkpoint_boundary: doc('Synchronize', 'Synchronise CUDA at each checkpoint boundary.', bool({ default: false })),
        profile: doc('Profile', 'Time forward and backward of checkpointed layers.', bool({ default: false })),
      },
      { open: true },
    ),
  ),
  flops_profiler: doc(
    'FLOPS profiler',
    'Profile model FLOPs, latency and parameters.',
    obj(
      {
        enabled: enabled(),
        profile_step: doc('Profile step', 'Training step to profile.', int({ minimum: 1, default: 1 })),
        module_depth: doc('Module depth', 'Depth of module aggregation (-1: innermost).', int({ default: -1 })),
        top_modules: doc('Top modules', 'Modules listed in the summary.', int({ default: 1 })),
        detailed: doc('Detailed', 'Print the per-module profile.', bool({ default: true })),
        output_file: doc('Output file', 'File for the profile (default stdout).', { anyOf: [str(), { type: 'null' }] }),
        recompute_fwd_factor: doc('Recompute factor', 'Share of the forward pass recomputed by activation checkpointing (0–1).', num({ minimum: 0, default: 0 })),
      },
      { open: true },
    ),
  ),
  tensorboard: monitor('TensorBoard', 'Log training metrics to TensorBoard.'),
  csv_monitor: monitor('CSV monitor', 'Log training metrics to CSV files.'),
  wandb: doc('Weights & Biases', 'Log training metrics to W&B.', obj({ enabled: enabled(), group: optStr('Group', 'W&B group.'), team: optStr('Team', 'W&B entity.'), project: doc('Project', 'W&B project.', str()) }, { open: false })),
  comms_logger: doc('Communication logger', 'Log collective communication calls.', obj({ enabled: enabled(), verbose: doc('Verbose', 'Print every call.', bool()), prof_all: doc('Profile all', 'Profile every operation.', bool()), prof_ops: doc('Profiled operations', 'Names of the operations to profile when `prof_all` is false.', arr(str())), debug: doc('Debug', 'Include caller names.', bool()) }, { open: false })),
  aio: doc('Async I/O', 'Settings of the NVMe async I/O engine (ZeRO-Infinity).', obj({ block_size: doc('Block size', 'I/O block size in bytes.', int({ default: 1048576 })), queue_depth: doc('Queue depth', 'I/O queue depth.', int({ default: 8 })), thread_count: doc('Thread count', 'I/O threads.', int({ default: 1 })), single_submit: doc('Single submit', 'Submit requests one at a time.', bool({ default: false })), overlap_events: doc('Overlap events', 'Overlap submission and completion.', bool({ default: true })), intra_op_parallelism: doc('Intra-op parallelism', 'I/O threads per operation (newer name of `thread_count`).', int({ minimum: 1 })), use_gds: doc('GPUDirect Storage', 'Use NVIDIA GPUDirect Storage.', bool({ default: false })) }, { open: true })),
  checkpoint: doc('Checkpoint', 'Checkpoint saving and loading.', obj({ tag_validation: doc('Tag validation', 'Check that all ranks use the same checkpoint tag.', str({ enum: ['Ignore', 'Warn', 'Fail', 'IGNORE', 'WARN', 'FAIL', 'ignore', 'warn', 'fail'], default: 'Warn' })), load_universal: doc('Load universal', 'Load a universal checkpoint.', bool()), use_node_local_storage: doc('Node-local storage', 'Write checkpoints to node-local storage.', bool()), parallel_write: doc('Parallel write', 'Pipeline-stage parallel checkpoint writing (`pipeline_stage`).', { type: 'object' }), writer: doc('Writer', 'Checkpoint writer settings (`type`, …).', { type: ['object', 'null'] }) }, { open: true })),
  data_types: doc('Data types', 'Precision of internal buffers.', obj({ grad_accum_dtype: doc('Gradient accumulation dtype', 'Data type of accumulated gradients.', { anyOf: [str({ enum: ['fp32', 'fp16', 'bf16'] }), { type: 'null' }] }) }, { open: true })),
  elasticity: doc('Elasticity', 'Elastic training: batch sizes that stay valid as GPUs come and go.', { type: 'object' }),
  autotuning: doc('Autotuning', 'DeepSpeed autotuner settings.', { type: 'object' }),
  compression_training: doc('Compression training', 'Quantisation and pruning during training.', { type: 'object' }),
  data_efficiency: doc('Data efficiency', 'Curriculum learning and data routing.', { type: 'object' }),
  curriculum_learning: doc('Curriculum learning (legacy)', 'Legacy curriculum learning settings.', { type: 'object' }),
  pipeline: doc('Pipeline', 'Pipeline-parallel engine settings.', { type: 'object' }),
  gradient_accumulation_dtype: doc('Gradient accumulation dtype (legacy)', 'Use `data_types.grad_accum_dtype`.', str()),
  // Further sections DeepSpeedConfig reads (runtime/config.py, constants.py); left open
  sparse_attention: doc('Sparse attention', 'Sparse self-attention layout (`mode`: dense, fixed, variable, bigbird, bslongformer).', { type: 'object' }),
  tensor_parallel: doc('Tensor parallelism', 'AutoTP settings (`autotp_size`, …).', { type: 'object' }),
  expert_parallel: doc('Expert parallelism', 'AutoEP settings for mixture-of-experts models.', { type: 'object' }),
  compile: doc('Compile', 'torch.compile / DeepCompile settings (`deepcompile`, `backend`, …).', { type: 'object' }),
  hybrid_engine: doc('Hybrid engine', 'DeepSpeed-Chat hybrid training/inference engine.', { type: 'object' }),
  torch_autocast: doc('torch.autocast', 'Mixed precision through torch.autocast (`enabled`, `dtype`).', { type: 'object' }),
  weight_quantization: doc('Weight quantization', 'Weight quantisation settings.', { type: 'object' }),
  quantize_training: doc('Quantize training (MoQ)', 'Mixture-of-quantization training settings.', { type: 'object' }),
  progressive_layer_drop: doc('Progressive layer drop', 'Progressive layer dropping (`enabled`, `theta`, `gamma`).', { type: 'object' }),
  eigenvalue: doc('Eigenvalue', 'Eigenvalue computation for MoQ.', { type: 'object' }),
  nebula: doc('Nebula', 'Azure Nebula checkpointing.', { type: 'object' }),
  datastates: doc('DataStates', 'DataStates asynchronous checkpointing.', { type: 'object' }),
  timers: doc('Timers', 'Engine timers (`throughput`: `enabled`, `synchronized`).', { type: 'object' }),
  comet: doc(
    'Comet',
    'Log training metrics to Comet.',
    obj(
      {
        enabled: enabled(),
        samples_log_interval: doc('Samples log interval', 'Send metrics every this many samples.', int({ minimum: 1, default: 100 })),
        project: optStr('Project', 'Comet project.'),
        workspace: optStr('Workspace', 'Comet workspace.'),
        api_key: optStr('API key', 'Comet API key (better: the COMET_API_KEY environment variable).'),
        experiment_name: optStr('Experiment name', 'Name of the Comet experiment.'),
        experiment_key: optStr('Experiment key', 'Key of the Comet experiment (32–50 alphanumeric characters).'),
        online: doc('Online', 'Log to the Comet server (false: offline experiment).', { type: ['boolean', 'null'] }),
        mode: optStr('Mode', '`get`, `create` or `get_or_create`.'),
      },
      { open: false },
    ),
  ),
  trackio: doc('Trackio', 'Log training metrics to Trackio.', obj({ enabled: enabled(), project: doc('Project', 'Trackio project.', str()) }, { open: false })),
  disable_allgather: doc('Disable all-gather', 'Legacy switch of the old ZeRO stage 1.', bool({ default: false })),
  dataloader_drop_last: doc('Drop last batch', 'Drop the last incomplete batch of the DeepSpeed data loader.', bool({ default: false })),
  vocabulary_size: doc('Vocabulary size', 'Only checked for tensor-core alignment (a warning when not a multiple of 8).', int()),
  graph_harvesting: doc('Graph harvesting', 'Capture CUDA graphs of the optimizer step.', bool({ default: false })),
  sequence_parallel_size: doc('Sequence parallel size', 'Ulysses sequence-parallel group size.', int({ minimum: 1 })),
  seq_parallel_communication_data_type: doc('Sequence-parallel communication dtype', 'Data type of sequence-parallel communication.', str({ enum: ['fp16', 'bf16', 'fp32', 'FP16', 'BF16', 'FP32'] })),
  gradient_allreduce_op: doc('Gradient all-reduce op', 'How gradients are combined (`avg` or `sum`; `sum` not with ZeRO-3).', str()),
  use_data_before_expert_parallel_: doc('Data before expert parallel', 'Topology order of data- and expert-parallel groups.', bool({ default: false })),
  log_level: doc('Log level', 'DeepSpeed logging level.', str()),
};

// DeepSpeedConfigModel drops fields whose value is "auto" before validating (they take their
// default), so every scalar of its models may be "auto" — except the ZeRO stage and the offload
// device, which the Hugging Face integrations never fill in ("auto" there silently means the default).
function autoScalars(model, skip = []) {
  for (const [key, prop] of Object.entries(model.properties)) {
    if (skip.includes(key) || prop.deprecationMessage) continue;
    if (prop.anyOf) {
      if (!prop.anyOf.some((a) => a.const === 'auto')) prop.anyOf.push({ type: 'string', const: 'auto' });
      continue;
    }
    if (prop.type !== 'boolean' && prop.type !== 'integer' && prop.type !== 'number') continue;
    const { title, description, markdownDescription, default: dflt, ...rest } = prop;
    model.properties[key] = { title, description, markdownDescription, ...(dflt !== undefined ? { default: dflt } : {}), ...orAuto(rest) };
  }
}
autoScalars(zero, ['stage']);
autoScalars(zero.properties.offload_optimizer, ['device']);
autoScalars(zero.properties.offload_param, ['device']);
autoScalars(fp16);
autoScalars(properties.bf16);
autoScalars(properties.bfloat16);
for (const k of ['tensorboard', 'csv_monitor', 'wandb', 'comms_logger', 'comet', 'trackio']) autoScalars(properties[k]);

export function build() {
  const schema = schemaDoc(
    'deepspeed',
    'ds_config.schema.json',
    'DeepSpeed configuration',
    'A **DeepSpeed** JSON configuration (`ds_config.json`): batch sizes, mixed precision, ZeRO stage and offloading, optimizer and scheduler. Fields shared with the Hugging Face Trainer or accelerate may be `"auto"`.',
    { type: 'object', properties, additionalProperties: true, examples: [{ train_micro_batch_size_per_gpu: 'auto', gradient_accumulation_steps: 'auto', bf16: { enabled: 'auto' }, zero_optimization: { stage: 2 } }] },
  );
  return [{ path: 'deepspeed/ds_config.schema.json', schema }];
}
