// Hugging Face accelerate config file (what `accelerate config` writes to
// ~/.cache/huggingface/accelerate/default_config.yaml and `accelerate launch --config_file`
// reads), from accelerate's src/accelerate/commands/config/config_args.py (ClusterConfig,
// SageMakerConfig) and utils/dataclasses.py (DistributedType, DynamoBackend, …) as of accelerate
// 1.x. accelerate rejects unknown top-level keys, so the top level is closed; the plugin sections
// (deepspeed_config, fsdp_config, …) stay open because accelerate passes them on.
import { doc, oneOfValues, str, int, num, bool, arr, strList, anyOf, obj, schemaDoc } from './lib.mjs';

export const DISTRIBUTED_TYPES = [
  ['NO', 'a single process (one GPU or the CPU)'],
  ['MULTI_GPU', 'PyTorch DDP over several GPUs'],
  ['MULTI_CPU', 'DDP over several CPU processes'],
  ['MULTI_XPU', 'DDP over Intel GPUs'],
  ['MULTI_NPU', 'DDP over Ascend NPUs'],
  ['MULTI_MLU', 'DDP over Cambricon MLUs'],
  ['MULTI_SDAA', 'DDP over SDAA devices'],
  ['MULTI_MUSA', 'DDP over Moore Threads GPUs'],
  ['MULTI_HPU', 'DDP over Intel Gaudi HPUs'],
  ['DEEPSPEED', 'DeepSpeed (configure it under `deepspeed_config`)'],
  ['FSDP', 'PyTorch Fully Sharded Data Parallel (configure it under `fsdp_config`)'],
  ['XLA', 'TPUs through torch_xla'],
  ['TPU', 'old name of `XLA`'],
  ['MEGATRON_LM', 'Megatron-LM (configure it under `megatron_lm_config`)'],
  ['TP', 'tensor parallelism (`tp_config.tp_size`); accelerate 1.2–1.9, later through `parallelism_config`'],
];
const SAGEMAKER_TYPES = [
  ['DATA_PARALLEL', 'SageMaker distributed data parallel'],
  ['MODEL_PARALLEL', 'SageMaker model parallel'],
];

const boolish = anyOf(bool(), str({ enum: ['true', 'false', 'True', 'False'] }));
/**
 * Plugin-section booleans: `accelerate launch` passes them on as environment variables through
 * `str(value).lower()`, so the strings `"true"`/`"false"` work as well as booleans.
 */
const flag = (extra = {}) => ({ ...boolish, ...extra });

/** Keys only `ClusterConfig` (compute_environment LOCAL_MACHINE) has; SageMaker configs reject them. */
const CLUSTER_ONLY = [
  'num_processes', 'machine_rank', 'main_process_ip', 'main_process_port', 'rdzv_backend', 'same_network',
  'main_training_function', 'fp8_config', 'deepspeed_config', 'fsdp_config', 'tp_config', 'parallelism_config',
  'megatron_lm_config', 'ipex_config', 'mpirun_config', 'downcast_bf16', 'tpu_name', 'tpu_zone', 'tpu_use_cluster',
  'tpu_use_sudo', 'command_file', 'commands', 'tpu_vm', 'tpu_env',
];
/** Keys only `SageMakerConfig` (compute_environment AMAZON_SAGEMAKER) has; local configs reject them. */
const SAGEMAKER_ONLY = [
  'ec2_instance_type', 'iam_role_name', 'image_uri', 'profile', 'region', 'base_job_name', 'pytorch_version',
  'transformers_version', 'py_version', 'sagemaker_inputs_file', 'sagemaker_metrics_file', 'additional_args',
];
const forbid = (keys) => Object.fromEntries(keys.map((k) => [k, false]));

const DYNAMO_BACKENDS = ['NO', 'EAGER', 'AOT_EAGER', 'INDUCTOR', 'AOT_TS_NVFUSER', 'NVPRIMS_NVFUSER', 'CUDAGRAPHS', 'OFI', 'FX2TRT', 'ONNXRT', 'TENSORRT', 'AOT_TORCHXLA_TRACE_ONCE', 'TORCHXLA_TRACE_ONCE', 'IPEX', 'TVM', 'HPU_BACKEND'];

const deepspeedConfig = obj(
  {
    deepspeed_config_file: doc('DeepSpeed config file', 'Path of a DeepSpeed JSON config. When set, the other DeepSpeed options here must be left out (they go in that file).', str({ examples: ['ds_config.json'] })),
    zero_stage: doc('ZeRO stage', 'ZeRO optimisation stage (0–3).', int(oneOfValues([[0, 'disabled'], [1, 'optimizer states'], [2, 'plus gradients'], [3, 'plus parameters']]))),
    gradient_accumulation_steps: doc('Gradient accumulation steps', 'Micro-batches accumulated per optimizer step.', anyOf(int({ minimum: 1 }), str({ const: 'auto' }))),
    gradient_clipping: doc('Gradient clipping', 'Clip the gradient norm to this value.', anyOf(num({ minimum: 0 }), str({ const: 'auto' }))),
    offload_optimizer_device: doc('Offload optimizer device', 'Where optimizer states go.', str(oneOfValues([['none', 'stay on the GPU'], ['cpu', 'CPU memory'], ['nvme', 'NVMe (stage 3)']]))),
    offload_param_device: doc('Offload parameter device', 'Where parameters go (stage 3).', str(oneOfValues([['none', 'stay on the GPU'], ['cpu', 'CPU memory'], ['nvme', 'NVMe']]))),
    offload_optimizer_nvme_path: doc('Optimizer NVMe path', 'NVMe directory for optimizer offload.', str()),
    offload_param_nvme_path: doc('Parameter NVMe path', 'NVMe directory for parameter offload.', str()),
    zero3_init_flag: doc('ZeRO-3 init', 'Build the model already partitioned (`deepspeed.zero.Init`), for models that do not fit on one GPU.', flag()),
    zero3_save_16bit_model: doc('Save 16-bit model', 'Gather the full 16-bit weights when saving with stage 3.', flag()),
    deepspeed_multinode_launcher: doc('Multi-node launcher', 'How DeepSpeed starts processes on other machines.', str(oneOfValues([['pdsh', 'pdsh over SSH (default)'], ['standard', 'torchrun-style, one launch per machine'], ['openmpi', 'Open MPI'], ['mvapich', 'MVAPICH'], ['mpich', 'MPICH'], ['nossh', 'no SSH: run the launcher on every node']]))),
    deepspeed_hostfile: doc('Hostfile', 'DeepSpeed hostfile listing machines and slots.', str()),
    deepspeed_inclusion_filter: doc('Inclusion filter', 'Hosts/GPUs to use, e.g. `host1:0,1`.', str()),
    deepspeed_exclusion_filter: doc('Exclusion filter', 'Hosts/GPUs to leave out.', str()),
    deepspeed_moe_layer_cls_names: doc('MoE layer classes', 'Comma-separated class names of mixture-of-experts layers.', str()),
  },
  { open: true },
);

const fsdpConfig = obj(
  {
    fsdp_version: doc('FSDP version', '1 (FullyShardedDataParallel) or 2 (`fully_shard`).', int({ enum: [1, 2], default: 1 })),
    fsdp_sharding_strategy: doc('Sharding strategy', 'What is sharded (FSDP1).', anyOf(str(oneOfValues([['FULL_SHARD', 'parameters, gradients and optimizer states (like ZeRO-3)'], ['SHARD_GRAD_OP', 'gradients and optimizer states (like ZeRO-2)'], ['NO_SHARD', 'nothing (like DDP)'], ['HYBRID_SHARD', 'full shard within a node, replicate across nodes'], ['HYBRID_SHARD_ZERO2', 'shard gradients/optimizer within a node, replicate across nodes']])), int({ minimum: 1, maximum: 5 }))),
    fsdp_reshard_after_forward: doc('Reshard after forward', 'FSDP2: free gathered parameters after forward (true ≈ FULL_SHARD). FSDP1 also accepts a sharding strategy name.', anyOf(bool(), str())),
    fsdp_auto_wrap_policy: doc('Auto wrap policy', 'How modules are wrapped into FSDP units.', str(oneOfValues([['TRANSFORMER_BASED_WRAP', 'wrap each transformer block (`fsdp_transformer_layer_cls_to_wrap`)'], ['SIZE_BASED_WRAP', 'wrap modules above `fsdp_min_num_params`'], ['NO_WRAP', 'one unit for the whole model']]))),
    fsdp_transformer_layer_cls_to_wrap: doc('Layer classes to wrap', 'Comma-separated class names of transformer blocks, e.g. `LlamaDecoderLayer`.', anyOf(str(), strList())),
    fsdp_min_num_params: doc('Min parameters', 'Size threshold of SIZE_BASED_WRAP.', int({ minimum: 0 })),
    fsdp_backward_prefetch: doc('Backward prefetch', 'When the next parameters are gathered in backward.', str(oneOfValues([['BACKWARD_PRE', 'before the current gradient computation (more memory, faster)'], ['BACKWARD_POST', 'after it'], ['NO_PREFETCH', 'never']]))),
    fsdp_backward_prefetch_policy: doc('Backward prefetch (deprecated)', 'Old name of `fsdp_backward_prefetch`.', str()),
    fsdp_forward_prefetch: doc('Forward prefetch', 'Gather the next parameters during forward.', flag()),
    fsdp_offload_params: doc('Offload parameters', 'Keep parameters and gradients in CPU memory.', flag()),
    fsdp_state_dict_type: doc('State dict type', 'How checkpoints are saved.', str(oneOfValues([['FULL_STATE_DICT', 'one full state dict on rank 0'], ['SHARDED_STATE_DICT', 'one shard per rank (fast; consolidate later)'], ['LOCAL_STATE_DICT', 'FSDP1 local shards']]))),
    fsdp_sync_module_states: doc('Sync module states', 'Broadcast rank 0\'s weights at start (needed with CPU-efficient loading).', flag()),
    fsdp_use_orig_params: doc('Use original parameters', 'Keep the original parameters (needed for torch.compile and per-parameter optimizer groups).', flag()),
    fsdp_cpu_ram_efficient_loading: doc('CPU-RAM efficient loading', 'Load the pretrained weights on rank 0 only.', flag()),
    fsdp_activation_checkpointing: doc('Activation checkpointing', 'Checkpoint the activations of wrapped units.', flag()),
    fsdp_activation_checkpointing_offload: doc('Offload checkpointed activations', 'Move the inputs of checkpointed layers to CPU memory.', flag()),
  },
  { open: true },
);

const dynamoConfig = obj(
  {
    dynamo_backend: doc('Backend', 'torch.compile backend; `NO` disables compilation. accelerate upper-cases the name, so `inductor` works too.', str({ enum: [...DYNAMO_BACKENDS, ...DYNAMO_BACKENDS.map((b) => b.toLowerCase())] })),
    dynamo_mode: doc('Mode', 'torch.compile mode.', str({ enum: ['default', 'reduce-overhead', 'max-autotune', 'max-autotune-no-cudagraphs'] })),
    dynamo_use_fullgraph: doc('Full graph', 'Fail on graph breaks.', bool()),
    dynamo_use_dynamic: doc('Dynamic shapes', 'Compile for dynamic shapes.', bool()),
    dynamo_use_regional_compilation: doc('Regional compilation', 'Compile repeated blocks once.', bool()),
  },
  { open: true },
);

// `accelerate launch` turns these into environment variables (PARALLELISM_CONFIG_*, ACCELERATE_FP8_*)
// that ParallelismConfig and the FP8 recipe kwargs read back with int() and enum checks: a value of
// the wrong kind stops the run; a key accelerate does not know is passed on unread (a check warns).
const size = (title, md) => doc(title, md, int({ minimum: 1, default: 1 }));
const parallelismConfig = obj(
  {
    parallelism_config_dp_replicate_size: size('Data-parallel replicas', 'Replicated data-parallel groups (DDP / HSDP replicas).'),
    parallelism_config_dp_shard_size: size('Data-parallel shards', 'Ranks parameters are sharded over (FSDP2).'),
    parallelism_config_tp_size: size('Tensor-parallel size', 'Ranks a layer is split over.'),
    parallelism_config_cp_size: size('Context-parallel size', 'Ranks a sequence is split over (FSDP2).'),
    parallelism_config_sp_size: size('Sequence-parallel size', 'Ranks of sequence parallelism (DeepSpeed Ulysses).'),
    parallelism_config_cp_backend: doc('Context-parallel backend', 'Implementation of context parallelism.', str({ examples: ['torch'], default: 'torch' })),
    parallelism_config_sp_backend: doc('Sequence-parallel backend', 'Implementation of sequence parallelism.', str({ examples: ['deepspeed'], default: 'deepspeed' })),
  },
  { open: true },
);
const bothCases = (values) => [...values, ...values.map((v) => (v === v.toUpperCase() ? v.toLowerCase() : v.toUpperCase()))];
const fp8Config = obj(
  {
    backend: doc('Backend', 'FP8 implementation: `TE` (Transformer Engine), `MSAMP` (MS-AMP) or `AO` (torchao).', str({ examples: ['TE', 'MSAMP', 'AO'] })),
    fp8_format: doc('Format', 'TE: `HYBRID` (E4M3 forward, E5M2 backward), `E4M3` or `E5M2`.', str({ enum: bothCases(['HYBRID', 'E4M3', 'E5M2']) })),
    margin: doc('Margin', 'TE: margin of the scaling factor.', int({ minimum: 0, default: 0 })),
    interval: doc('Interval', 'TE: steps between scaling-factor updates.', int({ minimum: 1, default: 1 })),
    amax_history_len: doc('Amax history length', 'TE: length of the amax history window.', int({ minimum: 1, default: 1024 })),
    amax_compute_algo: doc('Amax algorithm', 'TE: how amax is taken from the history.', str({ enum: bothCases(['max', 'most_recent']) })),
    override_linear_precision: doc('Override linear precision', 'TE: run fprop, dgrad, wgrad of linear layers in higher precision (three booleans).', arr(bool(), { minItems: 3, maxItems: 3 })),
    use_autocast_during_eval: doc('Autocast during eval', 'TE: keep FP8 autocast in evaluation.', flag()),
    opt_level: doc('Optimisation level', 'MS-AMP: `O1` or `O2`.', str({ enum: ['O1', 'O2'] })),
  },
  { open: true },
);

// accelerate treats a `null` section like an empty one (ClusterConfig.__post_init__)
const openSection = (title, md) => doc(title, md, { type: ['object', 'null'] });
const orNull = (schema) => ({ ...schema, type: [schema.type, 'null'] });

const properties = {
  compute_environment: doc('Compute environment', 'Where training runs.', str({ ...oneOfValues([['LOCAL_MACHINE', 'this machine or a cluster you launch on (default)'], ['AMAZON_SAGEMAKER', 'an Amazon SageMaker training job']]), default: 'LOCAL_MACHINE' })),
  distributed_type: doc('Distributed type', 'How training is distributed. Required.', str(oneOfValues([...DISTRIBUTED_TYPES, ...SAGEMAKER_TYPES]))),
  mixed_precision: doc('Mixed precision', 'Mixed-precision mode.', anyOf(str(oneOfValues([['no', 'full fp32'], ['fp16', 'fp16 with loss scaling'], ['bf16', 'bfloat16 (Ampere and newer)'], ['fp8', 'fp8 via Transformer Engine, MS-AMP or torchao (Hopper and newer)']])), { type: 'null' })),
  use_cpu: doc('Use CPU', 'Train on the CPU even when GPUs exist.', bool({ default: false })),
  debug: doc('Debug', 'Check that collective operations match across processes (slower).', bool({ default: false })),
  num_processes: doc('Number of processes', 'Processes in total, over all machines (usually the number of GPUs).', int({ minimum: -1 })),
  num_machines: doc('Number of machines', 'Machines (nodes) taking part.', int({ minimum: 1, default: 1 })),
  machine_rank: doc('Machine rank', 'Rank of this machine, from 0 to `num_machines` - 1; 0 is the main machine.', int({ minimum: 0, default: 0 })),
  // accelerate passes the text on as CUDA_VISIBLE_DEVICES, so a trailing comma (`0,`, as typed
  // at the `accelerate config` prompt) is harmless
  gpu_ids: doc('GPU ids', 'GPUs to use on this machine: `all` or a comma-separated list such as `0,1,2,3`.', anyOf(str({ pattern: '^(all|\\s*\\d+\\s*(,\\s*\\d+\\s*)*,?\\s*)$', examples: ['all', '0,1'] }), int({ minimum: 0 }), { type: 'null' })),
  main_process_ip: doc('Main process IP', 'Address of the machine with rank 0 (multi-machine).', { anyOf: [str(), { type: 'null' }] }),
  main_process_port: doc('Main process port', 'Port of the rank-0 process (multi-machine).', { anyOf: [int({ minimum: 1, maximum: 65535 }), { type: 'null' }] }),
  rdzv_backend: doc('Rendezvous backend', 'torchrun rendezvous backend.', { anyOf: [str({ enum: ['static', 'c10d', 'etcd', 'etcd-v2'] }), { type: 'null' }], default: 'static' }),
  same_network: doc('Same network', 'Whether all machines are on the same local network.', { type: ['boolean', 'null'] }),
  main_training_function: doc('Main training function', 'Function notebook_launcher and TPU launches call.', str({ default: 'main' })),
  enable_cpu_affinity: doc('CPU affinity', 'Pin each process to the CPUs nearest its GPU (NVIDIA).', bool({ default: false })),
  downcast_bf16: doc('Downcast bf16', 'TPU: keep fp32 tensors as bf16 (XLA_USE_BF16/XLA_DOWNCAST_BF16).', { anyOf: [bool(), str()] }),
  deepspeed_config: doc('DeepSpeed', 'DeepSpeed options, used when `distributed_type` is `DEEPSPEED`.', orNull(deepspeedConfig)),
  fsdp_config: doc('FSDP', 'FSDP options, used when `distributed_type` is `FSDP`.', orNull(fsdpConfig)),
  megatron_lm_config: openSection('Megatron-LM', 'Megatron-LM options (`megatron_lm_tp_degree`, `megatron_lm_pp_degree`, …), used with `MEGATRON_LM`.'),
  tp_config: openSection('Tensor parallelism', 'Tensor-parallel options (`tp_size`).'),
  parallelism_config: doc('Parallelism', 'N-D parallelism sizes (`parallelism_config_dp_replicate_size`, `…_dp_shard_size`, `…_tp_size`, `…_cp_size`).', orNull(parallelismConfig)),
  fp8_config: doc('FP8', 'FP8 recipe options (`backend`, `fp8_format`, `amax_history_len`, …), used with `mixed_precision: fp8`.', orNull(fp8Config)),
  ipex_config: openSection('IPEX', 'Intel Extension for PyTorch options (`ipex`, `use_xpu`).'),
  mpirun_config: openSection('mpirun', 'Multi-CPU launch through mpirun (`mpirun_hostfile`, `mpirun_ccl`).'),
  dynamo_config: doc('torch.compile', 'torch.compile (TorchDynamo) options.', orNull(dynamoConfig)),
  dynamo_backend: doc('Dynamo backend (legacy)', 'Old top-level form of `dynamo_config.dynamo_backend`; accelerate converts it.', str({ enum: [...DYNAMO_BACKENDS, ...DYNAMO_BACKENDS.map((b) => b.toLowerCase())] })),
  fp16: doc('fp16 (legacy)', 'Old form of `mixed_precision: fp16`; accelerate converts it.', boolish),
  tpu_name: doc('TPU name', 'Name of the TPU pod.', { anyOf: [str(), { type: 'null' }] }),
  tpu_zone: doc('TPU zone', 'Zone of the TPU pod.', { anyOf: [str(), { type: 'null' }] }),
  tpu_use_cluster: doc('TPU cluster', 'Launch on every host of a TPU pod.', bool()),
  tpu_use_sudo: doc('TPU sudo', 'Run TPU setup commands with sudo.', bool()),
  tpu_vm: doc('TPU VM setup', 'Commands to run on the TPU VMs.', { anyOf: [strList(), { type: 'null' }] }),
  tpu_env: doc('TPU environment', 'Environment variables for TPU VMs.', { anyOf: [strList(), { type: 'null' }] }),
  command_file: doc('Command file', 'File of commands to run on TPU pods.', { anyOf: [str(), { type: 'null' }] }),
  commands: doc('Commands', 'Commands to run on TPU pods.', { anyOf: [strList(), { type: 'null' }] }),
  ec2_instance_type: doc('EC2 instance type', 'SageMaker: instance type, e.g. `ml.p3.16xlarge`.', str()),
  iam_role_name: doc('IAM role', 'SageMaker: execution role.', str()),
  image_uri: doc('Image URI', 'SageMaker: training image.', { anyOf: [str(), { type: 'null' }] }),
  profile: doc('AWS profile', 'SageMaker: AWS CLI profile.', { anyOf: [str(), { type: 'null' }] }),
  region: doc('Region', 'SageMaker: AWS region.', str({ default: 'us-east-1' })),
  base_job_name: doc('Base job name', 'SageMaker: prefix of job names.', str()),
  pytorch_version: doc('PyTorch version', 'SageMaker: PyTorch version of the image.', str()),
  transformers_version: doc('Transformers version', 'SageMaker: Transformers version of the image.', str()),
  py_version: doc('Python version', 'SageMaker: Python version of the image, e.g. `py310`.', str()),
  sagemaker_inputs_file: doc('Inputs file', 'SageMaker: TSV of input channels.', { anyOf: [str(), { type: 'null' }] }),
  sagemaker_metrics_file: doc('Metrics file', 'SageMaker: TSV of metric definitions.', { anyOf: [str(), { type: 'null' }] }),
  additional_args: doc('Additional arguments', 'SageMaker: extra estimator arguments.', { anyOf: [{ type: 'object' }, { type: 'null' }] }),
};

const misplaced = (section) => ({ not: {}, errorMessage: `this option goes inside \`${section}:\` — accelerate rejects it at the top level as an unknown key` });

export function build() {
  const schema = schemaDoc(
    'accelerate',
    'accelerate-config.schema.json',
    'Hugging Face accelerate config',
    'A Hugging Face **accelerate** config: what `accelerate config` writes and `accelerate launch --config_file` reads — distribution type, processes and machines, mixed precision, DeepSpeed/FSDP options.',
    {
      type: 'object',
      required: ['distributed_type'],
      properties,
      // plugin options written at the top level instead of inside their section: accelerate rejects
      // them as unknown keys; say where they go
      patternProperties: {
        [`^(${Object.keys(deepspeedConfig.properties).join('|')})$`]: misplaced('deepspeed_config'),
        '^fsdp_(?!config$)': misplaced('fsdp_config'),
        '^parallelism_config_': misplaced('parallelism_config'),
        '^megatron_lm_(?!config$)': misplaced('megatron_lm_config'),
        '^dynamo_(mode|use_fullgraph|use_dynamic|use_regional_compilation)$': misplaced('dynamo_config'),
      },
      additionalProperties: false,
      allOf: [
        {
          if: { properties: { compute_environment: { const: 'AMAZON_SAGEMAKER' } }, required: ['compute_environment'] },
          // SageMakerConfig and ClusterConfig are different dataclasses: accelerate rejects the other's keys
          // (`not` rather than a second enum: a value that is no type at all gets one error, from the property)
          then: {
            required: ['ec2_instance_type', 'iam_role_name'],
            properties: {
              distributed_type: { not: { enum: DISTRIBUTED_TYPES.map(([v]) => v).filter((v) => v !== 'NO') }, errorMessage: 'a SageMaker config (compute_environment: AMAZON_SAGEMAKER) takes distributed_type NO, DATA_PARALLEL or MODEL_PARALLEL' },
              ...forbid(CLUSTER_ONLY),
            },
          },
          else: {
            properties: {
              distributed_type: { not: { enum: SAGEMAKER_TYPES.map(([v]) => v) }, errorMessage: 'DATA_PARALLEL and MODEL_PARALLEL are SageMaker types: they need compute_environment: AMAZON_SAGEMAKER' },
              ...forbid(SAGEMAKER_ONLY),
            },
          },
        },
      ],
      examples: [{ compute_environment: 'LOCAL_MACHINE', distributed_type: 'MULTI_GPU', num_machines: 1, num_processes: 2, gpu_ids: 'all', mixed_precision: 'bf16' }],
    },
  );
  return [{ path: 'accelerate/accelerate-config.schema.json', schema }];
}
