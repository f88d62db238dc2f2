// Kubernetes core objects, pinned to Kubernetes 1.31 (the API reference and the OpenAPI document
// of that release). A faithful subset: the fields ML workloads use are typed and documented;
// objects we list completely (ObjectMeta, PodSpec, Container, the workload specs) reject unknown
// keys like `kubectl apply --validate=strict` does, nested objects we only sketch stay open.
import { doc, oneOfValues, str, int, num, bool, arr, strList, map, anyOf, ref, obj, schemaDoc, pruneDefs } from './lib.mjs';

export const K8S_VERSION = '1.31';
const REF = 'https://kubernetes.io/docs/reference/kubernetes-api/';

const DNS_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
// resource.Quantity's grammar: a signed decimal number and one suffix — binary (Ki…Ei), decimal
// (n, u, m, k, M, G, T, P, E; kilo is a lower-case k) or an exponent (e3, E-2)
const QUANTITY = '^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$';
// Secret/ConfigMap binary values are decoded with Go's base64.StdEncoding: padded to a multiple of
// four characters; line breaks (a YAML block scalar) are skipped, other whitespace is not.
const B64C = '[A-Za-z0-9+/][\\r\\n]*';
const BASE64 = `^[\\r\\n]*(?:(?:${B64C}){4})*(?:(?:${B64C}){2}=[\\r\\n]*=|(?:${B64C}){3}=)?[\\r\\n]*$`;
// Label keys and values, and other qualified names (apimachinery's IsQualifiedName / IsValidLabelValue).
const QUALIFIED_NAME = '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$';
const LABEL_VALUE = '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$';
// A named port (IANA_SVC_NAME): at most 15 lower-case letters, digits and `-`, with a letter.
const PORT_NAME = '^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$';

/** A map of labels: qualified-name keys, label values (selectors and node selectors too). */
const labelMap = (extra = {}) =>
  map(
    { type: 'string', maxLength: 63, pattern: LABEL_VALUE, patternErrorMessage: 'not a valid label value: at most 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit (or empty)' },
    { propertyNames: { pattern: QUALIFIED_NAME, patternErrorMessage: 'not a valid label key: an optional DNS-subdomain prefix and `/`, then at most 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit' }, ...extra },
  );

const stringMap = (title, md) => doc(title, md, map({ type: 'string' }));

export const defs = {
  Quantity: doc(
    'Quantity',
    'A resource amount: a plain number or a number with a suffix — binary (`Ki`, `Mi`, `Gi`, `Ti`), decimal (`k`, `M`, `G`, `T`) or milli (`m`, e.g. `500m` CPU).',
    { anyOf: [num(), str({ pattern: QUANTITY, patternErrorMessage: 'not a Kubernetes quantity: a number with at most one suffix — `Ki`, `Mi`, `Gi`, `Ti` (binary), `k`, `M`, `G`, `T` (decimal; kilo is a lower-case `k`), `m` (milli) or an exponent such as `e3` — e.g. `500m`, `16Gi`, `100M`' })], examples: ['500m', '2', '16Gi', '100Mi'] },
  ),
  IntOrString: doc('Integer or string', 'A number, or a string such as a named port (`http`) or a percentage (`25%`).', {
    anyOf: [int(), str()],
  }),
  PortRef: doc('Port', 'A port number (1–65535) or the name of a container port (`http`). A quoted number such as `"8080"` is read as a name and rejected: write it without quotes.', {
    anyOf: [int({ minimum: 1, maximum: 65535 }), str({ maxLength: 15, pattern: PORT_NAME, patternErrorMessage: 'not a port name: at most 15 lower-case letters, digits and `-` with at least one letter (write a port number without quotes)' })],
  }),
  OwnerReference: obj(
    {
      apiVersion: doc('API version', 'API version of the owner.', str()),
      kind: doc('Kind', 'Kind of the owner.', str()),
      name: doc('Name', 'Name of the owner.', str()),
      uid: doc('UID', 'UID of the owner.', str()),
      controller: doc('Controller', 'Whether the owner is the managing controller.', bool()),
      blockOwnerDeletion: doc('Block owner deletion', 'Whether the owner cannot be deleted before this object (foreground deletion).', bool()),
    },
    { required: ['apiVersion', 'kind', 'name', 'uid'], open: true },
  ),
  ObjectMeta: obj(
    {
      name: doc(
        'Name',
        'Name of the object, unique per kind within a namespace. Lower-case letters, digits, `-` and `.`, starting and ending with a letter or digit (a DNS subdomain), at most 253 characters. Required unless `generateName` is set.',
        str({ pattern: DNS_SUBDOMAIN, maxLength: 253, examples: ['train-resnet'] }),
      ),
      generateName: doc(
        'Generate name',
        'Prefix the API server completes with a random suffix when `name` is empty; handy for `kubectl create` of Jobs that run many times.',
        str({ examples: ['train-'] }),
      ),
      namespace: doc('Namespace', 'Namespace the object lives in. Defaults to the namespace of the kubectl context.', str({ pattern: DNS_LABEL, maxLength: 63 })),
      labels: doc(
        'Labels',
        'Key/value pairs used to select and group objects (selectors, `kubectl get -l`). Values must be strings: quote numbers and booleans (`version: "2"`).',
        labelMap(),
      ),
      annotations: doc(
        'Annotations',
        'Key/value pairs for tools and humans; not used for selection. Values must be strings: quote numbers and booleans.',
        map({ type: 'string' }, { propertyNames: { pattern: QUALIFIED_NAME, patternErrorMessage: 'not a valid annotation key: an optional DNS-subdomain prefix and `/`, then at most 63 letters, digits, `-`, `_` and `.`, starting and ending with a letter or digit' } }),
      ),
      ownerReferences: doc('Owner references', 'Objects this one depends on; it is garbage-collected when they are deleted.', arr(ref('OwnerReference'))),
      finalizers: doc('Finalizers', 'Keys that must be removed before the object is deleted.', strList()),
      uid: doc('UID', 'Set by the API server.', str()),
      resourceVersion: doc('Resource version', 'Set by the API server (optimistic concurrency).', str()),
      generation: doc('Generation', 'Set by the API server: the generation of the desired state.', int()),
      creationTimestamp: doc('Creation timestamp', 'Set by the API server.', { type: ['string', 'null'] }),
      deletionTimestamp: doc('Deletion timestamp', 'Set by the API server when deletion was requested.', str()),
      deletionGracePeriodSeconds: doc('Deletion grace period', 'Set by the API server when deletion was requested.', int()),
      selfLink: doc('Self link', 'Legacy; no longer set by the API server.', str()),
      managedFields: doc('Managed fields', 'Field ownership bookkeeping of server-side apply; written by the API server.', arr({ type: 'object' })),
    },
  ),
  LabelSelector: obj(
    {
      matchLabels: doc('Match labels', 'Labels an object must have, all of them.', labelMap()),
      matchExpressions: doc(
        'Match expressions',
        'Label requirements, all of which must hold.',
        arr(
          obj(
            {
              key: doc('Key', 'Label key the requirement is about.', str()),
              operator: doc('Operator', 'How the key relates to the values.', str(oneOfValues([
                ['In', 'the label value is one of `values`'],
                ['NotIn', 'the label value is none of `values`'],
                ['Exists', 'the label is present (`values` must be empty)'],
                ['DoesNotExist', 'the label is absent (`values` must be empty)'],
              ]))),
              values: doc('Values', 'Values for `In` and `NotIn`.', strList()),
            },
            { required: ['key', 'operator'] },
          ),
        ),
      ),
    },
  ),
  ResourceRequirements: obj({
    requests: doc(
      'Requests',
      'Resources the scheduler reserves for the container: `cpu`, `memory`, `ephemeral-storage`, extended resources such as `nvidia.com/gpu`.',
      map(ref('Quantity'), { examples: [{ cpu: '4', memory: '16Gi' }] }),
    ),
    limits: doc(
      'Limits',
      'Most the container may use. GPUs (`nvidia.com/gpu`, `amd.com/gpu`) are set here; their request defaults to the limit and may not differ from it.',
      map(ref('Quantity'), { examples: [{ 'nvidia.com/gpu': 1, memory: '32Gi' }] }),
    ),
    claims: doc('Claims', 'Dynamic resource claims (from `spec.resourceClaims`) this container uses.', arr(obj({ name: doc('Name', 'Name of a pod resource claim.', str()), request: doc('Request', 'Request within the claim.', str()) }, { required: ['name'] }))),
  }),
  KeySelector: obj(
    {
      name: doc('Name', 'Name of the ConfigMap or Secret.', str()),
      key: doc('Key', 'Key within it.', str()),
      optional: doc('Optional', 'Whether the object or key may be missing.', bool()),
    },
    { required: ['key'] },
  ),
  EnvVar: obj(
    {
      name: doc('Name', 'Name of the environment variable.', str({ minLength: 1 })),
      value: doc(
        'Value',
        'Value of the variable; `$(VAR)` refers to earlier variables. Must be a string: quote numbers and booleans (`value: "8"`).',
        str(),
      ),
      valueFrom: doc(
        'Value from',
        'Take the value from a ConfigMap, a Secret, a field of the pod, or a resource of the container.',
        obj(
          {
            configMapKeyRef: doc('ConfigMap key', 'A key of a ConfigMap.', ref('KeySelector')),
            secretKeyRef: doc('Secret key', 'A key of a Secret.', ref('KeySelector')),
            fieldRef: doc('Field', 'A field of the pod, e.g. `metadata.name`, `status.podIP`.', obj({ fieldPath: doc('Field path', 'Path of the field.', str()), apiVersion: doc('API version', 'Version the path is written in.', str()) }, { required: ['fieldPath'] })),
            resourceFieldRef: doc('Resource field', 'A request or limit of a container, e.g. `limits.memory`.', obj({ resource: doc('Resource', 'e.g. `limits.cpu`.', str()), containerName: doc('Container', 'Container whose resource to read.', str()), divisor: doc('Divisor', 'Unit of the value.', ref('Quantity')) }, { required: ['resource'] })),
          },
          { open: true },
        ),
      ),
    },
    { required: ['name'] },
  ),
  EnvFromSource: obj({
    prefix: doc('Prefix', 'Prefix added to every variable name.', str()),
    configMapRef: doc('ConfigMap', 'Import every key of a ConfigMap.', obj({ name: doc('Name', 'Name of the ConfigMap.', str()), optional: doc('Optional', 'Whether it may be missing.', bool()) })),
    secretRef: doc('Secret', 'Import every key of a Secret.', obj({ name: doc('Name', 'Name of the Secret.', str()), optional: doc('Optional', 'Whether it may be missing.', bool()) })),
  }),
  ContainerPort: obj(
    {
      containerPort: doc('Container port', 'Port the container listens on.', int({ minimum: 1, maximum: 65535 })),
      name: doc('Name', 'Name services can refer to (`targetPort: http`): at most 15 lower-case letters, digits and `-`, with at least one letter.', str({ maxLength: 15, pattern: PORT_NAME, patternErrorMessage: 'not a valid port name: at most 15 lower-case letters, digits and `-`, with at least one letter, not starting or ending with `-`' })),
      protocol: doc('Protocol', 'Protocol of the port.', str({ ...oneOfValues([['TCP', 'TCP (default)'], ['UDP', 'UDP'], ['SCTP', 'SCTP']]), default: 'TCP' })),
      hostPort: doc('Host port', 'Port on the node to expose the container port on; rarely needed.', int({ minimum: 1, maximum: 65535 })),
      hostIP: doc('Host IP', 'Node address to bind the host port to.', str()),
    },
    { required: ['containerPort'] },
  ),
  VolumeMount: obj(
    {
      name: doc('Name', 'Name of a volume in the pod\'s `volumes`.', str()),
      mountPath: doc('Mount path', 'Path inside the container.', str()),
      readOnly: doc('Read only', 'Mount read-only.', bool({ default: false })),
      subPath: doc('Sub path', 'Mount only this path within the volume.', str()),
      subPathExpr: doc('Sub path expression', 'Like `subPath`, with `$(VAR)` expanded from the container environment.', str()),
      mountPropagation: doc('Mount propagation', 'How mounts propagate between host and container.', str(oneOfValues([['None', 'no propagation'], ['HostToContainer', 'host mounts appear in the container'], ['Bidirectional', 'both ways (privileged containers only)']]))),
      recursiveReadOnly: doc('Recursive read only', 'Whether read-only applies to submounts too.', str(oneOfValues([['Disabled', 'no'], ['IfPossible', 'when the runtime supports it'], ['Enabled', 'always (fails otherwise)']]))),
    },
    { required: ['name', 'mountPath'] },
  ),
  Probe: obj(
    {
      exec: doc('Exec', 'Run a command in the container; exit code 0 is healthy.', obj({ command: doc('Command', 'Command and arguments (no shell).', strList()) })),
      httpGet: doc(
        'HTTP GET',
        'Send an HTTP GET; a 2xx or 3xx answer is healthy.',
        obj(
          {
            path: doc('Path', 'Request path, e.g. `/health`.', str()),
            port: doc('Port', 'Port number or name.', ref('PortRef')),
            host: doc('Host', 'Host to connect to; defaults to the pod IP.', str()),
            scheme: doc('Scheme', 'HTTP or HTTPS.', str(oneOfValues([['HTTP', 'plain HTTP (default)'], ['HTTPS', 'HTTPS without certificate verification']]))),
            httpHeaders: doc('Headers', 'Extra request headers.', arr(obj({ name: doc('Name', 'Header name.', str()), value: doc('Value', 'Header value.', str()) }, { required: ['name', 'value'] }))),
          },
          { required: ['port'] },
        ),
      ),
      tcpSocket: doc('TCP socket', 'Open a TCP connection.', obj({ port: doc('Port', 'Port number or name.', ref('PortRef')), host: doc('Host', 'Host to connect to.', str()) }, { required: ['port'] })),
      grpc: doc('gRPC', 'Call the gRPC health checking protocol.', obj({ port: doc('Port', 'Port number.', int()), service: doc('Service', 'Service name for the health check.', str()) }, { required: ['port'] })),
      initialDelaySeconds: doc('Initial delay', 'Seconds after start before the first probe.', int({ minimum: 0 })),
      periodSeconds: doc('Period', 'Seconds between probes.', int({ minimum: 1, default: 10 })),
      timeoutSeconds: doc('Timeout', 'Seconds before a probe times out.', int({ minimum: 1, default: 1 })),
      successThreshold: doc('Success threshold', 'Consecutive successes to count as healthy after a failure.', int({ minimum: 1, default: 1 })),
      failureThreshold: doc('Failure threshold', 'Consecutive failures to count as unhealthy.', int({ minimum: 1, default: 3 })),
      terminationGracePeriodSeconds: doc('Termination grace period', 'Grace period when this probe fails (overrides the pod\'s).', int({ minimum: 1 })),
    },
  ),
  SecurityContext: obj(
    {
      runAsUser: doc('Run as user', 'UID the container process runs as.', int()),
      runAsGroup: doc('Run as group', 'GID the container process runs as.', int()),
      runAsNonRoot: doc('Run as non-root', 'Refuse to start when the image would run as root.', bool()),
      privileged: doc('Privileged', 'Run privileged (as root on the host).', bool()),
      allowPrivilegeEscalation: doc('Allow privilege escalation', 'Whether a process can gain more privileges than its parent.', bool()),
      readOnlyRootFilesystem: doc('Read-only root filesystem', 'Mount the root filesystem read-only.', bool()),
      capabilities: doc('Capabilities', 'Linux capabilities to add or drop.', obj({ add: doc('Add', 'Capabilities to add, e.g. `IPC_LOCK` for RDMA.', strList()), drop: doc('Drop', 'Capabilities to drop, e.g. `ALL`.', strList()) })),
    },
    { open: true },
  ),
  PodSecurityContext: obj(
    {
      runAsUser: doc('Run as user', 'UID processes of all containers run as.', int()),
      runAsGroup: doc('Run as group', 'GID processes of all containers run as.', int()),
      runAsNonRoot: doc('Run as non-root', 'Refuse to start containers whose image would run as root.', bool()),
      fsGroup: doc('fs group', 'Group that owns mounted volumes and is added to every container.', int()),
      supplementalGroups: doc('Supplemental groups', 'Extra groups for every container\'s first process.', arr(int())),
    },
    { open: true },
  ),
  Container: obj(
    {
      name: doc('Name', 'Name of the container, unique in the pod: lower-case letters, digits and `-` (a DNS label).', str({ pattern: DNS_LABEL, maxLength: 63 })),
      image: doc('Image', 'Container image to run, e.g. `pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime`. Pin a tag or digest for reproducible runs.', str({ examples: ['pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime'] })),
      command: doc('Command', 'Entrypoint as a list (no shell); replaces the image\'s ENTRYPOINT. Use `["bash", "-c", "…"]` for a shell line.', strList()),
      args: doc('Arguments', 'Arguments to the entrypoint; replace the image\'s CMD. Each item must be a string.', strList()),
      workingDir: doc('Working directory', 'Directory the command starts in.', str()),
      ports: doc('Ports', 'Ports the container listens on (informational, and named for services).', arr(ref('ContainerPort'))),
      env: doc('Environment', 'Environment variables of the container.', arr(ref('EnvVar'))),
      envFrom: doc('Environment from', 'Import all keys of ConfigMaps and Secrets as variables.', arr(ref('EnvFromSource'))),
      resources: doc('Resources', 'CPU, memory and GPU requests and limits. GPUs go under `limits`, e.g. `nvidia.com/gpu: 1`.', ref('ResourceRequirements')),
      resizePolicy: doc('Resize policy', 'Whether resizing CPU or memory restarts the container.', arr({ type: 'object' })),
      restartPolicy: doc('Restart policy', 'Only for init containers: `Always` makes it a sidecar that runs next to the main containers.', str({ const: 'Always' })),
      volumeMounts: doc('Volume mounts', 'Volumes of the pod mounted into this container.', arr(ref('VolumeMount'))),
      volumeDevices: doc('Volume devices', 'Block devices of the pod mapped into this container.', arr(obj({ name: doc('Name', 'Name of a PVC volume of the pod.', str()), devicePath: doc('Device path', 'Path of the device inside the container.', str()) }, { required: ['name', 'devicePath'] }))),
      livenessProbe: doc('Liveness probe', 'Restart the container when this fails.', ref('Probe')),
      readinessProbe: doc('Readiness probe', 'Take the pod out of service endpoints while this fails.', ref('Probe')),
      startupProbe: doc('Startup probe', 'Hold the other probes until this succeeds (slow model loading).', ref('Probe')),
      lifecycle: doc('Lifecycle', 'Hooks run after start (`postStart`) and before stop (`preStop`).', { type: 'object' }),
      terminationMessagePath: doc('Termination message path', 'File whose content becomes the termination message.', str({ default: '/dev/termination-log' })),
      terminationMessagePolicy: doc('Termination message policy', 'Where the termination message comes from.', str(oneOfValues([['File', 'the termination message file only'], ['FallbackToLogsOnError', 'the end of the log when the file is empty and the container failed']]))),
      imagePullPolicy: doc('Image pull policy', 'When to pull the image. Defaults to `Always` for `:latest` or untagged images, else `IfNotPresent`.', str(oneOfValues([['Always', 'pull on every start'], ['IfNotPresent', 'pull only when the node lacks the image'], ['Never', 'never pull; the image must be on the node']]))),
      securityContext: doc('Security context', 'User, privileges and capabilities of the container.', ref('SecurityContext')),
      stdin: doc('stdin', 'Keep stdin open.', bool()),
      stdinOnce: doc('stdin once', 'Close stdin after the first attach disconnects.', bool()),
      tty: doc('TTY', 'Allocate a TTY.', bool()),
    },
    // the API server's pod validation requires an image for every container, templates included
    { required: ['name', 'image'] },
  ),
  KeyToPath: obj({ key: doc('Key', 'Key to project.', str()), path: doc('Path', 'Relative file path to write it to.', str()), mode: doc('Mode', 'File mode bits.', int()) }, { required: ['key', 'path'] }),
  Volume: obj(
    {
      name: doc('Name', 'Name of the volume, referred to by `volumeMounts`; a DNS label.', str({ pattern: DNS_LABEL, maxLength: 63 })),
      emptyDir: doc('emptyDir', 'Scratch space that lives as long as the pod. `medium: Memory` gives a tmpfs — the usual way to enlarge `/dev/shm` for PyTorch data loaders.', obj({ medium: doc('Medium', '`""` (node disk) or `Memory` (tmpfs).', str({ enum: ['', 'Memory'] })), sizeLimit: doc('Size limit', 'Most space the volume may use.', ref('Quantity')) })),
      hostPath: doc('hostPath', 'A path on the node.', obj({ path: doc('Path', 'Path on the node.', str()), type: doc('Type', 'What must exist at the path.', str({ enum: ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'] })) }, { required: ['path'] })),
      configMap: doc('configMap', 'Files from a ConfigMap.', obj({ name: doc('Name', 'Name of the ConfigMap.', str()), items: doc('Items', 'Keys to project (default: all).', arr(ref('KeyToPath'))), defaultMode: doc('Default mode', 'File mode bits, e.g. `0644` (420).', int()), optional: doc('Optional', 'Whether the ConfigMap may be missing.', bool()) })),
      secret: doc('secret', 'Files from a Secret.', obj({ secretName: doc('Secret name', 'Name of the Secret.', str()), items: doc('Items', 'Keys to project (default: all).', arr(ref('KeyToPath'))), defaultMode: doc('Default mode', 'File mode bits.', int()), optional: doc('Optional', 'Whether the Secret may be missing.', bool()) })),
      persistentVolumeClaim: doc('persistentVolumeClaim', 'A PersistentVolumeClaim in the same namespace (datasets, checkpoints).', obj({ claimName: doc('Claim name', 'Name of the PVC.', str()), readOnly: doc('Read only', 'Mount read-only.', bool()) }, { required: ['claimName'] })),
      nfs: doc('nfs', 'An NFS export.', obj({ server: doc('Server', 'NFS server.', str()), path: doc('Path', 'Exported path.', str()), readOnly: doc('Read only', 'Mount read-only.', bool()) }, { required: ['server', 'path'] })),
      csi: doc('csi', 'An inline CSI volume.', { type: 'object', required: ['driver'] }),
      ephemeral: doc('ephemeral', 'A PVC created and deleted with the pod.', { type: 'object' }),
      projected: doc('projected', 'Several sources (secrets, config maps, downward API, service account token) in one directory.', { type: 'object' }),
      downwardAPI: doc('downwardAPI', 'Pod fields as files.', { type: 'object' }),
    },
    { required: ['name'], open: true },
  ),
  Toleration: obj({
    key: doc('Key', 'Taint key; empty with `Exists` tolerates everything.', str()),
    operator: doc('Operator', 'How the value is compared.', str({ ...oneOfValues([['Equal', 'the taint value equals `value` (default)'], ['Exists', 'any value']]) })),
    value: doc('Value', 'Taint value for `Equal`.', str()),
    effect: doc('Effect', 'Taint effect to tolerate; empty means all.', str(oneOfValues([['NoSchedule', 'do not schedule new pods'], ['PreferNoSchedule', 'avoid scheduling new pods'], ['NoExecute', 'evict running pods']]))),
    tolerationSeconds: doc('Toleration seconds', 'How long a `NoExecute` taint is tolerated before eviction.', int()),
  }),
  NodeSelectorRequirement: obj(
    {
      key: doc('Key', 'Node label key (or field name under `matchFields`).', str()),
      operator: doc('Operator', 'How the key relates to the values.', str(oneOfValues([
        ['In', 'the label value is one of `values`'],
        ['NotIn', 'the label value is none of `values`'],
        ['Exists', 'the label is present (`values` must be empty)'],
        ['DoesNotExist', 'the label is absent (`values` must be empty)'],
        ['Gt', 'the label value, an integer, is greater than the single value'],
        ['Lt', 'the label value, an integer, is less than the single value'],
      ]))),
      values: doc('Values', 'Values to compare with; strings, even for `Gt` and `Lt`.', strList()),
    },
    { required: ['key', 'operator'] },
  ),
  NodeSelectorTerm: obj({
    matchExpressions: doc('Match expressions', 'Requirements on node labels, all of which must hold.', arr(ref('NodeSelectorRequirement'))),
    matchFields: doc('Match fields', 'Requirements on node fields (`metadata.name`), all of which must hold.', arr(ref('NodeSelectorRequirement'))),
  }),
  NodeAffinity: obj({
    requiredDuringSchedulingIgnoredDuringExecution: doc(
      'Required',
      'Nodes the pod may run on: an object with `nodeSelectorTerms`, a list of terms of which one must match (not a list itself).',
      obj({ nodeSelectorTerms: doc('Node selector terms', 'Terms ORed together; each term\'s requirements are ANDed.', arr(ref('NodeSelectorTerm'))) }, { required: ['nodeSelectorTerms'] }),
    ),
    preferredDuringSchedulingIgnoredDuringExecution: doc(
      'Preferred',
      'Nodes the scheduler prefers: a list of `{weight, preference}`; the node with the highest total weight wins.',
      arr(obj({ weight: doc('Weight', 'Weight of this preference, 1–100.', int({ minimum: 1, maximum: 100 })), preference: doc('Preference', 'The node selector term to prefer.', ref('NodeSelectorTerm')) }, { required: ['weight', 'preference'] })),
    ),
  }),
  PodSpec: obj(
    {
      containers: doc('Containers', 'Containers of the pod; at least one.', arr(ref('Container'), { minItems: 1 })),
      initContainers: doc('Init containers', 'Containers that run to completion, in order, before the main ones (downloading data or weights).', arr(ref('Container'))),
      ephemeralContainers: doc('Ephemeral containers', 'Debug containers added to a running pod; not set in manifests.', arr({ type: 'object' })),
      volumes: doc('Volumes', 'Volumes containers can mount.', arr(ref('Volume'))),
      restartPolicy: doc('Restart policy', 'Restart containers that exit. Jobs need `OnFailure` or `Never`.', str({ ...oneOfValues([['Always', 'always restart (default; Deployments and StatefulSets require it)'], ['OnFailure', 'restart after a non-zero exit'], ['Never', 'never restart']]), default: 'Always' })),
      terminationGracePeriodSeconds: doc('Termination grace period', 'Seconds between SIGTERM and SIGKILL; leave time to save a checkpoint.', int({ minimum: 0, default: 30 })),
      activeDeadlineSeconds: doc('Active deadline', 'Seconds the pod may run before it is failed.', int({ minimum: 1 })),
      dnsPolicy: doc('DNS policy', 'How the pod resolves names.', str({ enum: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'] })),
      dnsConfig: doc('DNS config', 'Extra DNS settings.', { type: 'object' }),
      nodeSelector: doc('Node selector', 'Labels a node must have, e.g. `nvidia.com/gpu.product: NVIDIA-A100-SXM4-80GB`. Values must be strings.', labelMap()),
      nodeName: doc('Node name', 'Bind to this node, bypassing the scheduler.', str()),
      affinity: doc('Affinity', 'Node affinity and pod (anti-)affinity rules.', obj({ nodeAffinity: doc('Node affinity', 'Rules about the node, e.g. a GPU model label.', ref('NodeAffinity')), podAffinity: doc('Pod affinity', 'Schedule near matching pods.', { type: 'object' }), podAntiAffinity: doc('Pod anti-affinity', 'Schedule away from matching pods.', { type: 'object' }) })),
      tolerations: doc('Tolerations', 'Taints the pod tolerates, e.g. `nvidia.com/gpu` on GPU nodes.', arr(ref('Toleration'))),
      topologySpreadConstraints: doc('Topology spread constraints', 'How pods spread over zones or nodes.', arr({ type: 'object' })),
      schedulerName: doc('Scheduler name', 'Scheduler that places the pod, e.g. `volcano` for gang scheduling.', str()),
      priorityClassName: doc('Priority class', 'PriorityClass of the pod.', str()),
      priority: doc('Priority', 'Set from the priority class by admission; not set by hand.', int()),
      preemptionPolicy: doc('Preemption policy', 'Whether the pod may preempt lower-priority pods.', str({ enum: ['Never', 'PreemptLowerPriority'] })),
      serviceAccountName: doc('Service account', 'ServiceAccount the pod runs as.', str()),
      serviceAccount: doc('Service account (deprecated)', 'Deprecated alias of `serviceAccountName`.', str(), ),
      automountServiceAccountToken: doc('Mount service account token', 'Whether the API token is mounted.', bool()),
      securityContext: doc('Security context', 'Pod-level user, group and filesystem settings.', ref('PodSecurityContext')),
      imagePullSecrets: doc('Image pull secrets', 'Secrets with registry credentials.', arr(obj({ name: doc('Name', 'Name of a `kubernetes.io/dockerconfigjson` Secret.', str()) }))),
      hostNetwork: doc('Host network', 'Use the node\'s network namespace.', bool()),
      hostPID: doc('Host PID', 'Use the node\'s PID namespace.', bool()),
      hostIPC: doc('Host IPC', 'Use the node\'s IPC namespace (shared memory with the host).', bool()),
      hostUsers: doc('Host users', 'Use the node\'s user namespace (default true).', bool()),
      shareProcessNamespace: doc('Share process namespace', 'One PID namespace for all containers.', bool()),
      hostname: doc('Hostname', 'Hostname of the pod.', str()),
      subdomain: doc('Subdomain', 'With a headless service of this name, gives the pod a DNS name.', str()),
      setHostnameAsFQDN: doc('Hostname as FQDN', 'Use the fully qualified name as hostname.', bool()),
      hostAliases: doc('Host aliases', 'Extra /etc/hosts entries.', arr({ type: 'object' })),
      readinessGates: doc('Readiness gates', 'Extra conditions for readiness.', arr({ type: 'object' })),
      runtimeClassName: doc('Runtime class', 'RuntimeClass to run with, e.g. `nvidia`.', str()),
      enableServiceLinks: doc('Service links', 'Inject variables for every service in the namespace.', bool()),
      overhead: doc('Overhead', 'Set by RuntimeClass admission.', map(ref('Quantity'))),
      os: doc('OS', 'Operating system of the pod.', obj({ name: doc('Name', '`linux` or `windows`.', str({ enum: ['linux', 'windows'] })) }, { required: ['name'] })),
      schedulingGates: doc('Scheduling gates', 'Hold scheduling until these are removed.', arr(obj({ name: doc('Name', 'Gate name.', str()) }, { required: ['name'] }))),
      resourceClaims: doc('Resource claims', 'Dynamic resource allocation claims.', arr({ type: 'object' })),
    },
    { required: ['containers'] },
  ),
  PodTemplateSpec: obj({
    metadata: doc('Metadata', 'Labels and annotations of the pods created from this template.', ref('ObjectMeta')),
    spec: doc('Pod spec', 'The pods\' containers, volumes and scheduling.', ref('PodSpec')),
  }),
  JobSpec: obj(
    {
      template: doc(
        'Pod template',
        'Pods the Job runs. `spec.restartPolicy` must be `OnFailure` or `Never`.',
        {
          allOf: [ref('PodTemplateSpec')],
          properties: {
            spec: doc('Pod spec', 'Containers, volumes and scheduling of the Job\'s pods; `restartPolicy` is required and must be `OnFailure` or `Never`.', {
              required: ['restartPolicy'],
              properties: {
                restartPolicy: doc('Restart policy', 'Jobs accept only `OnFailure` (restart the container in place) or `Never` (replace the pod, counted against `backoffLimit`).', str(oneOfValues([['OnFailure', 'restart the failed container in the same pod'], ['Never', 'create a new pod for each retry']]))),
              },
            }),
          },
          required: ['spec'],
        },
      ),
      parallelism: doc('Parallelism', 'Most pods running at once.', int({ minimum: 0, default: 1 })),
      completions: doc('Completions', 'Successful pods needed; unset means one success finishes the Job.', int({ minimum: 0 })),
      completionMode: doc('Completion mode', 'How completions count.', str({ ...oneOfValues([['NonIndexed', 'any `completions` successes (default)'], ['Indexed', 'one success per index 0…completions-1; the index is in `JOB_COMPLETION_INDEX` (distributed training ranks)']]), default: 'NonIndexed' })),
      backoffLimit: doc('Backoff limit', 'Retries before the Job is failed.', int({ minimum: 0, default: 6 })),
      backoffLimitPerIndex: doc('Backoff limit per index', 'Retries per index of an Indexed Job.', int({ minimum: 0 })),
      maxFailedIndexes: doc('Max failed indexes', 'Failed indexes before the whole Job fails.', int({ minimum: 0 })),
      activeDeadlineSeconds: doc('Active deadline', 'Seconds the Job may run before it is failed.', int({ minimum: 1 })),
      ttlSecondsAfterFinished: doc('TTL after finished', 'Delete the Job this many seconds after it finishes.', int({ minimum: 0 })),
      suspend: doc('Suspend', 'Create the Job without starting pods (Kueue sets this).', bool({ default: false })),
      selector: doc('Selector', 'Pod selector; generated unless `manualSelector` is true.', ref('LabelSelector')),
      manualSelector: doc('Manual selector', 'Use `selector` as written.', bool()),
      podFailurePolicy: doc('Pod failure policy', 'Rules that fail the Job or ignore a failure by exit code or condition. Requires `template.spec.restartPolicy: Never`.', ref('PodFailurePolicy')),
      successPolicy: doc('Success policy', 'When an Indexed Job counts as succeeded early (e.g. when the leader succeeds). Requires `completionMode: Indexed`.', ref('SuccessPolicy')),
      podReplacementPolicy: doc('Pod replacement policy', 'When a replacement pod is created.', str(oneOfValues([['TerminatingOrFailed', 'as soon as the old pod is terminating (default)'], ['Failed', 'only once the old pod has fully terminated']]))),
      managedBy: doc('Managed by', 'Controller that reconciles the Job, e.g. `kueue.x-k8s.io/multikueue`.', str()),
    },
    { required: ['template'], allOf: jobRules() },
  ),
};

/** The Job validation rules of the API server that tie fields together (pkg/apis/batch/validation). */
function jobRules() {
  const indexed = (field) => ({
    if: { required: [field] },
    then: {
      required: ['completionMode'],
      properties: { completionMode: { const: 'Indexed', errorMessage: `\`${field}\` requires \`completionMode: Indexed\`` } },
      errorMessage: { required: `\`${field}\` requires \`completionMode: Indexed\`` },
    },
  });
  return [
    {
      if: { required: ['podFailurePolicy'] },
      then: {
        properties: {
          template: {
            properties: {
              spec: { properties: { restartPolicy: { const: 'Never', errorMessage: 'a Job with `podFailurePolicy` must use `restartPolicy: Never` (the API server rejects `OnFailure`)' } } },
            },
          },
        },
      },
    },
    indexed('backoffLimitPerIndex'),
    indexed('successPolicy'),
    {
      if: { required: ['maxFailedIndexes'] },
      then: { required: ['backoffLimitPerIndex'], errorMessage: { required: '`maxFailedIndexes` requires `backoffLimitPerIndex`' } },
    },
    {
      if: { required: ['completionMode'], properties: { completionMode: { const: 'Indexed' } } },
      then: { required: ['completions'], errorMessage: { required: 'an Indexed Job needs `completions` (the number of indexes)' } },
    },
    {
      if: { required: ['podFailurePolicy'], properties: { podFailurePolicy: { properties: { rules: { contains: { properties: { action: { const: 'FailIndex' } }, required: ['action'] } } } } } },
      then: { required: ['backoffLimitPerIndex'], errorMessage: { required: 'the pod failure policy action `FailIndex` requires `backoffLimitPerIndex`' } },
    },
  ];
}

defs.PodFailurePolicy = obj(
  {
    rules: doc(
      'Rules',
      'Checked in order; the first rule matching a failed pod decides (at most 20).',
      arr(
        obj(
          {
            action: doc('Action', 'What a matching failure does.', str(oneOfValues([
              ['FailJob', 'fail the whole Job and terminate its pods'],
              ['FailIndex', 'fail this index only (needs `backoffLimitPerIndex`)'],
              ['Ignore', 'do not count the failure against `backoffLimit` (e.g. node disruptions)'],
              ['Count', 'count it against `backoffLimit` as usual'],
            ]))),
            onExitCodes: doc(
              'On exit codes',
              'Match by the exit code of the pod\'s containers.',
              obj(
                {
                  containerName: doc('Container name', 'Only this container\'s exit code counts; all containers when unset.', str()),
                  operator: doc('Operator', 'How the exit code relates to `values`.', str(oneOfValues([['In', 'the exit code is one of `values` (0 not allowed)'], ['NotIn', 'the exit code is none of `values`']]))),
                  values: doc('Values', 'Exit codes, sorted and without repeats (at most 255).', arr(int({ minimum: 0 }), { minItems: 1, maxItems: 255, uniqueItems: true })),
                },
                { required: ['operator', 'values'] },
              ),
            ),
            onPodConditions: doc(
              'On pod conditions',
              'Match by a condition of the failed pod, e.g. `DisruptionTarget`.',
              arr(obj({ type: doc('Type', 'Pod condition type, e.g. `DisruptionTarget`.', str()), status: doc('Status', 'Condition status (default `True`).', str({ enum: ['True', 'False', 'Unknown'], default: 'True' })) }, { required: ['type'] })),
            ),
          },
          {
            required: ['action'],
            // exactly one of onExitCodes and onPodConditions
            oneOf: [{ required: ['onExitCodes'] }, { required: ['onPodConditions'] }],
            errorMessage: { oneOf: 'a pod failure policy rule needs exactly one of `onExitCodes` and `onPodConditions`' },
          },
        ),
        { maxItems: 20 },
      ),
    ),
  },
  { required: ['rules'] },
);

defs.SuccessPolicy = obj(
  {
    rules: doc(
      'Rules',
      'The Job succeeds as soon as one rule is met (at most 20).',
      arr(
        obj(
          {
            succeededIndexes: doc('Succeeded indexes', 'Indexes that must succeed, as a list of numbers and ranges, e.g. `"0"` or `"0-3,7"`.', str({ pattern: '^\\d+(-\\d+)?(,\\d+(-\\d+)?)*$' })),
            succeededCount: doc('Succeeded count', 'How many (of `succeededIndexes`, or of all indexes) must succeed.', int({ minimum: 1 })),
          },
          { anyOf: [{ required: ['succeededIndexes'] }, { required: ['succeededCount'] }] },
        ),
        { minItems: 1, maxItems: 20 },
      ),
    ),
  },
  { required: ['rules'] },
);

/** A pod template whose pods must keep running (Deployments, StatefulSets): `restartPolicy` can only be `Always`. */
const alwaysTemplate = (md) =>
  doc('Pod template', md, {
    allOf: [ref('PodTemplateSpec')],
    required: ['spec'],
    properties: {
      spec: doc('Pod spec', 'Containers, volumes and scheduling of the pods; `restartPolicy` can only be `Always`.', {
        properties: {
          restartPolicy: doc('Restart policy', 'Only `Always` (the default): these pods are kept running.', { const: 'Always', errorMessage: 'the pods of a Deployment or StatefulSet must use `restartPolicy: Always` (the default); use a Job for pods that finish' }),
        },
      }),
    },
  });

function kindBody({ kind, apiVersion, spec, extraProps = {}, required = ['apiVersion', 'kind', 'metadata'], examples, nameRule, removed }) {
  // API versions of this kind the API server no longer serves: the catalog gives such a document
  // this schema, and the apiVersion is the error (kubectl: "no matches for kind … in version …")
  const removedMessage = removed
    ? { errorMessage: { const: `a ${kind} is \`${apiVersion}\`: ${removed.versions.map((v) => `\`${v}\``).join(', ')} ${removed.versions.length > 1 ? 'were' : 'was'} removed in Kubernetes ${removed.in}` } }
    : {};
  const properties = {
    apiVersion: doc('API version', `API group and version of the object: \`${apiVersion}\` for a ${kind}.`, str({ const: apiVersion, examples: [apiVersion], ...removedMessage })),
    kind: doc('Kind', `Type of the object: \`${kind}\`.`, str({ const: kind, examples: [kind] })),
    metadata: doc('Metadata', 'Name, namespace, labels and annotations. `name` (or `generateName`) is required.', {
      allOf: [ref('ObjectMeta')],
      anyOf: [{ required: ['name'] }, { required: ['generateName'] }],
      ...(nameRule ? { properties: { name: doc('Name', nameRule.md, str({ pattern: nameRule.pattern, maxLength: nameRule.maxLength, patternErrorMessage: nameRule.message })) } } : {}),
    }),
    ...(spec ? { spec } : {}),
    ...extraProps,
    status: doc('Status', 'Written by Kubernetes; ignored when applying.', { type: 'object' }),
  };
  const body = obj(properties, { required });
  if (examples) body.examples = examples;
  return body;
}

function kindDoc(k) {
  const { file, kind, md } = k;
  const schema = schemaDoc('kubernetes', file, `Kubernetes ${kind} (${K8S_VERSION})`, `${md}\n\nSchema: a subset of the Kubernetes ${K8S_VERSION} API ([reference](${REF})).`, kindBody(k));
  schema.$defs = pruneDefs(schema, defs);
  return schema;
}

/**
 * A `v1` `List` (what `kubectl get … -o yaml` prints, and what `kubectl apply` accepts): each item
 * of a kind we bundle is checked against that kind's schema; items of other kinds only need
 * `apiVersion` and `kind`.
 */
function listDoc() {
  const objectDefs = Object.fromEntries(kinds.map((k) => [`${k.kind}Object`, kindBody(k)]));
  const item = {
    type: 'object',
    required: ['apiVersion', 'kind'],
    allOf: kinds.map((k) => ({
      if: { required: ['apiVersion', 'kind'], properties: { apiVersion: { const: k.apiVersion }, kind: { const: k.kind } } },
      then: ref(`${k.kind}Object`),
    })),
  };
  const body = obj(
    {
      apiVersion: doc('API version', '`v1` for a List.', str({ const: 'v1', examples: ['v1'] })),
      kind: doc('Kind', 'Type of the object: `List`.', str({ const: 'List', examples: ['List'] })),
      metadata: doc(
        'Metadata',
        'List metadata written by the API server (`resourceVersion`, `continue`); usually empty.',
        obj(
          {
            resourceVersion: doc('Resource version', 'Version of the listed state.', str()),
            continue: doc('Continue', 'Token to fetch the next page.', str()),
            remainingItemCount: doc('Remaining items', 'Items left after this page.', int()),
            selfLink: doc('Self link', 'Legacy; no longer set.', str()),
          },
          { open: true },
        ),
      ),
      items: doc(
        'Items',
        `Objects of any kind, each with \`apiVersion\` and \`kind\`. ${kinds.map((k) => k.kind).join(', ')} items are checked against their own schema.`,
        arr(item),
      ),
    },
    { required: ['apiVersion', 'kind', 'items'] },
  );
  const schema = schemaDoc(
    'kubernetes',
    'list.schema.json',
    `Kubernetes List (${K8S_VERSION})`,
    `A **List** of Kubernetes objects, as \`kubectl get … -o yaml\` prints it; \`kubectl apply\` creates each item.\n\nSchema: a subset of the Kubernetes ${K8S_VERSION} API ([reference](${REF})).`,
    body,
  );
  const all = { ...defs, ...objectDefs };
  schema.$defs = pruneDefs(schema, all);
  return schema;
}

const podSpecDoc = doc('Spec', 'Containers, volumes and scheduling of the pod.', ref('PodSpec'));

export const kinds = [
  {
    kind: 'Pod',
    apiVersion: 'v1',
    file: 'pod.schema.json',
    md: 'A **Pod** runs one or more containers together on one node.',
    spec: podSpecDoc,
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
  },
  {
    kind: 'Job',
    apiVersion: 'batch/v1',
    file: 'job.schema.json',
    md: 'A **Job** runs pods until a number of them succeed: training runs, data preparation, evaluation.',
    spec: doc('Spec', 'Pod template, parallelism, retries and deadlines of the Job.', ref('JobSpec')),
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
  },
  {
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    file: 'cronjob.schema.json',
    md: 'A **CronJob** creates Jobs on a schedule (nightly retraining, periodic evaluation).',
    removed: { versions: ['batch/v1beta1', 'batch/v2alpha1'], in: '1.25' },
    // the controller appends an 11-character suffix to name its Jobs, which must stay within 63
    nameRule: { md: 'Name of the CronJob: a DNS subdomain of at most 52 characters (its Jobs get an 11-character suffix).', pattern: DNS_SUBDOMAIN, maxLength: 52, message: 'not a valid name: lower-case letters, digits, `-` and `.`, starting and ending with a letter or digit' },
    spec: doc(
      'Spec',
      'Schedule and Job template.',
      obj(
        {
          schedule: doc(
            'Schedule',
            'Cron expression with five fields (`minute hour day-of-month month day-of-week`, no seconds) or a macro such as `@daily` or `@every 2h`. Set the time zone with `timeZone`, not `TZ=` in the schedule.',
            str({
              minLength: 1,
              pattern: '^\\s*(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|@every\\s+\\S+|[^\\s@=]+(\\s+[^\\s=]+){4})\\s*$',
              patternErrorMessage: 'not a Kubernetes cron schedule: five fields `minute hour day-of-month month day-of-week` (no seconds field, no `TZ=`; use `timeZone`) or a macro such as `@daily`',
              examples: ['0 3 * * *', '@hourly'],
            }),
          ),
          timeZone: doc('Time zone', 'IANA time zone of the schedule, e.g. `Europe/Berlin`; defaults to the controller\'s.', str()),
          jobTemplate: doc(
            'Job template',
            'The Job created at each scheduled time.',
            obj({ metadata: doc('Metadata', 'Labels and annotations of the Jobs.', ref('ObjectMeta')), spec: doc('Spec', 'Spec of the Jobs.', ref('JobSpec')) }, { required: ['spec'] }),
          ),
          concurrencyPolicy: doc('Concurrency policy', 'What happens when a run is due while the previous one still runs.', str({ ...oneOfValues([['Allow', 'run them side by side (default)'], ['Forbid', 'skip the new run'], ['Replace', 'cancel the old run and start the new one']]), default: 'Allow' })),
          startingDeadlineSeconds: doc('Starting deadline', 'Seconds after the scheduled time a missed run may still start.', int({ minimum: 0 })),
          suspend: doc('Suspend', 'Pause scheduling.', bool({ default: false })),
          successfulJobsHistoryLimit: doc('Successful jobs kept', 'Finished successful Jobs to keep.', int({ minimum: 0, default: 3 })),
          failedJobsHistoryLimit: doc('Failed jobs kept', 'Failed Jobs to keep.', int({ minimum: 0, default: 1 })),
        },
        { required: ['schedule', 'jobTemplate'] },
      ),
    ),
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
  },
  {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    file: 'deployment.schema.json',
    md: 'A **Deployment** keeps a number of identical pods running and rolls out changes: model servers, APIs.',
    removed: { versions: ['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2'], in: '1.16' },
    spec: doc(
      'Spec',
      'Replicas, selector, pod template and rollout strategy.',
      obj(
        {
          replicas: doc('Replicas', 'Number of pods.', int({ minimum: 0, default: 1 })),
          selector: doc('Selector', 'Which pods belong to the Deployment; must match the template\'s labels and cannot change later.', ref('LabelSelector')),
          template: alwaysTemplate('The pods to run; `restartPolicy` must be `Always`.'),
          strategy: doc(
            'Strategy',
            'How pods are replaced on a change.',
            obj({
              type: doc('Type', 'Rollout type.', str({ ...oneOfValues([['RollingUpdate', 'replace pods gradually (default)'], ['Recreate', 'stop all old pods first (one GPU per replica, no room for both)']]), default: 'RollingUpdate' })),
              rollingUpdate: doc('Rolling update', 'Limits of a rolling update (only with `type: RollingUpdate`).', obj({ maxUnavailable: doc('Max unavailable', 'Pods that may be down during the update (number or %).', ref('IntOrString')), maxSurge: doc('Max surge', 'Extra pods that may exist during the update (number or %).', ref('IntOrString')) })),
            }, {
              // the API server: "may not be specified when strategy `type` is 'Recreate'"
              allOf: [{ if: { required: ['type'], properties: { type: { const: 'Recreate' } } }, then: { properties: { rollingUpdate: false } } }],
            }),
          ),
          minReadySeconds: doc('Min ready seconds', 'Seconds a new pod must be ready to count as available.', int({ minimum: 0 })),
          revisionHistoryLimit: doc('Revision history limit', 'Old ReplicaSets to keep for rollback.', int({ minimum: 0, default: 10 })),
          progressDeadlineSeconds: doc('Progress deadline', 'Seconds before a stalled rollout is reported as failed.', int({ minimum: 1, default: 600 })),
          paused: doc('Paused', 'Pause rollouts.', bool()),
        },
        { required: ['selector', 'template'] },
      ),
    ),
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
  },
  {
    kind: 'StatefulSet',
    apiVersion: 'apps/v1',
    file: 'statefulset.schema.json',
    md: 'A **StatefulSet** runs pods with stable names and per-pod volumes (`name-0`, `name-1`, …).',
    removed: { versions: ['apps/v1beta1', 'apps/v1beta2'], in: '1.16' },
    spec: doc(
      'Spec',
      'Replicas, selector, pod template, volume claim templates and update strategy.',
      obj(
        {
          replicas: doc('Replicas', 'Number of pods.', int({ minimum: 0, default: 1 })),
          selector: doc('Selector', 'Which pods belong to the set; must match the template\'s labels.', ref('LabelSelector')),
          template: alwaysTemplate('The pods to run; `restartPolicy` must be `Always`.'),
          serviceName: doc('Service name', 'Headless Service that gives each pod a DNS name (`name-0.service`).', str()),
          volumeClaimTemplates: doc('Volume claim templates', 'A PersistentVolumeClaim is created from each template for every pod.', arr(obj({ metadata: doc('Metadata', 'Name of the claim (used as the volume name).', ref('ObjectMeta')), spec: doc('Spec', 'Claim spec.', ref('PersistentVolumeClaimSpec')) }, { open: true }))),
          podManagementPolicy: doc('Pod management policy', 'Whether pods start one by one.', str({ ...oneOfValues([['OrderedReady', 'one at a time, in order (default)'], ['Parallel', 'all at once']]), default: 'OrderedReady' })),
          updateStrategy: doc('Update strategy', 'How pods are replaced on a change.', obj({ type: doc('Type', 'Update type.', str(oneOfValues([['RollingUpdate', 'replace pods in reverse order (default)'], ['OnDelete', 'replace a pod only when it is deleted']]))), rollingUpdate: doc('Rolling update', 'Partition and availability of rolling updates.', obj({ partition: doc('Partition', 'Only pods with an ordinal at least this are updated.', int({ minimum: 0 })), maxUnavailable: doc('Max unavailable', 'Pods that may be down during the update.', ref('IntOrString')) })) })),
          revisionHistoryLimit: doc('Revision history limit', 'Old revisions to keep.', int({ minimum: 0 })),
          minReadySeconds: doc('Min ready seconds', 'Seconds a new pod must be ready to count as available.', int({ minimum: 0 })),
          persistentVolumeClaimRetentionPolicy: doc('PVC retention policy', 'Whether claims are kept when the set is deleted or scaled down.', obj({ whenDeleted: doc('When deleted', '`Retain` (default) or `Delete`.', str({ enum: ['Retain', 'Delete'] })), whenScaled: doc('When scaled', '`Retain` (default) or `Delete`.', str({ enum: ['Retain', 'Delete'] })) })),
          ordinals: doc('Ordinals', 'Number of the first pod.', obj({ start: doc('Start', 'First ordinal (default 0).', int({ minimum: 0 })) })),
        },
        { required: ['selector', 'template'] },
      ),
    ),
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
  },
  {
    kind: 'Service',
    apiVersion: 'v1',
    file: 'service.schema.json',
    md: 'A **Service** gives a set of pods one stable address and load-balances across them.',
    nameRule: { md: 'Name of the Service, also its DNS name: a DNS-1035 label (lower-case letters, digits and `-`, starting with a letter, at most 63 characters).', pattern: '^[a-z]([-a-z0-9]*[a-z0-9])?$', maxLength: 63, message: 'not a valid Service name: a DNS-1035 label (lower-case letters, digits and `-`, starting with a letter and ending with a letter or digit)' },
    spec: doc(
      'Spec',
      'Type, selector and ports of the Service.',
      obj({
        type: doc('Type', 'How the Service is exposed.', str({ ...oneOfValues([['ClusterIP', 'a virtual IP inside the cluster (default)'], ['NodePort', 'also a port on every node'], ['LoadBalancer', 'also an external load balancer'], ['ExternalName', 'a DNS alias to `externalName`']]), default: 'ClusterIP' })),
        selector: doc('Selector', 'Labels of the pods that receive traffic. Values must be strings.', labelMap()),
        ports: doc(
          'Ports',
          'Ports of the Service.',
          arr(
            obj(
              {
                port: doc('Port', 'Port of the Service.', int({ minimum: 1, maximum: 65535 })),
                targetPort: doc('Target port', 'Port number or name on the pods; defaults to `port`.', {
                  anyOf: [int({ minimum: 1, maximum: 65535 }), str({ maxLength: 15, pattern: PORT_NAME, patternErrorMessage: 'not a valid port name: at most 15 lower-case letters, digits and `-`, with at least one letter' })],
                }),
                name: doc('Name', 'Name of the port (a DNS label); required when there is more than one.', str({ pattern: DNS_LABEL, maxLength: 63 })),
                protocol: doc('Protocol', 'Protocol of the port.', str({ enum: ['TCP', 'UDP', 'SCTP'], default: 'TCP' })),
                appProtocol: doc('Application protocol', 'Application protocol hint, e.g. `http`, `kubernetes.io/h2c`.', str()),
                nodePort: doc('Node port', 'Port on every node for NodePort and LoadBalancer services (30000–32767 by default).', int({ minimum: 1, maximum: 65535 })),
              },
              { required: ['port'] },
            ),
          ),
        ),
        clusterIP: doc('Cluster IP', 'Virtual IP; `None` makes a headless Service.', str()),
        clusterIPs: doc('Cluster IPs', 'Virtual IPs, one per IP family.', strList()),
        externalIPs: doc('External IPs', 'Extra IPs the Service accepts traffic on.', strList()),
        externalName: doc('External name', 'DNS name an `ExternalName` Service points to.', str()),
        sessionAffinity: doc('Session affinity', 'Send a client to the same pod.', str({ enum: ['ClientIP', 'None'] })),
        sessionAffinityConfig: doc('Session affinity config', 'Timeout of client affinity.', { type: 'object' }),
        loadBalancerIP: doc('Load balancer IP', 'Deprecated: requested IP of the load balancer.', str()),
        loadBalancerSourceRanges: doc('Load balancer source ranges', 'CIDRs allowed to reach the load balancer.', strList()),
        loadBalancerClass: doc('Load balancer class', 'Implementation of the load balancer.', str()),
        allocateLoadBalancerNodePorts: doc('Allocate node ports', 'Whether LoadBalancer services get node ports.', bool()),
        externalTrafficPolicy: doc('External traffic policy', 'Whether external traffic may go to pods on other nodes.', str({ enum: ['Cluster', 'Local'] })),
        internalTrafficPolicy: doc('Internal traffic policy', 'Whether in-cluster traffic may go to pods on other nodes.', str({ enum: ['Cluster', 'Local'] })),
        healthCheckNodePort: doc('Health check node port', 'Node port for load balancer health checks.', int()),
        publishNotReadyAddresses: doc('Publish not-ready addresses', 'Include pods that are not ready in DNS.', bool()),
        ipFamilies: doc('IP families', '`IPv4` and/or `IPv6`.', arr(str({ enum: ['IPv4', 'IPv6'] }))),
        ipFamilyPolicy: doc('IP family policy', 'Single or dual stack.', str({ enum: ['SingleStack', 'PreferDualStack', 'RequireDualStack'] })),
        trafficDistribution: doc('Traffic distribution', 'Preference for routing, e.g. `PreferClose`.', str()),
      }, { allOf: serviceRules() }),
    ),
    required: ['apiVersion', 'kind', 'metadata'],
  },
  {
    kind: 'ConfigMap',
    apiVersion: 'v1',
    file: 'configmap.schema.json',
    md: 'A **ConfigMap** holds configuration as key/value strings, mounted as files or imported as environment variables.',
    extraProps: {
      data: doc('Data', 'Keys and their text values. Values must be strings: quote numbers and booleans (`EPOCHS: "10"`); use a block scalar (`|`) for files.', map({ type: 'string' }, { propertyNames: { pattern: '^[-._a-zA-Z0-9]+$' } })),
      binaryData: doc('Binary data', 'Keys and their base64-encoded binary values.', map({ type: 'string', pattern: BASE64, patternErrorMessage: 'not base64: `binaryData` values must be base64-encoded, padded with `=` to a multiple of 4 characters; put text under `data`' }, { propertyNames: { pattern: '^[-._a-zA-Z0-9]+$' } })),
      immutable: doc('Immutable', 'Forbid changes to the data after creation.', bool()),
    },
  },
  {
    kind: 'Secret',
    apiVersion: 'v1',
    file: 'secret.schema.json',
    md: 'A **Secret** holds credentials — registry logins, API tokens — for pods to mount or import.',
    extraProps: {
      type: doc('Type', 'What the Secret holds; some types require particular keys.', str({ default: 'Opaque', examples: ['Opaque', 'kubernetes.io/dockerconfigjson', 'kubernetes.io/tls', 'kubernetes.io/basic-auth', 'kubernetes.io/ssh-auth', 'kubernetes.io/service-account-token'] })),
      data: doc('Data', 'Keys and their **base64-encoded** values. Write plain text under `stringData` instead.', map({ type: 'string', pattern: BASE64, patternErrorMessage: 'not base64: Secret `data` values must be base64-encoded, padded with `=` to a multiple of 4 characters (the API server rejects other text); put plain text under `stringData` instead' }, { propertyNames: { pattern: '^[-._a-zA-Z0-9]+$' } })),
      stringData: doc('String data', 'Keys and their plain-text values; the API server encodes them into `data`. Values must be strings.', map({ type: 'string' }, { propertyNames: { pattern: '^[-._a-zA-Z0-9]+$' } })),
      immutable: doc('Immutable', 'Forbid changes to the data after creation.', bool()),
    },
  },
  {
    kind: 'PersistentVolumeClaim',
    apiVersion: 'v1',
    file: 'persistentvolumeclaim.schema.json',
    md: 'A **PersistentVolumeClaim** requests storage (datasets, checkpoints) that outlives pods.',
    spec: doc('Spec', 'Access modes, size and storage class of the claim.', ref('PersistentVolumeClaimSpec')),
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
  },
];

defs.PersistentVolumeClaimSpec = obj({
  accessModes: doc('Access modes', 'How the volume may be mounted; at least one is required.', arr(str(oneOfValues([
    ['ReadWriteOnce', 'read-write by one node'],
    ['ReadOnlyMany', 'read-only by many nodes (shared datasets)'],
    ['ReadWriteMany', 'read-write by many nodes (needs a shared filesystem)'],
    ['ReadWriteOncePod', 'read-write by one pod'],
  ])), { minItems: 1 })),
  resources: doc('Resources', 'Size of the volume: `requests.storage` is required.', obj({ requests: doc('Requests', 'Requested size, e.g. `storage: 100Gi` (required).', map(ref('Quantity'), { required: ['storage'] })), limits: doc('Limits', 'Most size.', map(ref('Quantity'))) }, { required: ['requests'] })),
  storageClassName: doc('Storage class', 'StorageClass to provision from; `""` means none (bind to a pre-created volume).', str()),
  volumeMode: doc('Volume mode', 'Filesystem (default) or raw block device.', str({ enum: ['Filesystem', 'Block'] })),
  volumeName: doc('Volume name', 'Bind to this PersistentVolume.', str()),
  selector: doc('Selector', 'Labels of volumes that may be bound.', ref('LabelSelector')),
  dataSource: doc('Data source', 'Populate from a snapshot or another claim.', { type: 'object' }),
  dataSourceRef: doc('Data source reference', 'Populate from any populator object.', { type: 'object' }),
  volumeAttributesClassName: doc('Volume attributes class', 'VolumeAttributesClass of the claim (beta).', str()),
}, {
  // the API server requires at least one access mode and a storage request
  required: ['accessModes', 'resources'],
});

/** Service validation rules of the API server that tie fields together (pkg/apis/core/validation). */
function serviceRules() {
  const notType = (t) => ({ not: { required: ['type'], properties: { type: { const: t } } } });
  return [
    {
      // more than one port: each needs a name
      if: { required: ['ports'], properties: { ports: { type: 'array', minItems: 2 } } },
      then: { properties: { ports: { items: { required: ['name'], errorMessage: { required: 'a Service with more than one port needs a `name` for each' } } } } },
    },
    {
      if: { required: ['type'], properties: { type: { const: 'ExternalName' } } },
      then: { required: ['externalName'] },
    },
    {
      // a Service that is neither headless nor ExternalName needs ports
      if: { allOf: [notType('ExternalName'), { not: { required: ['clusterIP'], properties: { clusterIP: { const: 'None' } } } }] },
      then: {
        required: ['ports'],
        properties: { ports: { minItems: 1, errorMessage: { minItems: 'a Service needs at least one port unless it is headless (`clusterIP: None`) or `ExternalName`' } } },
        errorMessage: { required: 'a Service needs `ports` unless it is headless (`clusterIP: None`) or `ExternalName`' },
      },
    },
    {
      // node ports only for NodePort and LoadBalancer services
      if: { anyOf: [{ not: { required: ['type'] } }, { properties: { type: { const: 'ClusterIP' } } }] },
      then: { properties: { ports: { items: { properties: { nodePort: false } } } } },
    },
  ];
}

export function build() {
  return [...kinds.map((k) => ({ path: `kubernetes/${k.file}`, schema: kindDoc(k) })), { path: 'kubernetes/list.schema.json', schema: listDoc() }];
}
