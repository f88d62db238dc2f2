// SkyPilot task YAML, from SkyPilot's task YAML reference (docs.skypilot.co/en/latest/reference/yaml-spec.html)
// and its validation schemas (sky/utils/schemas.py: get_task_schema, get_resources_schema,
// get_storage_schema, get_service_schema), sky/task.py and sky/resources.py on the master branch of 2026.
// SkyPilot rejects unknown keys at the top level and in `resources`, so those are closed here too.
import { doc, oneOfValues, ciEnum, str, int, num, bool, arr, strList, map, anyOf, ref, obj, schemaDoc } from './lib.mjs';

const CLOUDS = ['aws', 'azure', 'gcp', 'kubernetes', 'lambda', 'runpod', 'oci', 'ibm', 'scp', 'vsphere', 'cudo', 'fluidstack', 'paperspace', 'do', 'nebius', 'vast', 'hyperbolic', 'ssh', 'slurm', 'seeweb', 'primeintellect', 'shadeform', 'mithril', 'yotta', 'coreweave'];
const SIZE = anyOf(int({ minimum: 0 }), str({ pattern: '^[0-9]+(\\.[0-9]+)?\\s*([kKmMgGtTpP][iI]?[bB]?)?\\+?$' }));

// In one alternative of `any_of`/`ordered`, SkyPilot accepts `accelerators` only as a string or a
// one-key map (name → count); lists and sets of alternatives belong at the top of `resources`.
const singleAccelerators = doc(
  'Accelerators',
  'GPUs/TPUs per node for this alternative: `<name>:<count>` (e.g. `A100:8`) or a one-key map `{A100: 8}`.',
  anyOf(str({ examples: ['A100:8', 'H100:8', 'L4'] }), map(num(), { maxProperties: 1 })),
);

const resourceProps = {
  infra: doc('Infrastructure', 'Where to run, as `cloud[/region[/zone]]`, `k8s[/context]` or with `*` wildcards (e.g. `aws/us-east-1`, `*/us-west-2`, `k8s/my-cluster`). Replaces `cloud`, `region` and `zone`.', str({ examples: ['aws', 'gcp/us-central1', 'k8s', '*/us-east-1'] })),
  cloud: doc('Cloud (legacy)', 'Cloud to use; prefer `infra`. Case-insensitive.', str({ examples: CLOUDS })),
  region: doc('Region (legacy)', 'Region to use; prefer `infra`. Disables failover to other regions.', str()),
  zone: doc('Zone (legacy)', 'Zone to use; prefer `infra`.', str()),
  accelerators: doc(
    'Accelerators',
    'GPUs/TPUs per node: `<name>:<count>` (e.g. `A100:8`), a list or set of alternatives (`[L4:1, A10G:1]`, `{H100:8, A100-80GB:8}`), or a map from name to count.',
    anyOf(str({ examples: ['A100:8', 'H100:8', 'L4', 'tpu-v5e-8'] }), strList(), map(anyOf({ type: 'null' }, num()))),
  ),
  // sky/resources.py RESOURCE_CONFIG_ALIASES: `gpus` is renamed to `accelerators` before validation
  // (also in each `any_of`/`ordered` alternative); giving both is an error.
  gpus: doc(
    'GPUs',
    'Alias of `accelerators` (SkyPilot renames it before validation): `<name>:<count>` (e.g. `H100:8`), a list or set of alternatives, or a map from name to count. Not together with `accelerators`.',
    anyOf(str({ examples: ['A100:8', 'H100:8', 'L4'] }), strList(), map(anyOf({ type: 'null' }, num()))),
  ),
  accelerator_args: doc('Accelerator arguments', 'Extra TPU settings.', obj({
    runtime_version: doc('Runtime version', 'TPU software version.', str()),
    tpu_name: doc('TPU name', 'Name of an existing TPU.', str()),
    tpu_vm: doc('TPU VM', 'Use TPU VMs (default true).', bool()),
    gcp_queued_resource: doc('Queued resource', 'Request the TPU through GCP queued resources.', bool()),
  })),
  cpus: doc('CPUs', 'vCPUs per node: a number, or `N+` for at least N.', anyOf(num(), str({ examples: ['8', '8+', '32+'] }))),
  memory: doc('Memory', 'Memory per node in GB: a number, `N+` for at least N, or `Nx` for N times the vCPUs.', anyOf(num(), str({ examples: ['32', '32+', '4x'] }))),
  instance_type: doc('Instance type', 'Cloud instance type, e.g. `p4d.24xlarge`.', str()),
  use_spot: doc('Use spot', 'Use spot/preemptible instances.', bool({ default: false })),
  job_recovery: doc('Job recovery', 'How managed jobs recover from preemption or failure: a strategy name (`FAILOVER`, `EAGER_NEXT_REGION`) or options.', anyOf(str({ examples: ['FAILOVER', 'EAGER_NEXT_REGION'] }), obj({
    strategy: doc('Strategy', 'Recovery strategy.', anyOf(str({ examples: ['FAILOVER', 'EAGER_NEXT_REGION'] }), { type: 'null' })),
    max_restarts_on_errors: doc('Max restarts on errors', 'Restarts after user-code failures (not preemptions).', int({ minimum: 0, default: 0 })),
    recover_on_exit_codes: doc('Recover on exit codes', 'Exit codes that always trigger a restart (e.g. NCCL timeouts).', anyOf(int({ minimum: 0, maximum: 255 }), arr(int({ minimum: 0, maximum: 255 })))),
  }, {
    // open: plugins may register more keys (schemas.py _allow_additional_properties), but a key one
    // edit from a known one is a typo the API server rejects
    open: true,
    patternProperties: typosOf(['strategy', 'max_restarts_on_errors', 'recover_on_exit_codes'], 'a `job_recovery` option'),
  }))),
  // Removed from the resources schema (sky/utils/schemas.py) after its deprecation for 0.8: SkyPilot
  // now rejects it as an unknown key.
  spot_recovery: doc('Spot recovery (removed)', 'Old name of `job_recovery`, removed from SkyPilot: use `job_recovery`.', { not: {}, errorMessage: '`spot_recovery` was removed from SkyPilot (it rejects the key): use `job_recovery` (e.g. `job_recovery: FAILOVER`)' }),
  disk_size: doc('Disk size', 'OS disk size in GB (default 256), or a size such as `512GB`.', SIZE),
  disk_tier: doc('Disk tier', 'Performance tier of the OS disk.', ciEnum([['low', 'cheapest'], ['medium', 'balanced (default)'], ['high', 'fast'], ['ultra', 'fastest'], ['best', 'the best tier the instance supports']])),
  network_tier: doc('Network tier', 'Network performance: `best` asks for high-bandwidth interconnects (InfiniBand, GPUDirect).', ciEnum([['standard', 'default networking'], ['best', 'the best networking available for the instance']])),
  local_disk: doc('Local disk', 'Local NVMe/SSD requirement, e.g. `nvme:1000+`.', str()),
  ephemeral_storage: doc('Ephemeral storage (deprecated)', 'Use `disk_size`.', SIZE),
  ports: doc('Ports', 'Ports to open: a number, a range `8000-8010`, or a list of them.', anyOf(int(), str(), arr(anyOf(int(), str())), { type: 'null' })),
  labels: doc('Labels', 'Labels/tags on the instances or pods. Values must be strings.', map(str())),
  image_id: doc('Image', 'Machine image or `docker:<image>` to run the task in; may be a map from region to image.', anyOf(str({ examples: ['docker:nvcr.io/nvidia/pytorch:24.07-py3'] }), { type: 'object' }, { type: 'null' })),
  autostop: doc('Autostop', 'Stop the cluster when idle: `true`, minutes (`30`), a duration (`1h`), or `{idle_minutes, down, wait_for}`.', anyOf(bool(), int(), str(), obj({
    idle_minutes: doc('Idle minutes', 'Idle minutes before stopping.', int({ minimum: 0 })),
    down: doc('Down', 'Tear the cluster down instead of stopping it.', bool()),
    wait_for: doc('Wait for', 'What counts as activity before autostop.', ciEnum([['jobs_and_ssh', 'running jobs and SSH sessions (default)'], ['jobs', 'running jobs only'], ['none', 'nothing: stop after the idle time even if jobs run']])),
    hook: doc('Hook (deprecated)', 'Command run before autostop; use `config.hooks`.', str()),
    hook_timeout: doc('Hook timeout', 'Seconds the hook may run.', int({ minimum: 1 })),
  }))),
  priority: doc('Priority', 'Priority of the managed job (higher runs first).', int()),
  priority_class: doc('Priority class', 'Kubernetes PriorityClass of the pods.', str()),
  max_hourly_cost: doc('Max hourly cost', 'Most dollars per hour per node to pay.', num({ exclusiveMinimum: 0 })),
  volumes: doc('Volumes', 'Extra disks attached to the nodes.', arr({ type: 'object' })),
};
const resourceSetProps = { ...resourceProps, accelerators: singleAccelerators, gpus: { ...singleAccelerators, title: 'GPUs', description: 'Alias of `accelerators` in this alternative.', markdownDescription: 'Alias of `accelerators` in this alternative.' } };
// `gpus` is only an alias: SkyPilot raises "Cannot specify both gpus and accelerators in config".
const notBoth = {
  if: { required: ['gpus', 'accelerators'] },
  then: { properties: { gpus: { not: {}, errorMessage: '`gpus` is an alias of `accelerators`: SkyPilot rejects both together; keep one' } } },
};

/** patternProperties that reject a key one edit (a letter dropped, added, changed or two swapped) from a known key. */
function typosOf(keys, what) {
  const esc = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return Object.fromEntries(keys.map((k) => {
    const alts = new Set();
    for (let i = 0; i < k.length; i++) {
      alts.add(`${esc(k.slice(0, i))}.?${esc(k.slice(i + 1))}`);
      if (i + 1 < k.length) alts.add(esc(k.slice(0, i) + k[i + 1] + k[i] + k.slice(i + 2)));
    }
    for (let i = 0; i <= k.length; i++) alts.add(`${esc(k.slice(0, i))}.${esc(k.slice(i))}`);
    return [`^(?!${esc(k)}$)(?:${[...alts].join('|')})$`, { not: {}, errorMessage: `not ${what}: did you mean \`${k}\`? (SkyPilot rejects it)` }];
  }));
}

const resources = obj(
  {
    ...resourceProps,
    any_of: doc('Any of', 'Alternative resources; SkyPilot picks the cheapest that is available.', arr(ref('resourceSet'))),
    ordered: doc('Ordered', 'Alternative resources in order of preference.', arr(ref('resourceSet'))),
  },
  { allOf: [notBoth] },
);

// Task.from_yaml_config fills `$VAR`/`${VAR}` from `envs` and `secrets` into `file_mounts`, `service`,
// `workdir` and `volumes` before their own schemas run (sky/task.py _fill_in_env_vars), so an enum
// there may be a variable (`load_balancing_policy: $LB_POLICY`).
const ENV_REF = '\\$\\{?[A-Za-z_][A-Za-z0-9_]*';
const orEnvRef = (schema) => ({ ...schema, anyOf: [...schema.anyOf, { pattern: ENV_REF, patternErrorMessage: schema.anyOf[1].patternErrorMessage }] });

const storage = obj(
  {
    name: doc('Bucket name', 'Bucket to create or reuse.', str()),
    source: doc('Source', 'Local path or bucket URI (`s3://`, `gs://`, `r2://`, `https://<account>.blob.core.windows.net/…`) to upload or mount.', anyOf(str(), strList({ minItems: 1 }))),
    // SkyPilot's StoreType grows with every S3-compatible store it registers: not closed here.
    store: doc('Store', 'Object store for a new bucket, in any letter case: `s3`, `gcs`, `azure`, `r2`, `ibm`, `oci`, `nebius`, …', str({ examples: ['s3', 'gcs', 'azure', 'r2', 'ibm', 'oci', 'nebius'] })),
    persistent: doc('Persistent', 'Keep the bucket after the cluster is torn down.', bool({ default: true })),
    mode: doc('Mode', 'How the bucket appears on the nodes (any letter case).', orEnvRef(ciEnum([['MOUNT', 'mounted with a FUSE filesystem, read/write through (default)'], ['COPY', 'copied to local disk at start'], ['MOUNT_CACHED', 'mounted with a local cache that uploads in the background (checkpoints)']]))),
    mount_options: doc('Mount options', 'Extra FUSE mount options.', str()),
    config: doc('Config', 'Store-specific options.', { type: 'object' }),
    type: doc('Type', 'Kind of file mount.', str()),
  },
);

// A worker pool (`sky jobs pool apply`): the top-level `pool:` is validated as the service schema's `pool`
// (sky/task.py wraps it as `{pool: ...}` for SkyServiceSpec.from_yaml_config).
const POOL = obj({
  workers: doc('Workers', 'Fixed number of workers.', int({ minimum: 0 })),
  min_workers: doc('Min workers', 'Fewest workers.', int({ minimum: 0 })),
  max_workers: doc('Max workers', 'Most workers.', int({ minimum: 0 })),
  queue_length_threshold: doc('Queue length threshold', 'Queued jobs per worker that trigger scaling up.', int({ minimum: 1 })),
  upscale_delay_seconds: doc('Upscale delay', 'Seconds before adding workers.', num({ minimum: 0 })),
  downscale_delay_seconds: doc('Downscale delay', 'Seconds before removing workers.', num({ minimum: 0 })),
});

const properties = {
  name: doc('Name', 'Task name, shown in `sky status` and job queues.', str()),
  workdir: doc('Working directory', 'Local directory synced to `~/sky_workdir` on every node (respecting .gitignore), or a Git repository `{url, ref}`; `setup` and `run` start there.', anyOf(str(), obj({ url: doc('URL', 'Git repository URL.', str()), ref: doc('Ref', 'Branch, tag or commit.', str()) }, { required: ['url'] }))),
  num_nodes: doc('Number of nodes', 'Nodes to launch, including the head node. Each node gets `resources`.', int({ minimum: 1, default: 1 })),
  resources: doc('Resources', 'Per-node requirements: accelerators, CPUs, memory, cloud/region, spot, disk, ports.', resources),
  envs: doc('Environment variables', 'Variables for `setup` and `run`; override with `--env`. A null value must be given on the command line.', map(anyOf(str(), num(), bool(), { type: 'null' }), { propertyNames: { pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$' } })),
  secrets: doc('Secrets', 'Like `envs`, but masked in logs and the dashboard; give values with `--secret`.', anyOf(map(anyOf(str(), num(), bool(), { type: 'null' })), strList())),
  file_mounts: doc('File mounts', 'Remote path → local path, bucket URI, or a storage object (bucket to create or mount).', map(anyOf(str(), storage))),
  setup: doc('Setup', 'Commands run once when the cluster is provisioned (installing dependencies).', str()),
  run: doc('Run', 'Commands that run the task on every node. `SKYPILOT_NODE_RANK`, `SKYPILOT_NODE_IPS`, `SKYPILOT_NUM_NODES` and `SKYPILOT_NUM_GPUS_PER_NODE` describe the cluster.', str()),
  service: doc('Service', 'SkyServe settings: readiness probe, replicas and autoscaling (for `sky serve up`).', obj({
    readiness_probe: doc('Readiness probe', 'Path (`/health`) or `{path, initial_delay_seconds, timeout_seconds, post_data, headers}` checked on each replica.', anyOf(str(), obj({
      path: doc('Path', 'HTTP path polled on each replica, e.g. `/health` or `/v1/models`.', str()),
      initial_delay_seconds: doc('Initial delay', 'Seconds to wait for a new replica before probing counts (model loading).', num({ default: 1200 })),
      timeout_seconds: doc('Timeout', 'Seconds each probe request may take.', num({ default: 15 })),
      endpoint_probe_interval_seconds: doc('Probe interval', 'Seconds between probes.', num()),
      consecutive_failure_threshold_timeout: doc('Failure threshold', 'Seconds of consecutive failures before a replica is replaced.', num()),
      post_data: doc('POST data', 'Send a POST with this body (text or JSON object) instead of a GET.', anyOf(str(), { type: 'object' })),
      headers: doc('Headers', 'Extra HTTP headers of the probe request.', map(str())),
    }, { required: ['path'] }))),
    replicas: doc('Replicas', 'Fixed number of replicas.', int({ minimum: 0 })),
    replica_policy: doc('Replica policy', 'Autoscaling: `min_replicas`, `max_replicas`, `target_qps_per_replica`, delays.', obj({
      min_replicas: doc('Min replicas', 'Fewest replicas (0 scales to zero).', int({ minimum: 0 })),
      max_replicas: doc('Max replicas', 'Most replicas; autoscaling needs it with `target_qps_per_replica`.', int({ minimum: 0 })),
      num_overprovision: doc('Overprovision', 'Extra replicas kept above the autoscaler\'s target.', int({ minimum: 0 })),
      target_qps_per_replica: doc('Target QPS per replica', 'Queries per second one replica should handle: a number, or a map from accelerator (`H100:1`) to its QPS.', anyOf(num({ minimum: 0 }), { type: 'object', additionalProperties: num({ minimum: 0 }) })),
      dynamic_ondemand_fallback: doc('Dynamic on-demand fallback', 'Launch on-demand replicas while spot ones are unavailable.', bool()),
      base_ondemand_fallback_replicas: doc('Base on-demand replicas', 'On-demand replicas always kept next to spot ones.', int({ minimum: 0 })),
      spot_placer: doc('Spot placer', 'How spot replicas are spread over zones, e.g. `dynamic_fallback`.', str()),
      upscale_delay_seconds: doc('Upscale delay', 'Seconds the load must stay high before adding replicas.', num()),
      downscale_delay_seconds: doc('Downscale delay', 'Seconds the load must stay low before removing replicas.', num()),
    }, { required: ['min_replicas'] })),
    ports: doc('Port', 'Port the replicas serve on.', int()),
    load_balancing_policy: doc('Load balancing', 'How requests are spread over replicas (any letter case).', orEnvRef(ciEnum([['round_robin', 'each replica in turn'], ['least_load', 'the replica with the fewest requests in flight (default)'], ['instance_aware_least_load', 'least load weighted by each replica\'s accelerator']]))),
    load_balancer: doc('Load balancer', 'Load balancer options.', obj({ stream_timeout_seconds: doc('Stream timeout', 'Seconds a streamed response may stay idle.', num()) })),
    tls: doc('TLS', 'Key and certificate files for HTTPS.', obj({ keyfile: doc('Key file', 'Private key.', str()), certfile: doc('Certificate file', 'Certificate.', str()) }, { required: ['keyfile', 'certfile'] })),
    pool: doc('Pool', 'Worker pool settings.', POOL),
    workers: doc('Workers', 'Workers of a pool.', int()),
  })),
  pool: doc('Pool', 'Worker pool settings (`sky jobs pool apply`): `workers`, or `min_workers`/`max_workers` with autoscaling. Not together with `service`.', POOL),
  // sky/utils/schemas.py get_task_schema (2026): a managed job fails if it has not started running this
  // long after submission; integer seconds or NUMBER[s|m|h|d|w] (TIME_PATTERN_SECONDS); not 0.
  queue_timeout: doc('Queue timeout', 'Managed jobs: give up if the job has not started running this long after submission: seconds (`600`) or `NUMBER[s|m|h|d|w]` (`2h`).', anyOf(int({ minimum: 1 }), str({ pattern: '^[0-9]+[smhdw]?$', examples: ['30m', '2h', '1d'] }))),
  event_callback: doc('Event callback', 'Command run on job events (experimental).', str()),
  inputs: doc('Inputs', 'Input data and its size in GB (experimental, for optimisation).', map(num(), { maxProperties: 1 })),
  outputs: doc('Outputs', 'Output data and its size in GB (experimental).', map(num(), { maxProperties: 1 })),
  config: doc('Config', 'Overrides of `~/.sky/config.yaml` for this task (e.g. `kubernetes.pod_config`, `docker.run_options`).', { type: 'object' }),
  volumes: doc('Volumes', 'SkyPilot volumes to mount: mount path → volume name.', { type: 'object' }),
  volume_mounts: doc('Volume mounts', 'Resolved volume mounts (written by SkyPilot).', arr({ type: 'object' })),
  managed_secrets: doc('Managed secrets', 'Managed secrets to expose.', arr({})),
  file_mounts_mapping: doc('File mounts mapping', 'Internal.', { type: 'object' }),
  api_server_access: doc('API server access', 'Give the task access to the SkyPilot API server.', bool()),
  _metadata: doc('Metadata', 'Internal.', { type: 'object' }),
};

// The first document of a multi-document YAML may be a header instead of a task (sky/utils/dag_utils.py):
// a pipeline header (`name`, optionally `execution: serial`) or a job group header (`execution: parallel`,
// `primary_tasks`, `termination_delay`; docs/source/examples/job-groups.rst). A document with any of the
// header-only keys may hold nothing but header keys.
const HEADER_KEYS = ['name', 'execution', 'primary_tasks', 'termination_delay'];
const DURATION = anyOf(int({ minimum: 0 }), str({ pattern: '^[0-9]+[smhdw]?$' }));
const headerProperties = {
  execution: doc('Execution (header)', 'In the first document of a multi-document YAML: `parallel` makes the file a **job group** (all tasks launched together), `serial` (the default) a pipeline run task after task.', str(oneOfValues([['parallel', 'job group: the tasks run at the same time'], ['serial', 'pipeline: the tasks run one after another (default)']]))),
  primary_tasks: doc('Primary tasks (job group header)', 'Names of the tasks that decide when the job group ends; the others are auxiliary and are stopped once all primary tasks finish. Default: every task is primary.', strList()),
  termination_delay: doc('Termination delay (job group header)', 'How long auxiliary tasks may keep running after the primary tasks finish: `NUMBER[s|m|h|d|w]` (e.g. `30s`), or a map from task name (or `default`) to such a delay.', anyOf(DURATION, map(DURATION))),
};

export function build() {
  const schema = schemaDoc(
    'skypilot',
    'task.schema.json',
    'SkyPilot task',
    'A **SkyPilot** task YAML (`sky launch task.yaml`, `sky jobs launch`): resources per node, number of nodes, files to sync and mount, and the `setup` and `run` commands.',
    {
      type: 'object',
      properties: { ...properties, ...headerProperties },
      additionalProperties: false,
      if: { anyOf: Object.keys(headerProperties).map((k) => ({ required: [k] })) },
      then: { propertyNames: { enum: HEADER_KEYS } },
      // sky/task.py: "Cannot set both service and pool in the same task."
      allOf: [{ if: { required: ['service', 'pool'] }, then: { properties: { pool: { not: {}, errorMessage: 'a task is a service (`service:`) or a worker pool (`pool:`), not both: SkyPilot rejects the two together' } } } }],
      examples: [{ resources: { accelerators: 'A100:8' }, num_nodes: 2, setup: 'pip install -r requirements.txt', run: 'torchrun --nnodes=$SKYPILOT_NUM_NODES train.py' }],
    },
    { resourceSet: obj(resourceSetProps, { allOf: [notBoth] }) },
  );
  return [{ path: 'skypilot/task.schema.json', schema }];
}
