// dstack configurations (`.dstack.yml`, `*.dstack.yml`), from dstack's `.dstack.yml` reference
// (dstack.ai/docs/reference/dstack.yml/…) and its pydantic models
// (src/dstack/_internal/core/models/configurations.py, profiles.py, resources.py, fleets.py,
// volumes.py, gateways.py, envs.py, files.py) as of dstack 0.19/0.20. `type` selects the configuration
// kind. dstack's models are pydantic-duality request models, which reject keys they do not know
// ("extra fields not permitted"). dstack adds top-level keys often (a service's `router` came after
// the models these lists were taken from), so a top-level key a kind does not list is a warning
// (likely a typo, or a newer dstack), not an error, unless it is one edit from a key of the kind
// (`imgae`, `envs` on a service) or a resource written at the top level (`gpu:`); `resources` and its GPU/CPU/disk objects,
// which have not changed for many releases, are closed.
import { doc, oneOfValues, ciPattern, str, int, num, bool, arr, strList, map, anyOf, ref, obj, schemaDoc } from './lib.mjs';

const TYPES = [
  ['task', 'a batch job or app on one or more nodes (training, fine-tuning)'],
  ['service', 'a model or web app behind an endpoint, with replicas and auto-scaling'],
  ['dev-environment', 'a remote machine to work in from your IDE'],
  ['fleet', 'a group of cloud instances or SSH hosts that runs the others'],
  ['volume', 'a network volume to attach to runs'],
  ['gateway', 'a public endpoint (domain, TLS) for services'],
  ['preset', 'reusable settings other configurations refer to'],
  // configurations.py EndpointConfiguration (dstack master, 2026): a model endpoint dstack finds a
  // serving preset for; still changing, so its keys are not checked here
  ['endpoint', 'a model endpoint dstack benchmarks and serves a preset for (newer dstack)'],
];

const RANGE = '^\\s*[0-9.]*\\s*[a-zA-Z]*\\s*(\\.\\.\\s*[0-9.]*\\s*[a-zA-Z]*)?\\s*$';
const rangeObj = () => obj({ min: doc('Min', 'Lower bound.', anyOf(num(), str(), { type: 'null' })), max: doc('Max', 'Upper bound.', anyOf(num(), str(), { type: 'null' })) });
const rangeOr = (md, examples) => anyOf(num(), str({ examples }), rangeObj());
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
        compute_capability: doc('Compute capability', 'Minimum CUDA compute capability, e.g. `8.0`.', anyOf(num(), str(), arr(anyOf(int(), str()), { minItems: 2, maxItems: 2 }))),
        vendor: doc('Vendor', 'GPU vendor, in any letter case: `nvidia`, `amd`, `google` (or `tpu`), `intel`, `tenstorrent` (or `tt`).', str({ pattern: ciPattern(['nvidia', 'amd', 'google', 'tpu', 'intel', 'tenstorrent', 'tt']), examples: ['nvidia', 'amd', 'google', 'intel', 'tenstorrent'] })),
      })),
    ),
    cpu: doc('CPU', 'CPU cores: a number, a range (`4..`), `arch:count` (`arm:4..`), or `{arch, count}`.', anyOf(int({ minimum: 0 }), str({ examples: ['4..', '8..16', 'arm:4..'] }), obj({
      arch: doc('Architecture', 'CPU architecture: `x86` or `arm`.', str({ examples: ['x86', 'arm'] })),
      count: doc('Count', 'Number or range of cores.', rangeOr()),
    }), rangeObj())),
    memory: doc('Memory', 'RAM, e.g. `16GB..`.', anyOf(num(), str({ pattern: RANGE, examples: ['16GB..', '64GB..128GB'] }), rangeObj())),
    shm_size: doc('Shared memory', 'Size of `/dev/shm`, e.g. `16GB` (PyTorch data loaders need it).', anyOf(num(), str({ examples: ['16GB'] }))),
    disk: doc('Disk', 'Disk size, e.g. `100GB..`, or `{size}`.', anyOf(num(), str({ examples: ['100GB..', '500GB'] }), obj({ size: doc('Size', 'Disk size or range, e.g. `200GB..`.', rangeOr()) }, { required: ['size'] }))),
  },
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
  }))),
  max_duration: duration(['Max duration', 'Stop the run after this long, e.g. `2h`, `1d`; `off` for no limit.'], ['2h', '1d', 'off']),
  stop_duration: duration(['Stop duration', 'Grace period for a graceful stop, e.g. `5m`; `off` to wait forever.'], ['5m', 'off']),
  max_price: doc('Max price', 'Most dollars per hour per instance.', num({ exclusiveMinimum: 0 })),
  creation_policy: doc('Creation policy', 'Whether new instances may be created.', str({ ...oneOfValues([['reuse', 'only reuse idle instances of fleets'], ['reuse-or-create', 'reuse, else create (default)']]) })),
  // profiles.py parse_idle_duration: `off` or -1 keep idle instances forever
  idle_duration: doc('Idle duration', 'Terminate instances idle this long, e.g. `30m`; `off` (or `-1`) to keep them.', anyOf(int({ minimum: -1 }), str({ examples: ['30m', '1h', 'off'] }), bool())),
  utilization_policy: doc('Utilization policy', 'Stop the run when GPU utilisation stays below `min_gpu_utilization` % for `time_window`.', obj({
    min_gpu_utilization: doc('Min GPU utilization', 'Percent (0–100).', int({ minimum: 0, maximum: 100 })),
    time_window: doc('Time window', 'How long, e.g. `1h`.', anyOf(int(), str())),
  }, { required: ['min_gpu_utilization', 'time_window'] })),
  schedule: doc('Schedule', 'Start the run on a cron schedule: `{cron: "0 3 * * *"}` (UTC).', obj({ cron: doc('Cron', 'Cron expression(s).', anyOf(str(), strList())) }, { required: ['cron'] })),
  fleets: doc('Fleets', 'Fleets the run may use.', strList()),
  tags: doc('Tags', 'Tags on the cloud resources.', map(str())),
  startup_order: doc('Startup order', 'Order the nodes of a multi-node run start in.', str(oneOfValues([['any', 'no order (default)'], ['master-first', 'the master node first'], ['workers-first', 'the workers first']]))),
  stop_criteria: doc('Stop criteria', 'When a multi-node run is done.', str(oneOfValues([['all-done', 'every node has finished (default)'], ['master-done', 'the master node has finished']]))),
};
// Keys dstack still reads but no longer documents (kept for 0.18 clients).
const deprecatedProfile = {
  pool_name: doc('Pool name (deprecated)', 'Unused since dstack 0.18: use `fleets`.', str()),
  instance_name: doc('Instance name (deprecated)', 'Unused since dstack 0.18.', str()),
  retry_policy: doc('Retry policy (deprecated)', 'Use `retry`.', { type: 'object' }),
  termination_policy: doc('Termination policy (deprecated)', 'Use `idle_duration`.', str({ enum: ['dont-destroy', 'destroy-after-idle'] })),
  termination_idle_time: doc('Termination idle time (deprecated)', 'Use `idle_duration`.', anyOf(int(), str())),
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
  home_dir: doc('Home directory (deprecated)', 'No effect since dstack 0.18.31.', str()),
  resources: doc('Resources', 'GPU, CPU, memory, shared memory and disk requirements.', resources),
  volumes: doc('Volumes', 'Volumes to mount: `name:/path` (a network volume), `/host/path:/path` (an instance path), `{name, path}` (`name` may list alternatives) or `{instance_path, path, optional}`.', arr(anyOf(
    str({ pattern: '^[^:]+:[^:]+$' }),
    obj({ name: doc('Name', 'Network volume, or a list of volumes to pick one from (other backends/regions).', anyOf(str(), strList({ minItems: 1 }))), path: doc('Path', 'Absolute path in the container.', str()) }, { required: ['name', 'path'] }),
    obj({ instance_path: doc('Instance path', 'Absolute path on the host.', str()), path: doc('Path', 'Absolute path in the container.', str()), optional: doc('Optional', 'Run without it on backends that have no instance volumes.', bool({ default: false })) }, { required: ['instance_path', 'path'] }),
  ))),
  repos: doc('Repos', 'Git repositories to clone into the run: `.` (this repo), URLs, or `{local_path|url, path, branch, hash}`.', arr(anyOf(str(), obj({
    local_path: doc('Local path', 'Repository on this machine (not with `url`).', str()),
    url: doc('URL', 'Repository URL (not with `local_path`).', str()),
    branch: doc('Branch', 'Branch to check out.', str()),
    hash: doc('Commit', 'Commit to check out.', str()),
    path: doc('Path', 'Where to clone it in the container (default `.`).', str()),
    if_exists: doc('If exists', 'What to do when `path` is not empty.', str({ enum: ['error', 'skip'] })),
  })))),
  files: doc('Files', 'Local files to upload: `local:remote` or `{local_path, path}`.', arr(anyOf(str(), obj({ local_path: doc('Local path', 'File or folder on this machine.', str()), path: doc('Path', 'Path in the container.', str()) }, { required: ['local_path', 'path'] })))),
  single_branch: doc('Single branch', 'Clone only the current branch.', bool()),
  priority: doc('Priority', 'Run priority, 0–100.', int({ minimum: 0, maximum: 100 })),
  ...profile,
  ...deprecatedProfile,
};

// pydantic reads a quoted "8000" as the port number, so a bare number string is a port too.
const ports = doc('Ports', 'Ports to forward: `8000`, or `local:container` (`8080:80`, `*:80`).', arr(anyOf(int({ minimum: 1, maximum: 65536 }), str({ pattern: '^(?:(?:[0-9]+|\\*):)?[0-9]+$' }), obj({ local_port: doc('Local port', 'Port on your machine.', anyOf(int(), { type: 'null' })), container_port: doc('Container port', 'Port in the run.', int()) }, { required: ['container_port'] }))));
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
    port: doc('Port', 'Port the app listens on, or `local:container`.', anyOf(int({ minimum: 1, maximum: 65536 }), str({ pattern: '^(?:[0-9]+:)?[0-9]+$' }), obj({ local_port: doc('Local port', 'Ignored for services.', anyOf(int(), { type: 'null' })), container_port: doc('Container port', 'Port the app listens on.', int()) }, { required: ['container_port'] }))),
    gateway: doc('Gateway', 'Gateway to publish on: a name, `true` for the default, `false` for none.', anyOf(bool(), str())),
    strip_prefix: doc('Strip prefix', 'Strip `/proxy/services/<project>/<run>/` before forwarding.', bool()),
    model: doc('Model', 'Publish as an OpenAI-compatible model: a model name, or `{type: chat, name, format, prefix}`.', anyOf(str(), obj({
      type: doc('Type', 'Kind of model; only `chat`.', str({ const: 'chat' })),
      name: doc('Name', 'Model name in the OpenAI-compatible API.', str()),
      format: doc('Format', 'Serving format: `openai` (the app serves the OpenAI API) or `tgi`.', str({ enum: ['openai', 'tgi'] })),
      prefix: doc('Prefix', 'Path prefix of the OpenAI API (`openai` format), default `/v1`.', str()),
      chat_template: doc('Chat template', 'Prompt template (`tgi` format).', str()),
      eos_token: doc('EOS token', 'End-of-sequence token (`tgi` format).', str()),
    }, { required: ['name', 'format'] }))),
    https: doc('HTTPS', 'Serve over HTTPS (with a gateway).', anyOf(bool(), str({ const: 'auto' }))),
    auth: doc('Auth', 'Require a dstack token.', bool({ default: true })),
    replicas: doc('Replicas', 'Number of replicas, a range (`0..4`) with `scaling`, or a list of replica groups (`name`, `count`, `scaling`, `resources`, `commands`).', anyOf(int({ minimum: 0 }), str({ pattern: '^\\s*[0-9]*\\s*(\\.\\.\\s*[0-9]*\\s*)?$' }), rangeObj(), arr(obj({
      name: doc('Name', 'Name of the group (default: its position).', str({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$' })),
      count: doc('Count', 'Replicas of the group: a number or a range (`0..4`, needs `scaling`).', anyOf(int({ minimum: 0 }), str(), rangeObj())),
      scaling: doc('Scaling', 'Auto-scaling of the group.', ref('scaling')),
      resources: doc('Resources', 'Resources of the group\'s replicas.', resources),
      commands: doc('Commands', 'Commands of the group\'s replicas.', strList()),
    }, { required: ['count'] }), { minItems: 1 }))),
    scaling: doc('Scaling', 'Auto-scaling: `{metric: rps, target, scale_up_delay, scale_down_delay}`.', ref('scaling')),
    rate_limits: doc('Rate limits', 'Request rate limits by path prefix.', arr(obj({
      prefix: doc('Prefix', 'URL path prefix the limit applies to (default `/`).', str({ pattern: '^/' })),
      key: doc('Key', 'How requests are partitioned: `{type: ip_address}` (default) or `{type: header, header: X-Api-Key}`.', { type: 'object' }),
      rps: doc('Requests per second', 'Most requests per second per partition.', num({ exclusiveMinimum: 0 })),
      burst: doc('Burst', 'Requests allowed ahead of the limit.', int({ minimum: 0 })),
    }, { required: ['rps'] }))),
    router: doc('Router', 'Request router in front of the replicas, e.g. `{type: sglang, pd_disaggregation: true}` for prefill/decode disaggregation.', { type: 'object' }),
    probes: doc('Probes', 'HTTP probes that decide when a replica is ready.', arr(obj({
      type: doc('Type', 'Only `http`.', str({ const: 'http' })),
      url: doc('URL', 'Path to request (default `/`).', str({ pattern: '^/' })),
      method: doc('Method', 'HTTP method (default `get`).', str({ enum: ['get', 'post', 'put', 'delete', 'patch', 'head'] })),
      headers: doc('Headers', 'Headers as `{name, value}` items.', arr(obj({ name: doc('Name', 'Header name.', str()), value: doc('Value', 'Header value.', str()) }, { required: ['name', 'value'] }))),
      body: doc('Body', 'Request body (not with `get`/`head`).', str()),
      timeout: doc('Timeout', 'Time a probe may take, e.g. `10s`.', anyOf(int(), str())),
      interval: doc('Interval', 'Time between probes, e.g. `15s`.', anyOf(int(), str())),
      ready_after: doc('Ready after', 'Consecutive successes before the replica counts as ready.', int({ minimum: 1 })),
      until_ready: doc('Until ready', 'Stop probing once the replica is ready.', bool()),
    }, { required: ['type'] }))),
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
    nodes: doc('Nodes', 'Instances: a number, a range (`0..2`), or `{min, max, target}`.', anyOf(int({ minimum: 0 }), str(), obj({
      // fleets.py FleetNodesSpec (extra keys forbidden)
      min: doc('Min', 'Instances to keep at least.', int({ minimum: 0 })),
      target: doc('Target', 'Instances to create initially.', int({ minimum: 0 })),
      max: doc('Max', 'Instances at most.', int({ minimum: 0 })),
    }))),
    placement: doc('Placement', '`cluster` puts instances close together with fast interconnect (for distributed tasks).', str({ enum: ['any', 'cluster'] })),
    resources: doc('Resources', 'Resources of each instance.', resources),
    blocks: doc('Blocks', 'Split each instance into this many blocks to share it between runs (`auto` = one per GPU).', anyOf(int({ minimum: 1 }), str({ const: 'auto' }))),
    ssh_config: doc('SSH config', 'On-prem fleet: `{user, identity_file, port, proxy_jump, hosts: [...]}`.', obj({
      user: doc('User', 'User to log in as on every host.', str()),
      port: doc('Port', 'SSH port of every host.', int()),
      identity_file: doc('Identity file', 'Private key for every host.', str()),
      ssh_key: doc('SSH key', 'Internal.', { type: 'object' }),
      proxy_jump: doc('Proxy jump', 'Jump host: `{hostname, user, identity_file, port}`.', ref('sshProxy')),
      network: doc('Network', 'Private network (`10.0.0.0/24`) whose addresses the hosts use to talk to each other.', str()),
      hosts: doc('Hosts', 'Host names/IPs, or objects overriding the connection settings per host.', arr(anyOf(str(), obj({
        hostname: doc('Host name', 'IP address or domain.', str()),
        port: doc('Port', 'SSH port.', int()),
        user: doc('User', 'User to log in as.', str()),
        identity_file: doc('Identity file', 'Private key.', str()),
        proxy_jump: doc('Proxy jump', 'Jump host of this host.', ref('sshProxy')),
        internal_ip: doc('Internal IP', 'Private IP used inside the cluster.', str()),
        ssh_key: doc('SSH key', 'Internal.', { type: 'object' }),
        blocks: doc('Blocks', 'Split the host into this many blocks (`auto`: one per GPU).', anyOf(int({ minimum: 1 }), str({ const: 'auto' }))),
      }, { required: ['hostname'] })))),
    }, { required: ['hosts'] })),
    env,
    reservation: profile.reservation,
    backends: profile.backends,
    regions: profile.regions,
    availability_zones: profile.availability_zones,
    instance_types: profile.instance_types,
    spot_policy: profile.spot_policy,
    retry: profile.retry,
    max_price: profile.max_price,
    idle_duration: profile.idle_duration,
    tags: profile.tags,
    termination_policy: deprecatedProfile.termination_policy,
    termination_idle_time: deprecatedProfile.termination_idle_time,
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
    certificate: doc('Certificate', '`{type: lets-encrypt}` (default) or `{type: acm, arn}`.', anyOf(obj({
      type: doc('Type', 'Certificate source.', str(oneOfValues([['lets-encrypt', "automatic certificates from Let's Encrypt"], ['acm', 'a wildcard certificate from AWS Certificate Manager']]))),
      arn: doc('ARN', 'ARN of the ACM certificate (`type: acm`).', str()),
    }), { type: 'null' })),
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
  const REQUIRED = { service: ['port'], volume: ['backend', 'region'], gateway: ['backend', 'region'] };
  const RUN_TYPES = ['task', 'service', 'dev-environment'];
  // configurations.py validators: `image` and `python` are mutually exclusive, as are `docker: true`
  // and `image`/`python`/`nvcc`
  const forbid = (errorMessage) => ({ not: {}, errorMessage });
  const RUN_RULES = [
    { if: { required: ['image'] }, then: { properties: { python: forbid('`python` picks a version of dstack\'s default image: not with `image` (install Python in your image instead)') } } },
    {
      if: { properties: { docker: { const: true } }, required: ['docker'] },
      then: { properties: Object.fromEntries(['image', 'python', 'nvcc'].map((k) => [k, forbid(`\`${k}\` is not allowed with \`docker: true\` (Docker-in-Docker runs dstack's own image)`)])) },
    },
  ];
  // a range of replicas (`0..4`) needs `scaling`; `scaling` needs a range (validate_scaling)
  const RANGE_TEXT = { type: 'string', pattern: '\\.\\.' };
  const SERVICE_RULES = [
    { if: { properties: { replicas: RANGE_TEXT }, required: ['replicas'] }, then: { required: ['scaling'] } },
    { if: { properties: { replicas: { type: 'integer' } }, required: ['replicas'] }, then: { properties: { scaling: forbid('`scaling` needs `replicas` as a range (e.g. `1..4`); with a fixed number it is an error in dstack') } } },
  ];
  const RESOURCE_KEYS = ['gpu', 'cpu', 'memory', 'disk', 'shm_size'];
  // An unknown top-level key is only a warning (it may be newer than these models), but one that is a
  // single edit (a letter dropped, added, changed, or two swapped) from a key of the same kind is a
  // typo that dstack rejects: an error naming the key meant.
  const esc = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const oneEditFrom = (k) => {
    const alts = new Set();
    for (let i = 0; i < k.length; i++) {
      alts.add(`${esc(k.slice(0, i))}.?${esc(k.slice(i + 1))}`); // changed or dropped
      if (i + 1 < k.length) alts.add(esc(k.slice(0, i) + k[i + 1] + k[i] + k.slice(i + 2))); // swapped
    }
    for (let i = 0; i <= k.length; i++) alts.add(`${esc(k.slice(0, i))}.${esc(k.slice(i))}`); // added
    return [...alts].join('|');
  };
  const nearMisses = (type, keys) => Object.fromEntries(keys.filter((k) => k.length >= 3 && k !== 'type').map((k) => {
    const variants = oneEditFrom(k);
    // the key itself and other keys of the kind one edit away (`port`/`ports`) stay valid
    const own = keys.filter((o) => new RegExp(`^(?:${variants})$`).test(o));
    return [
      `^(?!(?:${own.map(esc).join('|')})$)(?:${variants})$`,
      { not: {}, errorMessage: `not a key of a dstack ${type}: did you mean \`${k}\`? (dstack rejects keys it does not know)` },
    ];
  }));
  const allOf = Object.entries(byType).map(([type, props]) => ({
    if: { properties: { type: { const: type } }, required: ['type'] },
    then: {
      // each kind has its own keys: another key is likely a typo (dstack rejects it), or new
      properties: {
        // a key several kinds share is described at the top level by the last kind: where this
        // kind's own schema differs (a task's `nodes` is a number, a fleet's may be a range), check it
        ...Object.fromEntries(['type', ...Object.keys(props)].map((k) => [k, k in props && props[k] !== all[k] ? props[k] : true])),
        // a resource written at the top level instead of under `resources:` (dstack: extra fields not permitted)
        ...('resources' in props ? Object.fromEntries(RESOURCE_KEYS.map((k) => [k, forbid(`\`${k}\` belongs under \`resources:\` (\`resources: {${k}: …}\`); dstack rejects it at the top level`)])) : {}),
      },
      patternProperties: nearMisses(type, ['type', ...Object.keys(props), ...('resources' in props ? RESOURCE_KEYS : [])]),
      additionalProperties: { deprecationMessage: `Not a key of a dstack ${type} (0.19/0.20); dstack rejects keys it does not know. Check the spelling, or ignore this if your dstack is newer.` },
      // commands or image; a service with replica groups has its commands in the groups
      ...(type === 'task' ? { anyOf: [{ required: ['commands'] }, { required: ['image'] }] } : {}),
      ...(type === 'service' ? { anyOf: [{ required: ['commands'] }, { required: ['image'] }, { properties: { replicas: { type: 'array' } }, required: ['replicas'] }] } : {}),
      ...(REQUIRED[type] ? { required: REQUIRED[type] } : {}),
      ...(RUN_TYPES.includes(type) ? { allOf: RUN_RULES.concat(type === 'service' ? SERVICE_RULES : []) } : {}),
    },
  }));
  const schema = schemaDoc(
    'dstack',
    'dstack.schema.json',
    'dstack configuration',
    'A **dstack** configuration (`.dstack.yml`, `*.dstack.yml`): a task, service, dev environment, fleet, volume or gateway, chosen by `type`, applied with `dstack apply -f`.',
    { type: 'object', required: ['type'], properties, allOf, examples: [{ type: 'task', name: 'train', python: '3.12', commands: ['pip install -r requirements.txt', 'python train.py'], resources: { gpu: 'A100:80GB:2' } }] },
    {
      scaling: obj({
        metric: doc('Metric', 'Only `rps` (requests per second).', str({ const: 'rps' })),
        target: doc('Target', 'Target value per replica.', num({ exclusiveMinimum: 0 })),
        scale_up_delay: doc('Scale-up delay', 'Delay before scaling up, e.g. `5m`.', anyOf(int(), str())),
        scale_down_delay: doc('Scale-down delay', 'Delay before scaling down, e.g. `10m`.', anyOf(int(), str())),
      }, { required: ['metric', 'target'] }),
      sshProxy: obj({
        hostname: doc('Host name', 'IP address or domain of the jump host.', str()),
        port: doc('Port', 'SSH port of the jump host.', int()),
        user: doc('User', 'User on the jump host.', str()),
        identity_file: doc('Identity file', 'Private key for the jump host.', str()),
        ssh_key: doc('SSH key', 'Internal.', { type: 'object' }),
      }, { required: ['hostname', 'user', 'identity_file'] }),
    },
  );
  return [{ path: 'dstack/dstack.schema.json', schema }];
}
