// dstack configurations (`.dstack.yml`, `*.dstack.yml`), from dstack's `.dstack.yml` reference
// (dstack.ai/docs/reference/dstack.yml/…) and its pydantic models
// (src/dstack/_internal/core/models/configurations.py, profiles.py, resources.py, fleets.py,
// volumes.py, gateways.py) as of dstack 0.19. dstack adds fields often, so unknown keys are
// allowed; the ones below are typed and documented. `type` selects the configuration kind.
import { doc, oneOfValues, str, int, num, bool, arr, strList, map, anyOf, ref, obj, schemaDoc } from './lib.mjs';

const TYPES = [
  ['task', 'a batch job or app on one or more nodes (training, fine-tuning)'],
  ['service', 'a model or web app behind an endpoint, with replicas and auto-scaling'],
  ['dev-environment', 'a remote machine to work in from your IDE'],
  ['fleet', 'a group of cloud instances or SSH hosts that runs the others'],
  ['volume', 'a network volume to attach to runs'],
  ['gateway', 'a public endpoint (domain, TLS) for services'],
  ['preset', 'reusable settings other configurations refer to'],
];

const RANGE = '^\\s*[0-9.]*\\s*[a-zA-Z]*\\s*(\\.\\.\\s*[0-9.]*\\s*[a-zA-Z]*)?\\s*$';
const rangeOr = (md, examples) => anyOf(num(), str({ examples }), obj({ min: doc('Min', 'Lower bound.', anyOf(num(), str())), max: doc('Max', 'Upper bound.', anyOf(num(), str())) }, { open: true }));
const duration = (md, examples) => doc(md[0], md[1], anyOf(int({ minimum: 0 }), str({ examples }), bool()));

const resources = obj(
  {
    gpu: doc(
      'GPU',
      'GPU requirement: a count (`2`), a name (`A100`), memory (`24GB..`), or combined `name:memory:count` (`H100:80GB:8`, `A100,H100:2`); ranges use `..`. Or an object with `name`, `count`, `memory`, `total_memory`, `compute_capability`, `vendor`.',
      anyOf(int({ minimum: 0 }), str({ examples: ['24GB', 'A100:2', 'H100:8', '80GB:1..2'] }), obj({
        name: doc('Name', 'GPU name or list of names.', anyOf(str(), strList())),
        count: doc('Count', 'Number or range of GPUs.', rangeOr()),
        memory: doc('Memory', 'Memory per GPU, e.g. `24GB..`.', rangeOr()),
        total_memory: doc('Total memory', 'Memory of all GPUs together.', rangeOr()),
        compute_capability: doc('Compute capability', 'Minimum CUDA compute capability, e.g. `8.0`.', anyOf(num(), str())),
        vendor: doc('Vendor', 'GPU vendor.', str({ enum: ['nvidia', 'amd', 'google', 'intel', 'tenstorrent'] })),
      }, { open: true })),
    ),
    cpu: doc('CPU', 'CPU cores: a number, a range (`4..`), or `{arch, count}`.', anyOf(int({ minimum: 0 }), str({ examples: ['4..', '8..16', 'arm:4..'] }), { type: 'object' })),
    memory: doc('Memory', 'RAM, e.g. `16GB..`.', anyOf(num(), str({ pattern: RANGE, examples: ['16GB..', '64GB..128GB'] }), { type: 'object' })),
    shm_size: doc('Shared memory', 'Size of `/dev/shm`, e.g. `16GB` (PyTorch data loaders need it).', anyOf(num(), str({ examples: ['16GB'] }))),
    disk: doc('Disk', 'Disk size, e.g. `100GB..`, or `{size}`.', anyOf(num(), str({ examples: ['100GB..', '500GB'] }), { type: 'object' })),
  },
  { open: true },
);

const env = doc('Environment', 'Environment variables: a map, or a list of `NAME=value` and bare `NAME` (taken from your shell or `--env`).', anyOf(
  arr(str({ pattern: '^[a-zA-Z_][a-zA-Z0-9_]*(=[\\s\\S]*)?$' })),
  map(anyOf(str(), num(), bool(), { type: 'null' })),
));

const profile = {
  backends: doc('Backends', 'Backends to consider, e.g. `[aws, gcp, runpod]`.', strList()),
  regions: doc('Regions', 'Regions to consider.', strList()),
  availability_zones: doc('Availability zones', 'Zones to consider.', strList()),
  instance_types: doc('Instance types', 'Cloud instance types to consider.', strList()),
  reservation: doc('Reservation', 'Capacity reservation or block to use.', str()),
  spot_policy: doc('Spot policy', 'Whether to use spot instances.', str({ ...oneOfValues([['spot', 'only spot'], ['on-demand', 'only on-demand'], ['auto', 'spot when available, else on-demand']]) })),
  retry: doc('Retry', '`true` to retry on any event, or `{on_events: [no-capacity, interruption, error], duration}`.', anyOf(bool(), obj({
    on_events: doc('On events', 'Events that trigger a retry.', arr(str({ enum: ['no-capacity', 'interruption', 'error'] }))),
    duration: doc('Duration', 'How long to keep retrying, e.g. `1h`.', anyOf(int(), str())),
  }, { open: true }))),
  max_duration: duration(['Max duration', 'Stop the run after this long, e.g. `2h`, `1d`; `off` for no limit.'], ['2h', '1d', 'off']),
  stop_duration: duration(['Stop duration', 'Grace period for a graceful stop, e.g. `5m`; `off` to wait forever.'], ['5m', 'off']),
  max_price: doc('Max price', 'Most dollars per hour per instance.', num({ exclusiveMinimum: 0 })),
  creation_policy: doc('Creation policy', 'Whether new instances may be created.', str({ ...oneOfValues([['reuse', 'only reuse idle instances of fleets'], ['reuse-or-create', 'reuse, else create (default)']]) })),
  idle_duration: duration(['Idle duration', 'Terminate instances idle this long, e.g. `30m`; `off` to keep them.'], ['30m', '1h', 'off']),
  utilization_policy: doc('Utilization policy', 'Stop the run when GPU utilisation stays below `min_gpu_utilization` % for `time_window`.', obj({
    min_gpu_utilization: doc('Min GPU utilization', 'Percent (0–100).', int({ minimum: 0, maximum: 100 })),
    time_window: doc('Time window', 'How long, e.g. `1h`.', anyOf(int(), str())),
  }, { required: ['min_gpu_utilization', 'time_window'] })),
  schedule: doc('Schedule', 'Start the run on a cron schedule: `{cron: "0 3 * * *"}` (UTC).', obj({ cron: doc('Cron', 'Cron expression(s).', anyOf(str(), strList())) }, { required: ['cron'] })),
  fleets: doc('Fleets', 'Fleets the run may use.', strList()),
  tags: doc('Tags', 'Tags on the cloud resources.', map(str())),
};

const run = {
  name: doc('Name', 'Name of the run; generated when left out. Lower-case letters, digits and `-`.', str({ pattern: '^[a-z][a-z0-9-]{1,40}$' })),
  image: doc('Image', 'Docker image to run in; default is dstack\'s CUDA base image.', str({ examples: ['nvcr.io/nvidia/pytorch:24.07-py3'] })),
  python: doc('Python', 'Python version of the default image (not with `image`). Quote it: `"3.10"`.', anyOf(str({ enum: ['3.9', '3.10', '3.11', '3.12', '3.13'] }), num())),
  nvcc: doc('nvcc', 'Use an image with the CUDA compiler (default image only).', bool()),
  entrypoint: doc('Entrypoint', 'Docker entrypoint.', str()),
  working_dir: doc('Working directory', 'Directory the commands start in.', str()),
  user: doc('User', 'User (`name` or `uid[:gid]`) to run as.', str()),
  privileged: doc('Privileged', 'Run the container privileged.', bool()),
  docker: doc('Docker', 'Enable Docker inside the run (Docker-in-Docker).', bool()),
  registry_auth: doc('Registry auth', 'Credentials for a private image: `{username, password}` (use `${{ secrets.X }}`).', obj({ username: doc('Username', 'Registry user.', str()), password: doc('Password', 'Registry password or token.', str()) }, { required: ['username', 'password'] })),
  env,
  shell: doc('Shell', 'Shell for the commands: `sh`, `bash`, or an absolute path.', str()),
  setup: doc('Setup (deprecated)', 'Deprecated: commands run before `commands`; put them in `commands`/`init`.', strList()),
  resources: doc('Resources', 'GPU, CPU, memory, shared memory and disk requirements.', resources),
  volumes: doc('Volumes', 'Volumes to mount: `name:/path`, `/host/path:/path`, or `{name, path}`.', arr(anyOf(str(), { type: 'object' }))),
  repos: doc('Repos', 'Git repositories to clone into the run: `.` (this repo), URLs, or `{local_path|url, path, branch, hash}`.', arr(anyOf(str(), { type: 'object' }))),
  files: doc('Files', 'Local files to upload: `local:remote` or `{local_path, path}`.', arr(anyOf(str(), { type: 'object' }))),
  single_branch: doc('Single branch', 'Clone only the current branch.', bool()),
  priority: doc('Priority', 'Run priority, 0–100.', int({ minimum: 0, maximum: 100 })),
  ...profile,
};

const ports = doc('Ports', 'Ports to forward: `8000`, or `local:container` (`8080:80`, `*:80`).', arr(anyOf(int({ minimum: 1, maximum: 65536 }), str({ pattern: '^(?:[0-9]+|\\*):[0-9]+$' }), { type: 'object' })));
const commands = doc('Commands', 'Shell commands to run.', strList());

const byType = {
  task: {
    ...run,
    commands,
    ports,
    nodes: doc('Nodes', 'Nodes to run on (distributed tasks): `DSTACK_NODE_RANK`, `DSTACK_MASTER_NODE_IP`, `DSTACK_NODES_NUM` and `DSTACK_GPUS_PER_NODE` describe the cluster.', int({ minimum: 1, default: 1 })),
    startup_order: doc('Startup order', 'Order nodes start in.', str({ enum: ['any', 'master-first', 'workers-first'] })),
    stop_criteria: doc('Stop criteria', 'When a multi-node task is done.', str(oneOfValues([['all-done', 'every node has finished (default)'], ['master-done', 'the master node has finished']]))),
  },
  service: {
    ...run,
    commands,
    port: doc('Port', 'Port the app listens on, or `local:container`.', anyOf(int({ minimum: 1, maximum: 65536 }), str({ pattern: '^[0-9]+:[0-9]+$' }), { type: 'object' })),
    gateway: doc('Gateway', 'Gateway to publish on: a name, `true` for the default, `false` for none.', anyOf(bool(), str())),
    strip_prefix: doc('Strip prefix', 'Strip `/proxy/services/<project>/<run>/` before forwarding.', bool()),
    model: doc('Model', 'Publish as an OpenAI-compatible model: a model name, or `{type: chat, name, format, prefix}`.', anyOf(str(), { type: 'object' })),
    https: doc('HTTPS', 'Serve over HTTPS (with a gateway).', anyOf(bool(), str({ const: 'auto' }))),
    auth: doc('Auth', 'Require a dstack token.', bool({ default: true })),
    replicas: doc('Replicas', 'Number of replicas, or a range (`0..4`) with `scaling`.', anyOf(int({ minimum: 0 }), str({ pattern: '^\\s*[0-9]*\\s*\\.\\.\\s*[0-9]*\\s*$' }), { type: 'object' }, arr({ type: 'object' }))),
    scaling: doc('Scaling', 'Auto-scaling: `{metric: rps, target, scale_up_delay, scale_down_delay}`.', obj({
      metric: doc('Metric', 'Only `rps` (requests per second).', str({ const: 'rps' })),
      target: doc('Target', 'Target value per replica.', num()),
      scale_up_delay: doc('Scale-up delay', 'Delay before scaling up.', anyOf(int(), str())),
      scale_down_delay: doc('Scale-down delay', 'Delay before scaling down.', anyOf(int(), str())),
    }, { required: ['metric', 'target'] })),
    rate_limits: doc('Rate limits', 'Request rate limits by path prefix.', arr({ type: 'object' })),
    probes: doc('Probes', 'HTTP readiness probes.', arr({ type: 'object' })),
  },
  'dev-environment': {
    ...run,
    ports,
    ide: doc('IDE', 'IDE to set up; leave out for SSH only.', str({ enum: ['vscode', 'cursor', 'windsurf'] })),
    version: doc('IDE version', 'Version of the IDE server.', str()),
    init: doc('Init', 'Commands run when the environment starts.', strList()),
    inactivity_duration: duration(['Inactivity duration', 'Stop after this long without SSH connections, e.g. `2h`; `off` to never stop.'], ['2h', 'off']),
  },
  fleet: {
    name: doc('Name', 'Name of the fleet.', str()),
    nodes: doc('Nodes', 'Instances: a number, a range (`0..2`), or `{min, max, target}`.', anyOf(int({ minimum: 0 }), str(), { type: 'object' })),
    placement: doc('Placement', '`cluster` puts instances close together with fast interconnect (for distributed tasks).', str({ enum: ['any', 'cluster'] })),
    resources: doc('Resources', 'Resources of each instance.', resources),
    blocks: doc('Blocks', 'Split each instance into this many blocks to share it between runs (`auto` = one per GPU).', anyOf(int({ minimum: 1 }), str({ const: 'auto' }))),
    ssh_config: doc('SSH config', 'On-prem fleet: `{user, identity_file, port, proxy_jump, hosts: [...]}`.', obj({ hosts: doc('Hosts', 'Host names/IPs or host objects.', arr(anyOf(str(), { type: 'object' }))) }, { open: true })),
    env,
    ...profile,
  },
  volume: {
    name: doc('Name', 'Name of the volume.', str()),
    backend: doc('Backend', 'Backend that hosts the volume, e.g. `aws`, `gcp`, `runpod`.', str()),
    region: doc('Region', 'Region of the volume.', str()),
    availability_zone: doc('Availability zone', 'Zone of the volume.', str()),
    size: doc('Size', 'Size of a new volume, e.g. `100GB`.', anyOf(num(), str())),
    volume_id: doc('Volume ID', 'ID of an existing cloud volume to register.', str()),
    auto_cleanup_duration: duration(['Auto cleanup', 'Delete the volume after it is unused this long.'], ['1d', 'off']),
    tags: doc('Tags', 'Tags on the cloud volume.', map(str())),
  },
  gateway: {
    name: doc('Name', 'Name of the gateway.', str()),
    backend: doc('Backend', 'Backend to create it in.', str()),
    region: doc('Region', 'Region to create it in.', str()),
    instance_type: doc('Instance type', 'Instance type of the gateway.', str()),
    domain: doc('Domain', 'Wildcard domain services are published under, e.g. `example.com`.', str()),
    default: doc('Default', 'Make it the project\'s default gateway.', bool()),
    public_ip: doc('Public IP', 'Give the gateway a public IP.', bool({ default: true })),
    certificate: doc('Certificate', '`{type: lets-encrypt}` or `{type: acm, arn}`.', anyOf({ type: 'object' }, { type: 'null' })),
    router: doc('Router', 'Request router, e.g. `{type: sglang}`.', { type: 'object' }),
    tags: doc('Tags', 'Tags on the gateway\'s resources.', map(str())),
  },
};

export function build() {
  const all = {};
  for (const props of Object.values(byType)) Object.assign(all, props);
  const properties = {
    type: doc('Type', 'What the configuration defines.', str(oneOfValues(TYPES))),
    ...all,
  };
  const allOf = Object.entries(byType).map(([type, props]) => ({
    if: { properties: { type: { const: type } }, required: ['type'] },
    then: { ...(type === 'task' || type === 'service' ? { anyOf: [{ required: ['commands'] }, { required: ['image'] }] } : {}), ...(type === 'service' ? { required: ['port'] } : {}) },
  }));
  const schema = schemaDoc(
    'dstack',
    'dstack.schema.json',
    'dstack configuration',
    'A **dstack** configuration (`.dstack.yml`, `*.dstack.yml`): a task, service, dev environment, fleet, volume or gateway, chosen by `type`, applied with `dstack apply -f`.',
    { type: 'object', required: ['type'], properties, allOf, examples: [{ type: 'task', name: 'train', python: '3.12', commands: ['pip install -r requirements.txt', 'python train.py'], resources: { gpu: 'A100:80GB:2' } }] },
  );
  return [{ path: 'dstack/dstack.schema.json', schema }];
}
