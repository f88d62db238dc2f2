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

// The operators of label and node selector requirements both have, and what the API server asks
// of their `values` (node selector requirements add `Gt` and `Lt`).
const SET_OPERATORS = [
  ['In', 'the label value is one of `values`'],
  ['NotIn', 'the label value is none of `values`'],
  ['Exists', 'the label is present (`values` must be empty)'],
  ['DoesNotExist', 'the label is absent (`values` must be empty)'],
];
const SET_OPERATOR_VALUES = [
  {
    if: { required: ['operator'], properties: { operator: { enum: ['In', 'NotIn'] } } },
    then: { required: ['values'], properties: { values: { minItems: 1, errorMessage: '`In` and `NotIn` need at least one value' } }, errorMessage: { required: '`In` and `NotIn` need `values`' } },
  },
  {
    if: { required: ['operator'], properties: { operator: { enum: ['Exists', 'DoesNotExist'] } } },
    then: { properties: { values: { maxItems: 0, errorMessage: '`Exists` and `DoesNotExist` take no `values`' } } },
  },
];

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
        str({ pattern: DNS_SUBDOMAIN, maxLength: 253, examples: ['train-resnet'], patternErrorMessage: 'not a valid name: lower-case letters, digits, `-` and `.`, starting and ending with a letter or digit (a DNS subdomain)' }),
      ),
      generateName: doc(
        'Generate name',
        'Prefix the API server completes with a random suffix when `name` is empty; handy for `kubectl create` of Jobs that run many times.',
        str({ examples: ['train-'] }),
      ),
      namespace: doc('Namespace', 'Namespace the object lives in. Defaults to the namespace of the kubectl context.', str({ pattern: DNS_LABEL, maxLength: 63, patternErrorMessage: 'not a valid namespace: lower-case letters, digits and `-`, starting and ending with a letter or digit (a DNS label)' })),
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
              operator: doc('Operator', 'How the key relates to the values.', str(oneOfValues(SET_OPERATORS))),
              values: doc('Values', 'Values for `In` and `NotIn`.', strList()),
            },
            {
              required: ['key', 'operator'],
              // the API server: In/NotIn need values, Exists/DoesNotExist take none
              allOf: SET_OPERATOR_VALUES,
            },
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
      procMount: doc('proc mount', 'How /proc is mounted.', str(oneOfValues([['Default', 'the runtime default (read-only paths masked)'], ['Unmasked', 'no masking']]))),
      seLinuxOptions: doc('SELinux options', 'SELinux context of the container.', ref('SELinuxOptions')),
      seccompProfile: doc('seccomp profile', 'seccomp profile of the container.', ref('SeccompProfile')),
      appArmorProfile: doc('AppArmor profile', 'AppArmor profile of the container.', ref('AppArmorProfile')),
      windowsOptions: doc('Windows options', 'Windows-specific settings.', ref('WindowsSecurityContextOptions')),
    },
  ),
  PodSecurityContext: obj(
    {
      runAsUser: doc('Run as user', 'UID processes of all containers run as.', int()),
      runAsGroup: doc('Run as group', 'GID processes of all containers run as.', int()),
      runAsNonRoot: doc('Run as non-root', 'Refuse to start containers whose image would run as root.', bool()),
      fsGroup: doc('fs group', 'Group that owns mounted volumes and is added to every container.', int()),
      supplementalGroups: doc('Supplemental groups', 'Extra groups for every container\'s first process.', arr(int())),
      supplementalGroupsPolicy: doc('Supplemental groups policy', 'How supplemental groups are computed.', str(oneOfValues([['Merge', 'merge with the image\'s groups (default)'], ['Strict', 'only the groups given here']]))),
      fsGroupChangePolicy: doc('fsGroup change policy', 'When volume ownership is changed to `fsGroup`.', str(oneOfValues([['OnRootMismatch', 'only when the root directory\'s owner or mode differs'], ['Always', 'always (default)']]))),
      sysctls: doc('sysctls', 'Namespaced sysctls set for the pod.', arr(obj({ name: doc('Name', 'sysctl name.', str()), value: doc('Value', 'sysctl value.', str()) }, { required: ['name', 'value'] }))),
      seLinuxOptions: doc('SELinux options', 'SELinux context of all containers.', ref('SELinuxOptions')),
      seccompProfile: doc('seccomp profile', 'seccomp profile of all containers.', ref('SeccompProfile')),
      appArmorProfile: doc('AppArmor profile', 'AppArmor profile of all containers.', ref('AppArmorProfile')),
      windowsOptions: doc('Windows options', 'Windows-specific settings.', ref('WindowsSecurityContextOptions')),
    },
  ),
  SELinuxOptions: obj({ user: doc('User', 'SELinux user.', str()), role: doc('Role', 'SELinux role.', str()), type: doc('Type', 'SELinux type.', str()), level: doc('Level', 'SELinux level.', str()) }),
  SeccompProfile: obj(
    { type: doc('Type', 'Kind of profile.', str(oneOfValues([['RuntimeDefault', 'the container runtime\'s default'], ['Unconfined', 'no seccomp'], ['Localhost', 'a profile file on the node (`localhostProfile`)']]))), localhostProfile: doc('Localhost profile', 'Profile path relative to the kubelet\'s seccomp directory.', str()) },
    { required: ['type'] },
  ),
  AppArmorProfile: obj(
    { type: doc('Type', 'Kind of profile.', str(oneOfValues([['RuntimeDefault', 'the runtime\'s default'], ['Unconfined', 'no AppArmor'], ['Localhost', 'a profile loaded on the node (`localhostProfile`)']]))), localhostProfile: doc('Localhost profile', 'Name of the loaded profile.', str()) },
    { required: ['type'] },
  ),
  WindowsSecurityContextOptions: obj({ gmsaCredentialSpecName: doc('GMSA credential spec name', 'Name of the GMSA credential spec.', str()), gmsaCredentialSpec: doc('GMSA credential spec', 'Inlined GMSA credential spec.', str()), runAsUserName: doc('Run as user name', 'Windows user name.', str()), hostProcess: doc('Host process', 'Run as a host process container.', bool()) }),
  LifecycleHandler: obj({
    exec: doc('Exec', 'Run a command in the container.', obj({ command: doc('Command', 'Command and arguments (no shell).', strList()) })),
    httpGet: doc('HTTP GET', 'Send an HTTP GET.', obj({ path: doc('Path', 'Request path.', str()), port: doc('Port', 'Port number or name.', ref('PortRef')), host: doc('Host', 'Host to connect to.', str()), scheme: doc('Scheme', 'HTTP or HTTPS.', str(oneOfValues([['HTTP', 'plain HTTP (default)'], ['HTTPS', 'HTTPS']]))), httpHeaders: doc('Headers', 'Extra request headers.', arr(obj({ name: doc('Name', 'Header name.', str()), value: doc('Value', 'Header value.', str()) }, { required: ['name', 'value'] }))) }, { required: ['port'] })),
    tcpSocket: doc('TCP socket', 'Deprecated for hooks: open a TCP connection.', obj({ port: doc('Port', 'Port number or name.', ref('PortRef')), host: doc('Host', 'Host to connect to.', str()) }, { required: ['port'] })),
    sleep: doc('Sleep', 'Sleep before going on.', obj({ seconds: doc('Seconds', 'Seconds to sleep.', int({ minimum: 0 })) }, { required: ['seconds'] })),
  }),
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
      resizePolicy: doc('Resize policy', 'Whether resizing CPU or memory restarts the container.', arr(obj({ resourceName: doc('Resource', '`cpu` or `memory`.', str()), restartPolicy: doc('Restart policy', 'What a resize does.', str(oneOfValues([['NotRequired', 'resize in place (default)'], ['RestartContainer', 'restart the container']]))) }, { required: ['resourceName', 'restartPolicy'] }))),
      restartPolicy: doc('Restart policy', 'Only for init containers: `Always` makes it a sidecar that runs next to the main containers.', str({ const: 'Always' })),
      volumeMounts: doc('Volume mounts', 'Volumes of the pod mounted into this container.', arr(ref('VolumeMount'))),
      volumeDevices: doc('Volume devices', 'Block devices of the pod mapped into this container.', arr(obj({ name: doc('Name', 'Name of a PVC volume of the pod.', str()), devicePath: doc('Device path', 'Path of the device inside the container.', str()) }, { required: ['name', 'devicePath'] }))),
      livenessProbe: doc('Liveness probe', 'Restart the container when this fails.', ref('Probe')),
      readinessProbe: doc('Readiness probe', 'Take the pod out of service endpoints while this fails.', ref('Probe')),
      startupProbe: doc('Startup probe', 'Hold the other probes until this succeeds (slow model loading).', ref('Probe')),
      lifecycle: doc('Lifecycle', 'Hooks run after start (`postStart`) and before stop (`preStop`).', obj({ postStart: doc('Post start', 'Run right after the container starts.', ref('LifecycleHandler')), preStop: doc('Pre stop', 'Run before the container is stopped.', ref('LifecycleHandler')) })),
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
      csi: doc('csi', 'An inline CSI volume.', obj({ driver: doc('Driver', 'Name of the CSI driver.', str()), readOnly: doc('Read only', 'Mount read-only.', bool()), fsType: doc('fs type', 'Filesystem type.', str()), volumeAttributes: doc('Volume attributes', 'Driver-specific attributes.', map({ type: 'string' })), nodePublishSecretRef: doc('Node publish secret', 'Secret passed to the driver.', ref('LocalObjectReference')) }, { required: ['driver'] })),
      ephemeral: doc('ephemeral', 'A PVC created and deleted with the pod.', obj({ volumeClaimTemplate: doc('Volume claim template', 'The claim to create.', obj({ metadata: doc('Metadata', 'Labels and annotations of the claim.', ref('ObjectMeta')), spec: doc('Spec', 'Claim spec.', ref('PersistentVolumeClaimSpec')) }, { required: ['spec'] })) })),
      projected: doc('projected', 'Several sources (secrets, config maps, downward API, service account token) in one directory.', obj({
        defaultMode: doc('Default mode', 'File mode bits.', int()),
        sources: doc('Sources', 'What to project.', arr(obj({
          secret: doc('Secret', 'Keys of a Secret.', obj({ name: doc('Name', 'Name of the Secret.', str()), items: doc('Items', 'Keys to project.', arr(ref('KeyToPath'))), optional: doc('Optional', 'Whether it may be missing.', bool()) })),
          configMap: doc('ConfigMap', 'Keys of a ConfigMap.', obj({ name: doc('Name', 'Name of the ConfigMap.', str()), items: doc('Items', 'Keys to project.', arr(ref('KeyToPath'))), optional: doc('Optional', 'Whether it may be missing.', bool()) })),
          downwardAPI: doc('Downward API', 'Pod fields as files.', obj({ items: doc('Items', 'Files to write.', arr(ref('DownwardAPIVolumeFile'))) })),
          serviceAccountToken: doc('Service account token', 'A projected token.', obj({ path: doc('Path', 'File path.', str()), audience: doc('Audience', 'Intended audience.', str()), expirationSeconds: doc('Expiration', 'Requested lifetime in seconds (at least 600).', int({ minimum: 600 })) }, { required: ['path'] })),
          clusterTrustBundle: doc('Cluster trust bundle', 'Certificates of ClusterTrustBundles.', obj({ name: doc('Name', 'Bundle name.', str()), signerName: doc('Signer name', 'Select by signer.', str()), labelSelector: doc('Label selector', 'Select by labels.', ref('LabelSelector')), optional: doc('Optional', 'Whether it may be missing.', bool()), path: doc('Path', 'File path.', str()) }, { required: ['path'] })),
        }))),
      })),
      downwardAPI: doc('downwardAPI', 'Pod fields as files.', obj({ defaultMode: doc('Default mode', 'File mode bits.', int()), items: doc('Items', 'Files to write.', arr(ref('DownwardAPIVolumeFile'))) })),
      image: doc('image', 'An OCI image or artifact mounted read-only (alpha in 1.31).', obj({ reference: doc('Reference', 'Image reference.', str()), pullPolicy: doc('Pull policy', 'When to pull.', str(oneOfValues([['Always', 'always'], ['IfNotPresent', 'if missing'], ['Never', 'never']]))) })),
      // the remaining in-tree sources, listed so that misspelt keys are caught; not described in detail
      ...Object.fromEntries(['awsElasticBlockStore', 'azureDisk', 'azureFile', 'cephfs', 'cinder', 'fc', 'flexVolume', 'flocker', 'gcePersistentDisk', 'gitRepo', 'glusterfs', 'iscsi', 'photonPersistentDisk', 'portworxVolume', 'quobyte', 'rbd', 'scaleIO', 'storageos', 'vsphereVolume'].map((k) => [k, doc(k, `A \`${k}\` volume (in-tree, mostly deprecated).`, { type: 'object' })])),
    },
    { required: ['name'] },
  ),
  PodAffinityTerm: obj(
    {
      labelSelector: doc('Label selector', 'Pods to be near (or away from).', ref('LabelSelector')),
      namespaceSelector: doc('Namespace selector', 'Namespaces the pods may be in.', ref('LabelSelector')),
      namespaces: doc('Namespaces', 'Namespaces the pods may be in (default: the pod\'s own).', strList()),
      topologyKey: doc('Topology key', 'Node label that defines "near", e.g. `kubernetes.io/hostname`.', str({ minLength: 1 })),
      matchLabelKeys: doc('Match label keys', 'Pod label keys whose values are added to the selector.', strList()),
      mismatchLabelKeys: doc('Mismatch label keys', 'Pod label keys whose values must differ.', strList()),
    },
    { required: ['topologyKey'] },
  ),
  PodAffinity: obj({
    requiredDuringSchedulingIgnoredDuringExecution: doc('Required', 'Terms that must all hold.', arr(ref('PodAffinityTerm'))),
    preferredDuringSchedulingIgnoredDuringExecution: doc('Preferred', 'Weighted terms the scheduler prefers.', arr(obj({ weight: doc('Weight', 'Weight 1–100.', int({ minimum: 1, maximum: 100 })), podAffinityTerm: doc('Term', 'The pod affinity term.', ref('PodAffinityTerm')) }, { required: ['weight', 'podAffinityTerm'] }))),
  }),
  TopologySpreadConstraint: obj(
    {
      maxSkew: doc('Max skew', 'Most the pod counts of two domains may differ.', int({ minimum: 1 })),
      topologyKey: doc('Topology key', 'Node label that defines domains, e.g. `topology.kubernetes.io/zone`.', str({ minLength: 1 })),
      whenUnsatisfiable: doc('When unsatisfiable', 'What to do when the skew cannot be kept.', str(oneOfValues([['DoNotSchedule', 'leave the pod pending'], ['ScheduleAnyway', 'schedule it, preferring less skew']]))),
      labelSelector: doc('Label selector', 'Pods counted in each domain.', ref('LabelSelector')),
      minDomains: doc('Min domains', 'Least number of eligible domains (with `DoNotSchedule`).', int({ minimum: 1 })),
      nodeAffinityPolicy: doc('Node affinity policy', 'Whether node affinity limits the domains.', str(oneOfValues([['Honor', 'only nodes matching the pod\'s node affinity (default)'], ['Ignore', 'all nodes']]))),
      nodeTaintsPolicy: doc('Node taints policy', 'Whether taints limit the domains.', str(oneOfValues([['Honor', 'only nodes whose taints the pod tolerates'], ['Ignore', 'all nodes (default)']]))),
      matchLabelKeys: doc('Match label keys', 'Pod label keys whose values are added to the selector.', strList()),
    },
    { required: ['maxSkew', 'topologyKey', 'whenUnsatisfiable'] },
  ),
  LocalObjectReference: obj({ name: doc('Name', 'Name of the object.', str()) }),
  DownwardAPIVolumeFile: obj(
    {
      path: doc('Path', 'Relative file path.', str()),
      fieldRef: doc('Field', 'A field of the pod.', obj({ fieldPath: doc('Field path', 'Path of the field.', str()), apiVersion: doc('API version', 'Version the path is written in.', str()) }, { required: ['fieldPath'] })),
      resourceFieldRef: doc('Resource field', 'A request or limit of a container.', obj({ resource: doc('Resource', 'e.g. `limits.cpu`.', str()), containerName: doc('Container', 'Container whose resource to read.', str()), divisor: doc('Divisor', 'Unit of the value.', ref('Quantity')) }, { required: ['resource'] })),
      mode: doc('Mode', 'File mode bits.', int()),
    },
    { required: ['path'] },
  ),
  Toleration: obj({
    key: doc('Key', 'Taint key; empty with `Exists` tolerates everything.', str()),
    operator: doc('Operator', 'How the value is compared.', str({ ...oneOfValues([['Equal', 'the taint value equals `value` (default)'], ['Exists', 'any value']]) })),
    value: doc('Value', 'Taint value for `Equal`.', str()),
    effect: doc('Effect', 'Taint effect to tolerate; empty means all.', str(oneOfValues([['NoSchedule', 'do not schedule new pods'], ['PreferNoSchedule', 'avoid scheduling new pods'], ['NoExecute', 'evict running pods']]))),
    tolerationSeconds: doc('Toleration seconds', 'How long a `NoExecute` taint is tolerated before eviction.', int()),
  }, {
    // the API server's validateTolerations
    allOf: [
      {
        if: { required: ['operator'], properties: { operator: { const: 'Exists' } } },
        then: { properties: { value: { maxLength: 0, errorMessage: '`value` must be empty when `operator` is `Exists`' } } },
      },
      {
        if: { required: ['tolerationSeconds'] },
        then: { required: ['effect'], properties: { effect: { const: 'NoExecute', errorMessage: '`tolerationSeconds` is only for `effect: NoExecute`' } }, errorMessage: { required: '`tolerationSeconds` is only for `effect: NoExecute`' } },
      },
      {
        if: { not: { required: ['key'], properties: { key: { minLength: 1 } } } },
        then: { required: ['operator'], properties: { operator: { const: 'Exists', errorMessage: 'a toleration without a `key` must use `operator: Exists`' } }, errorMessage: { required: 'a toleration without a `key` must use `operator: Exists`' } },
      },
    ],
  }),
  NodeSelectorRequirement: obj(
    {
      key: doc('Key', 'Node label key (or field name under `matchFields`).', str()),
      operator: doc('Operator', 'How the key relates to the values.', str(oneOfValues([
        ...SET_OPERATORS,
        ['Gt', 'the label value, an integer, is greater than the single value'],
        ['Lt', 'the label value, an integer, is less than the single value'],
      ]))),
      values: doc('Values', 'Values to compare with; strings, even for `Gt` and `Lt`.', strList()),
    },
    {
      required: ['key', 'operator'],
      // the API server: In/NotIn need values, Exists/DoesNotExist take none, Gt/Lt take one integer
      allOf: [
        ...SET_OPERATOR_VALUES,
        {
          if: { required: ['operator'], properties: { operator: { enum: ['Gt', 'Lt'] } } },
          then: { required: ['values'], properties: { values: { minItems: 1, maxItems: 1, items: { pattern: '^-?[0-9]+$' }, errorMessage: '`Gt` and `Lt` take exactly one value, an integer (as a string)' } }, errorMessage: { required: '`Gt` and `Lt` need one value' } },
        },
      ],
    },
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
      dnsConfig: doc('DNS config', 'Extra DNS settings.', obj({ nameservers: doc('Name servers', 'DNS server IPs.', strList()), searches: doc('Searches', 'DNS search domains.', strList()), options: doc('Options', 'Resolver options such as `ndots`.', arr(obj({ name: doc('Name', 'Option name.', str()), value: doc('Value', 'Option value.', str()) }))) })),
      nodeSelector: doc('Node selector', 'Labels a node must have, e.g. `nvidia.com/gpu.product: NVIDIA-A100-SXM4-80GB`. Values must be strings.', labelMap()),
      nodeName: doc('Node name', 'Bind to this node, bypassing the scheduler.', str()),
      affinity: doc('Affinity', 'Node affinity and pod (anti-)affinity rules.', obj({ nodeAffinity: doc('Node affinity', 'Rules about the node, e.g. a GPU model label.', ref('NodeAffinity')), podAffinity: doc('Pod affinity', 'Schedule near matching pods.', ref('PodAffinity')), podAntiAffinity: doc('Pod anti-affinity', 'Schedule away from matching pods.', ref('PodAffinity')) })),
      tolerations: doc('Tolerations', 'Taints the pod tolerates, e.g. `nvidia.com/gpu` on GPU nodes.', arr(ref('Toleration'))),
      topologySpreadConstraints: doc('Topology spread constraints', 'How pods spread over zones or nodes.', arr(ref('TopologySpreadConstraint'))),
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
      hostAliases: doc('Host aliases', 'Extra /etc/hosts entries.', arr(obj({ ip: doc('IP', 'IP address of the entry.', str()), hostnames: doc('Host names', 'Names for the IP.', strList()) }, { required: ['ip'] }))),
      readinessGates: doc('Readiness gates', 'Extra conditions for readiness.', arr(obj({ conditionType: doc('Condition type', 'Pod condition that must be true.', str()) }, { required: ['conditionType'] }))),
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
const alwaysTemplate = (md, owner = 'a Deployment or StatefulSet') =>
  doc('Pod template', md, {
    allOf: [ref('PodTemplateSpec')],
    required: ['spec'],
    properties: {
      spec: doc('Pod spec', 'Containers, volumes and scheduling of the pods; `restartPolicy` can only be `Always`.', {
        properties: {
          restartPolicy: doc('Restart policy', 'Only `Always` (the default): these pods are kept running.', { const: 'Always', errorMessage: `the pods of ${owner} must use \`restartPolicy: Always\` (the default); use a Job for pods that finish` }),
        },
      }),
    },
  });

function kindBody({ kind, apiVersion, spec, extraProps = {}, required = ['apiVersion', 'kind', 'metadata'], examples, nameRule, removed, rules }) {
  // API versions of this kind the API server no longer serves: the catalog gives such a document
  // this schema, and the apiVersion is the error (kubectl: "no matches for kind … in version …")
  const removedMessage = removed
    ? { errorMessage: { const: `${/^[AEIOU]/.test(kind) ? 'an' : 'a'} ${kind} is \`${apiVersion}\`: ${removed.versions.map((v) => `\`${v}\``).join(', ')} ${removed.versions.length > 1 ? 'were' : 'was'} removed in Kubernetes ${removed.in}` } }
    : {};
  const properties = {
    apiVersion: doc('API version', `API group and version of the object: \`${apiVersion}\` for a ${kind}.`, str({ const: apiVersion, examples: [apiVersion], ...removedMessage })),
    kind: doc('Kind', `Type of the object: \`${kind}\`.`, str({ const: kind, examples: [kind] })),
    metadata: doc('Metadata', 'Name, namespace, labels and annotations. `name` (or `generateName`) is required.', {
      allOf: [ref(nameRule?.meta ?? 'ObjectMeta')],
      anyOf: [{ required: ['name'] }, { required: ['generateName'] }],
      ...(nameRule ? { properties: { name: doc('Name', nameRule.md, str({ pattern: nameRule.pattern, maxLength: nameRule.maxLength, patternErrorMessage: nameRule.message })) } } : {}),
    }),
    ...(spec ? { spec } : {}),
    ...extraProps,
    status: doc('Status', 'Written by Kubernetes; ignored when applying.', { type: 'object' }),
  };
  const body = obj(properties, { required });
  if (rules) body.allOf = rules;
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


/** Fields every pod-managing workload kind has, written once. */
const POD_REPLICAS = doc('Replicas', 'Number of pods.', int({ minimum: 0, default: 1 }));
const MIN_READY_SECONDS = doc('Min ready seconds', 'Seconds a new pod must be ready to count as available.', int({ minimum: 0 }));

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
          replicas: POD_REPLICAS,
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
          minReadySeconds: MIN_READY_SECONDS,
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
          replicas: POD_REPLICAS,
          selector: doc('Selector', 'Which pods belong to the set; must match the template\'s labels.', ref('LabelSelector')),
          template: alwaysTemplate('The pods to run; `restartPolicy` must be `Always`.'),
          serviceName: doc('Service name', 'Headless Service that gives each pod a DNS name (`name-0.service`).', str()),
          volumeClaimTemplates: doc('Volume claim templates', 'A PersistentVolumeClaim is created from each template for every pod.', arr(obj({ metadata: doc('Metadata', 'Name of the claim (used as the volume name).', ref('ObjectMeta')), spec: doc('Spec', 'Claim spec.', ref('PersistentVolumeClaimSpec')) }, { open: true }))),
          podManagementPolicy: doc('Pod management policy', 'Whether pods start one by one.', str({ ...oneOfValues([['OrderedReady', 'one at a time, in order (default)'], ['Parallel', 'all at once']]), default: 'OrderedReady' })),
          updateStrategy: doc('Update strategy', 'How pods are replaced on a change.', obj({ type: doc('Type', 'Update type.', str(oneOfValues([['RollingUpdate', 'replace pods in reverse order (default)'], ['OnDelete', 'replace a pod only when it is deleted']]))), rollingUpdate: doc('Rolling update', 'Partition and availability of rolling updates.', obj({ partition: doc('Partition', 'Only pods with an ordinal at least this are updated.', int({ minimum: 0 })), maxUnavailable: doc('Max unavailable', 'Pods that may be down during the update.', ref('IntOrString')) })) })),
          revisionHistoryLimit: doc('Revision history limit', 'Old revisions to keep.', int({ minimum: 0 })),
          minReadySeconds: MIN_READY_SECONDS,
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
        sessionAffinityConfig: doc('Session affinity config', 'Timeout of client affinity.', obj({ clientIP: doc('Client IP', 'Settings of `ClientIP` affinity.', obj({ timeoutSeconds: doc('Timeout', 'Seconds the affinity sticks (1–86400, default 10800).', int({ minimum: 1, maximum: 86400 })) })) })),
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
    // the API server's ValidateSecret: built-in types need their keys (in `data` or `stringData`)
    rules: [
      ['kubernetes.io/tls', 'tls.crt'],
      ['kubernetes.io/tls', 'tls.key'],
      ['kubernetes.io/dockerconfigjson', '.dockerconfigjson'],
      ['kubernetes.io/dockercfg', '.dockercfg'],
      ['kubernetes.io/ssh-auth', 'ssh-privatekey'],
    ].map(([type, key]) => ({
      if: { required: ['type'], properties: { type: { const: type } } },
      then: {
        anyOf: [
          { required: ['data'], properties: { data: { required: [key] } } },
          { required: ['stringData'], properties: { stringData: { required: [key] } } },
        ],
        errorMessage: { anyOf: `a Secret of type \`${type}\` needs the key \`${key}\` under \`data\` or \`stringData\`` },
      },
    })),
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

/** An IPv4 or IPv6 CIDR, as the API server parses a NetworkPolicy `ipBlock` (`10.0.0.0/16`, `fd00::/64`). */
const CIDR = '^(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])(?:\\.(?:25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])){3}/(?:3[0-2]|[12]?[0-9])|[0-9a-fA-F.]*:[0-9a-fA-F:.]*/(?:12[0-8]|1[01][0-9]|[1-9]?[0-9]))$';
const CIDR_MESSAGE = 'not a CIDR: an address and a prefix length, e.g. `10.0.0.0/16` or `fd00::/64`';

/** The API server: `ReadWriteOncePod` "may not be used with other access modes". */
const RWOP_ALONE = { if: { contains: { const: 'ReadWriteOncePod' } }, then: { maxItems: 1, errorMessage: { maxItems: '`ReadWriteOncePod` may not be combined with other access modes' } } };

defs.PersistentVolumeClaimSpec = obj({
  accessModes: doc('Access modes', 'How the volume may be mounted; at least one is required.', arr(str(oneOfValues([
    ['ReadWriteOnce', 'read-write by one node'],
    ['ReadOnlyMany', 'read-only by many nodes (shared datasets)'],
    ['ReadWriteMany', 'read-write by many nodes (needs a shared filesystem)'],
    ['ReadWriteOncePod', 'read-write by one pod'],
  ])), { minItems: 1, ...RWOP_ALONE })),
  resources: doc('Resources', 'Size of the volume: `requests.storage` is required.', obj({ requests: doc('Requests', 'Requested size, e.g. `storage: 100Gi` (required).', map(ref('Quantity'), { required: ['storage'] })), limits: doc('Limits', 'Most size.', map(ref('Quantity'))) }, { required: ['requests'] })),
  storageClassName: doc('Storage class', 'StorageClass to provision from; `""` means none (bind to a pre-created volume).', str()),
  volumeMode: doc('Volume mode', 'Filesystem (default) or raw block device.', str({ enum: ['Filesystem', 'Block'] })),
  volumeName: doc('Volume name', 'Bind to this PersistentVolume.', str()),
  selector: doc('Selector', 'Labels of volumes that may be bound.', ref('LabelSelector')),
  dataSource: doc('Data source', 'Populate from a snapshot or another claim.', obj({ apiGroup: doc('API group', 'Group of the object; empty for core objects.', str()), kind: doc('Kind', 'Kind, e.g. `VolumeSnapshot` or `PersistentVolumeClaim`.', str()), name: doc('Name', 'Name of the object.', str()) }, { required: ['kind', 'name'] })),
  dataSourceRef: doc('Data source reference', 'Populate from any populator object.', obj({ apiGroup: doc('API group', 'Group of the object; empty for core objects.', str()), kind: doc('Kind', 'Kind of the object.', str()), name: doc('Name', 'Name of the object.', str()), namespace: doc('Namespace', 'Namespace of the object (cross-namespace sources need a ReferenceGrant).', str()) }, { required: ['kind', 'name'] })),
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
      // a headless Service has no cluster IP to expose on nodes or a load balancer
      if: { required: ['clusterIP', 'type'], properties: { clusterIP: { const: 'None' }, type: { enum: ['NodePort', 'LoadBalancer'] } } },
      then: { properties: { clusterIP: { not: { const: 'None' }, errorMessage: 'a headless Service (`clusterIP: None`) cannot be of type `NodePort` or `LoadBalancer`' } } },
    },
    {
      // node ports only for NodePort and LoadBalancer services
      if: { anyOf: [{ not: { required: ['type'] } }, { properties: { type: { const: 'ClusterIP' } } }] },
      then: { properties: { ports: { items: { properties: { nodePort: false } } } } },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// More kinds: the rest of what an ML project's manifests hold (apps, networking, autoscaling,
// RBAC, policy, storage, scheduling, and the v1 objects around workloads). Same rules as above:
// closed where we list every field of the 1.31 API, the API server's cross-field checks as
// if/then rules with its own wording.

// Names the API server checks only as path segments (not `.`/`..`, no `/` or `%`): RBAC objects
// (`system:aggregate-to-edit`) and PersistentVolumes.
const PATH_SEGMENT = '^(?!\\.\\.?$)[^/%]+$';
defs.ObjectMetaPathName = {
  ...defs.ObjectMeta,
  properties: {
    ...defs.ObjectMeta.properties,
    name: doc(
      'Name',
      'Name of the object: any text without `/` or `%` (and not `.` or `..`), e.g. `system:aggregate-to-view`.',
      str({ pattern: PATH_SEGMENT, patternErrorMessage: 'not a valid name: it may not contain `/` or `%`, nor be `.` or `..`', examples: ['pod-reader'] }),
    ),
  },
};
const pathSegmentName = (what) => ({ meta: 'ObjectMetaPathName', md: `Name of the ${what}: any text without \`/\` or \`%\` (and not \`.\` or \`..\`).`, pattern: PATH_SEGMENT, message: 'not a valid name: it may not contain `/` or `%`, nor be `.` or `..`' });

// The API server reads an int-or-string that counts pods as a number or a percentage (`25%`).
defs.IntOrPercent = doc('Number or percentage', 'A non-negative number of pods, or a percentage of them such as `"25%"`.', {
  // (the API server: a percentage "must not be greater than 100%")
  anyOf: [int({ minimum: 0 }), str({ pattern: '^0*(100|[1-9]?[0-9])%$', patternErrorMessage: 'not a percentage from 0% to 100%: write a whole number followed by `%` (e.g. `"25%"`), or a number without quotes' })],
  examples: [1, '25%'],
});

defs.ObjectReference = obj(
  {
    apiVersion: doc('API version', 'API version of the referent.', str()),
    kind: doc('Kind', 'Kind of the referent.', str()),
    name: doc('Name', 'Name of the referent.', str()),
    namespace: doc('Namespace', 'Namespace of the referent.', str()),
    uid: doc('UID', 'UID of the referent.', str()),
    resourceVersion: doc('Resource version', 'Specific resource version of the referent.', str()),
    fieldPath: doc('Field path', 'A field within the referent, e.g. `spec.containers{name}`.', str()),
  },
);

defs.TypedLocalObjectReference = obj(
  {
    apiGroup: doc('API group', 'API group of the referent; empty for the core group.', str()),
    kind: doc('Kind', 'Kind of the referent.', str()),
    name: doc('Name', 'Name of the referent.', str()),
  },
  { required: ['kind', 'name'] },
);

/** A pod template's `restartPolicy: Always` workload spec shared by DaemonSet and ReplicaSet. */
const selectorDoc = (owner) => doc('Selector', `Which pods belong to the ${owner}; must match the template's labels and cannot change later.`, ref('LabelSelector'));

// --- networking.k8s.io/v1 Ingress -------------------------------------------------------------

const DNS_1035 = '^[a-z]([-a-z0-9]*[a-z0-9])?$';
const INGRESS_HOST = '^(?![0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+$)(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';

defs.IngressBackend = obj(
  {
    service: doc(
      'Service',
      'A Service of the Ingress\'s namespace and one of its ports.',
      obj(
        {
          name: doc('Name', 'Name of the Service.', str({ pattern: DNS_1035, maxLength: 63, patternErrorMessage: 'not a Service name: a DNS-1035 label (lower-case letters, digits and `-`, starting with a letter)' })),
          port: doc(
            'Port',
            'The Service port: its `number` or its `name`, one of the two.',
            obj(
              {
                number: doc('Number', 'Port number of the Service (its `port`, not the `targetPort`).', int({ minimum: 1, maximum: 65535 })),
                name: doc('Name', 'Name of a port of the Service.', str({ maxLength: 15, pattern: PORT_NAME, patternErrorMessage: 'not a port name: at most 15 lower-case letters, digits and `-` with at least one letter' })),
              },
              {
                oneOf: [{ required: ['number'] }, { required: ['name'] }],
                errorMessage: { oneOf: 'give the Service port as `number` or as `name`, exactly one of them' },
              },
            ),
          ),
        },
        { required: ['name', 'port'] },
      ),
    ),
    resource: doc('Resource', 'An object of another API (e.g. a storage bucket) that serves the traffic; rarely used.', ref('TypedLocalObjectReference')),
  },
  {
    oneOf: [{ required: ['service'] }, { required: ['resource'] }],
    errorMessage: { oneOf: 'a backend needs exactly one of `service` and `resource`' },
  },
);

defs.IngressSpec = obj(
  {
    ingressClassName: doc('Ingress class', 'IngressClass (controller) that serves this Ingress, e.g. `nginx`; the cluster default when unset.', str({ examples: ['nginx'] })),
    defaultBackend: doc('Default backend', 'Where requests that match no rule go.', ref('IngressBackend')),
    tls: doc(
      'TLS',
      'TLS termination: hosts and the `kubernetes.io/tls` Secret with their certificate.',
      arr(obj({ hosts: doc('Hosts', 'Hosts the certificate covers.', strList()), secretName: doc('Secret name', 'Secret (type `kubernetes.io/tls`) holding the certificate and key.', str()) })),
    ),
    rules: doc(
      'Rules',
      'Routing rules by host and path.',
      arr(
        obj({
          host: doc('Host', 'Host name the rule applies to (a DNS name, optionally starting with `*.`; not an IP address). All hosts when unset.', str({ pattern: INGRESS_HOST, patternErrorMessage: 'not a valid host: a lower-case DNS name, optionally starting with `*.` — not an IP address, no port' })),
          http: doc(
            'HTTP',
            'Paths of this host and their backends.',
            obj(
              {
                paths: doc(
                  'Paths',
                  'Paths and where they go; at least one.',
                  arr(
                    obj(
                      {
                        path: doc('Path', 'Path to match; must start with `/`. With `ImplementationSpecific`, the controller may read it as a regex (ingress-nginx with `use-regex`).', str({ pattern: '^/', patternErrorMessage: 'not an absolute path: start it with `/`' })),
                        pathType: doc('Path type', 'How `path` is matched (required in `networking.k8s.io/v1`).', str(oneOfValues([
                          ['Prefix', 'the path split at `/` starts with these elements (`/api` matches `/api/x`, not `/apix`)'],
                          ['Exact', 'the path equals `path` exactly'],
                          ['ImplementationSpecific', 'up to the Ingress controller (regexes in ingress-nginx)'],
                        ]))),
                        backend: doc('Backend', 'Where matching requests go.', ref('IngressBackend')),
                      },
                      {
                        required: ['pathType', 'backend'],
                        allOf: [
                          {
                            // Exact and Prefix paths are absolute, clean URL paths (the API server's invalidPathSequences)
                            if: { required: ['pathType'], properties: { pathType: { enum: ['Exact', 'Prefix'] } } },
                            then: {
                              required: ['path'],
                              properties: { path: { pattern: '^(?!.*(//|/\\./|/\\.\\./|%2[fF]))(?!.*/\\.\\.?$)/', patternErrorMessage: 'an `Exact` or `Prefix` path must start with `/` and may not contain `//`, `/./`, `/../` or `%2f`, nor end in `/.` or `/..`' } },
                              errorMessage: { required: 'an `Exact` or `Prefix` rule needs a `path` (use `/` for everything)' },
                            },
                          },
                        ],
                      },
                    ),
                    { minItems: 1 },
                  ),
                ),
              },
              { required: ['paths'] },
            ),
          ),
        }),
      ),
    ),
  },
  {
    anyOf: [{ required: ['rules'] }, { required: ['defaultBackend'] }],
    errorMessage: { anyOf: 'an Ingress needs `rules` or a `defaultBackend`' },
  },
);

// --- networking.k8s.io/v1 NetworkPolicy -------------------------------------------------------

defs.NetworkPolicyPeer = obj(
  {
    podSelector: doc('Pod selector', 'Pods (of the policy\'s namespace, or of the namespaces `namespaceSelector` selects). `{}` means all.', ref('LabelSelector')),
    namespaceSelector: doc('Namespace selector', 'Namespaces whose pods are allowed. `{}` means all namespaces.', ref('LabelSelector')),
    ipBlock: doc(
      'IP block',
      'An IP range (usually outside the cluster); cannot be combined with the selectors.',
      obj({ cidr: doc('CIDR', 'The range, e.g. `10.0.0.0/16` or `2001:db8::/64`.', str({ pattern: CIDR, patternErrorMessage: CIDR_MESSAGE, examples: ['10.0.0.0/16'] })), except: doc('Except', 'Ranges inside `cidr` to leave out.', strList({ items: { type: 'string', pattern: CIDR, patternErrorMessage: CIDR_MESSAGE } })) }, { required: ['cidr'] }),
    ),
  },
  {
    anyOf: [{ required: ['podSelector'] }, { required: ['namespaceSelector'] }, { required: ['ipBlock'] }],
    errorMessage: { anyOf: 'a peer needs `podSelector`, `namespaceSelector` or `ipBlock`' },
    allOf: [{ if: { required: ['ipBlock'] }, then: { properties: { podSelector: false, namespaceSelector: false } } }],
  },
);

defs.NetworkPolicyPort = obj(
  {
    protocol: doc('Protocol', 'Protocol of the port.', str({ enum: ['TCP', 'UDP', 'SCTP'], default: 'TCP' })),
    port: doc('Port', 'Port number or named container port; all ports when unset.', ref('PortRef')),
    endPort: doc('End port', 'Last port of a range starting at `port` (a number).', int({ minimum: 1, maximum: 65535 })),
  },
  {
    allOf: [{ if: { required: ['endPort'] }, then: { required: ['port'], properties: { port: { type: 'integer', errorMessage: '`endPort` needs `port` as a number' } }, errorMessage: { required: '`endPort` needs a numeric `port` where the range starts' } } }],
  },
);

// --- autoscaling/v2 HorizontalPodAutoscaler ---------------------------------------------------

defs.MetricIdentifier = obj({ name: doc('Name', 'Name of the metric.', str()), selector: doc('Selector', 'Labels that narrow the metric.', ref('LabelSelector')) }, { required: ['name'] });

defs.MetricTarget = obj(
  {
    type: doc('Type', 'What the target value is.', str(oneOfValues([
      ['Utilization', 'average utilization in percent of the pods\' requests (`averageUtilization`; resource metrics only)'],
      ['Value', 'the metric\'s total value (`value`)'],
      ['AverageValue', 'the metric\'s value per pod (`averageValue`)'],
    ]))),
    value: doc('Value', 'Target total value (for `type: Value`).', ref('Quantity')),
    averageValue: doc('Average value', 'Target value per pod (for `type: AverageValue`).', ref('Quantity')),
    averageUtilization: doc('Average utilization', 'Target utilization in percent of the request (for `type: Utilization`), e.g. `70`.', int({ minimum: 1 })),
  },
  {
    required: ['type'],
    allOf: [
      ['Utilization', 'averageUtilization'],
      ['Value', 'value'],
      ['AverageValue', 'averageValue'],
    ].map(([t, f]) => ({
      if: { required: ['type'], properties: { type: { const: t } } },
      then: { required: [f], errorMessage: { required: `a \`${t}\` target needs \`${f}\`` } },
    })),
  },
);

const resourceTarget = doc('Target', 'Target of the resource: `Utilization` (percent of requests) or `AverageValue`.', {
  allOf: [ref('MetricTarget')],
  // (`Value` ruled out alone: a misspelt type gets MetricTarget's one message, not a second list)
  properties: { type: doc('Type', 'Resource metrics take `Utilization` or `AverageValue`.', { not: { const: 'Value' }, errorMessage: { not: 'a resource metric\'s target is `Utilization` or `AverageValue`, not `Value`: the API server needs its `averageUtilization` or `averageValue`' } }) },
});

const METRIC_SOURCES = [
  ['Resource', 'resource'],
  ['ContainerResource', 'containerResource'],
  ['Pods', 'pods'],
  ['Object', 'object'],
  ['External', 'external'],
];

defs.MetricSpec = obj(
  {
    type: doc('Type', 'Which source below the metric comes from; the matching field must be set, and only it.', str(oneOfValues([
      ['Resource', 'CPU or memory of the pods (`resource`)'],
      ['ContainerResource', 'CPU or memory of one container of the pods (`containerResource`)'],
      ['Pods', 'a custom metric of each pod, averaged (`pods`)'],
      ['Object', 'a metric of another object, e.g. an Ingress (`object`)'],
      ['External', 'a metric from outside the cluster, e.g. a queue length (`external`)'],
    ]))),
    resource: doc('Resource', 'A resource metric of the pods.', obj({ name: doc('Name', 'Resource name: `cpu` or `memory`.', str({ examples: ['cpu', 'memory'] })), target: resourceTarget }, { required: ['name', 'target'] })),
    containerResource: doc('Container resource', 'A resource metric of one container of the pods.', obj({ name: doc('Name', 'Resource name: `cpu` or `memory`.', str({ examples: ['cpu', 'memory'] })), container: doc('Container', 'Name of the container.', str()), target: resourceTarget }, { required: ['name', 'container', 'target'] })),
    pods: doc('Pods', 'A custom metric of each pod (from a custom metrics adapter such as Prometheus Adapter).', obj({ metric: doc('Metric', 'The metric.', ref('MetricIdentifier')), target: doc('Target', 'Target value; `AverageValue` for pod metrics.', ref('MetricTarget')) }, { required: ['metric', 'target'] })),
    object: doc('Object', 'A metric of a single object.', obj({ describedObject: doc('Described object', 'The object the metric describes.', obj({ apiVersion: doc('API version', 'API version of the object.', str()), kind: doc('Kind', 'Kind of the object.', str()), name: doc('Name', 'Name of the object.', str()) }, { required: ['kind', 'name'] })), metric: doc('Metric', 'The metric.', ref('MetricIdentifier')), target: doc('Target', 'Target value.', ref('MetricTarget')) }, { required: ['describedObject', 'metric', 'target'] })),
    external: doc('External', 'A metric of something outside the cluster (a queue, a cloud service).', obj({ metric: doc('Metric', 'The metric.', ref('MetricIdentifier')), target: doc('Target', 'Target value.', ref('MetricTarget')) }, { required: ['metric', 'target'] })),
  },
  {
    required: ['type'],
    // the API server: the source named by `type` must be set ("must populate information for the
    // given metric source"), the others not ("must populate the given metric source only")
    allOf: METRIC_SOURCES.map(([t, f]) => ({
      if: { required: ['type'], properties: { type: { const: t } } },
      then: {
        required: [f],
        properties: Object.fromEntries(METRIC_SOURCES.filter(([, g]) => g !== f).map(([, g]) => [g, false])),
        errorMessage: { required: `a \`${t}\` metric needs \`${f}\`` },
      },
    })),
  },
);

const scalingRules = (dir) =>
  doc(
    dir === 'up' ? 'Scale up' : 'Scale down',
    dir === 'up' ? 'How fast to add replicas (default: no stabilization, double or +4 pods every 15 s).' : 'How fast to remove replicas (default: a 300 s stabilization window, then down to the target at once).',
    obj({
      stabilizationWindowSeconds: doc('Stabilization window', 'Seconds of past recommendations considered, to avoid flapping (0–3600).', int({ minimum: 0, maximum: 3600 })),
      selectPolicy: doc('Select policy', 'Which policy wins when several apply.', str(oneOfValues([['Max', 'the one allowing the largest change (default)'], ['Min', 'the one allowing the smallest change'], ['Disabled', `never scale ${dir}`]]))),
      policies: doc(
        'Policies',
        'Most change allowed per period.',
        arr(
          obj(
            {
              type: doc('Type', 'Unit of `value`.', str(oneOfValues([['Pods', 'a number of pods'], ['Percent', 'a percentage of the current replicas']]))),
              value: doc('Value', 'Pods or percent per period (more than 0).', int({ minimum: 1 })),
              periodSeconds: doc('Period', 'Window the change is counted over, 1–1800 seconds.', int({ minimum: 1, maximum: 1800 })),
            },
            { required: ['type', 'value', 'periodSeconds'] },
          ),
        ),
      ),
    }),
  );

// --- rbac.authorization.k8s.io/v1 -------------------------------------------------------------

const RBAC = 'rbac.authorization.k8s.io';
const policyRule = (namespaced) =>
  obj(
    {
      apiGroups: doc('API groups', 'API groups of the resources: `""` for the core group (pods, services), `apps`, `batch`, `kubeflow.org`, `*` for all.', strList({ examples: [[''], ['apps'], ['batch']] })),
      resources: doc('Resources', 'Resources (plural, lower case): `pods`, `pods/log`, `deployments`, `pytorchjobs`; `*` for all.', strList()),
      resourceNames: doc('Resource names', 'Only these objects by name (not for `create`, `list` or `watch`).', strList()),
      verbs: doc('Verbs', 'Allowed actions: `get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`, or `*`.', arr(str({ examples: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', '*'] }), { minItems: 1 })),
      nonResourceURLs: namespaced
        ? doc('Non-resource URLs', 'Not allowed in a Role (only in a ClusterRole).', strList({ maxItems: 0, errorMessage: { maxItems: 'a Role cannot grant `nonResourceURLs`: use a ClusterRole' } }))
        : doc('Non-resource URLs', 'URL paths outside the resource API, e.g. `/healthz`, `/metrics`; then `apiGroups`, `resources` and `resourceNames` must be empty.', strList()),
    },
    {
      required: ['verbs'],
      allOf: [
        {
          // a non-resource rule names no resources
          if: { required: ['nonResourceURLs'], properties: { nonResourceURLs: { minItems: 1 } } },
          then: { properties: { apiGroups: { maxItems: 0, errorMessage: 'a rule cannot apply to both resources and `nonResourceURLs`' }, resources: { maxItems: 0, errorMessage: 'a rule cannot apply to both resources and `nonResourceURLs`' }, resourceNames: { maxItems: 0, errorMessage: 'a rule cannot apply to both resources and `nonResourceURLs`' } } },
        },
        {
          // a resource rule (no non-resource URLs) names API groups and resources
          if: { not: { required: ['nonResourceURLs'], properties: { nonResourceURLs: { minItems: 1 } } } },
          then: {
            required: ['apiGroups', 'resources'],
            properties: {
              apiGroups: { minItems: 1, errorMessage: { minItems: 'a resource rule needs at least one API group (`""` is the core group)' } },
              resources: { minItems: 1, errorMessage: { minItems: 'a resource rule needs at least one resource' } },
            },
            errorMessage: { required: 'a resource rule needs `apiGroups` (`""` is the core group) and `resources`' },
          },
        },
      ],
    },
  );
defs.RolePolicyRule = policyRule(true);
defs.ClusterRolePolicyRule = policyRule(false);

const roleRef = (kinds) =>
  doc(
    'Role reference',
    `The ${kinds.join(' or ')} whose rules are granted; cannot be changed once created.`,
    obj(
      {
        apiGroup: doc('API group', `\`${RBAC}\` (the default).`, str({ const: RBAC, default: RBAC })),
        kind: doc('Kind', kinds.length > 1 ? '`Role` (of this namespace) or `ClusterRole`.' : 'Only `ClusterRole`.', str({ enum: kinds })),
        name: doc('Name', `Name of the ${kinds.join(' or ')}.`, str({ pattern: PATH_SEGMENT })),
      },
      { required: ['kind', 'name'] },
    ),
  );

const subjects = (namespaced) =>
  doc(
    'Subjects',
    'Who gets the role: users, groups or service accounts.',
    arr(
      obj(
        {
          kind: doc('Kind', 'Kind of subject.', str(oneOfValues([['ServiceAccount', 'a ServiceAccount (pods running as it)'], ['User', 'a user as authenticated by the cluster'], ['Group', 'a group of users, e.g. `system:serviceaccounts:ml`']]))),
          name: doc('Name', 'Name of the user, group or service account.', str({ minLength: 1 })),
          namespace: doc('Namespace', namespaced ? 'Namespace of a ServiceAccount; defaults to the binding\'s.' : 'Namespace of a ServiceAccount (required in a ClusterRoleBinding).', str()),
          apiGroup: doc('API group', `\`""\` for a ServiceAccount; \`${RBAC}\` (the default) for users and groups.`, str()),
        },
        {
          required: ['kind', 'name'],
          allOf: [
            { if: { required: ['kind'], properties: { kind: { const: 'ServiceAccount' } } }, then: { properties: { apiGroup: { const: '', errorMessage: 'a ServiceAccount subject has `apiGroup: ""` (or none)' } }, ...(namespaced ? {} : { required: ['namespace'], errorMessage: { required: 'a ServiceAccount subject of a ClusterRoleBinding needs its `namespace`' } }) } },
            { if: { required: ['kind'], properties: { kind: { enum: ['User', 'Group'] } } }, then: { properties: { apiGroup: { enum: ['', RBAC], errorMessage: `users and groups are in \`apiGroup: ${RBAC}\`` } } } },
          ],
        },
      ),
    ),
  );

// --- v1 PersistentVolume ----------------------------------------------------------------------

const SOURCE = (title, md) => doc(title, md, { type: 'object' });
const PV_SOURCES = {
  csi: doc(
    'csi',
    'A volume of a CSI driver (EBS, Persistent Disk, Azure Disk, FSx for Lustre, Filestore, …).',
    obj(
      {
        driver: doc('Driver', 'Name of the CSI driver, e.g. `ebs.csi.aws.com`, `fsx.csi.aws.com`.', str()),
        volumeHandle: doc('Volume handle', 'The driver\'s id of the volume.', str()),
        readOnly: doc('Read only', 'Mount read-only.', bool()),
        fsType: doc('fs type', 'Filesystem type, e.g. `ext4`.', str()),
        volumeAttributes: doc('Volume attributes', 'Driver-specific attributes.', map({ type: 'string' })),
      },
      { required: ['driver', 'volumeHandle'], open: true },
    ),
  ),
  nfs: doc('nfs', 'An NFS export (a shared dataset store).', obj({ server: doc('Server', 'NFS server.', str()), path: doc('Path', 'Exported path.', str()), readOnly: doc('Read only', 'Mount read-only.', bool()) }, { required: ['server', 'path'] })),
  hostPath: doc('hostPath', 'A directory on the node (single-node clusters and tests only).', obj({ path: doc('Path', 'Path on the node.', str()), type: doc('Type', 'What must exist at the path.', str({ enum: ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'] })) }, { required: ['path'] })),
  local: doc('local', 'A local disk of one node (NVMe scratch); needs `nodeAffinity` naming that node.', obj({ path: doc('Path', 'Path of the disk or directory on the node.', str()), fsType: doc('fs type', 'Filesystem type, for block devices.', str()) }, { required: ['path'] })),
  awsElasticBlockStore: SOURCE('awsElasticBlockStore', 'Deprecated in-tree EBS volume; use `csi` with `ebs.csi.aws.com`.'),
  azureDisk: SOURCE('azureDisk', 'Deprecated in-tree Azure Disk; use `csi`.'),
  azureFile: SOURCE('azureFile', 'Deprecated in-tree Azure File share; use `csi`.'),
  cephfs: SOURCE('cephfs', 'A CephFS mount.'),
  cinder: SOURCE('cinder', 'Deprecated in-tree OpenStack Cinder volume.'),
  fc: SOURCE('fc', 'A Fibre Channel volume.'),
  flexVolume: SOURCE('flexVolume', 'Deprecated FlexVolume plugin volume.'),
  flocker: SOURCE('flocker', 'Deprecated Flocker volume.'),
  gcePersistentDisk: SOURCE('gcePersistentDisk', 'Deprecated in-tree GCE Persistent Disk; use `csi` with `pd.csi.storage.gke.io`.'),
  glusterfs: SOURCE('glusterfs', 'Removed GlusterFS in-tree plugin.'),
  iscsi: SOURCE('iscsi', 'An iSCSI disk.'),
  photonPersistentDisk: SOURCE('photonPersistentDisk', 'Deprecated Photon disk.'),
  portworxVolume: SOURCE('portworxVolume', 'Deprecated in-tree Portworx volume.'),
  quobyte: SOURCE('quobyte', 'Deprecated Quobyte volume.'),
  rbd: SOURCE('rbd', 'A Ceph RBD image.'),
  scaleIO: SOURCE('scaleIO', 'Deprecated ScaleIO volume.'),
  storageos: SOURCE('storageos', 'Deprecated StorageOS volume.'),
  vsphereVolume: SOURCE('vsphereVolume', 'Deprecated in-tree vSphere volume.'),
};
const ACCESS_MODES = arr(str(oneOfValues([
  ['ReadWriteOnce', 'read-write by one node'],
  ['ReadOnlyMany', 'read-only by many nodes (shared datasets)'],
  ['ReadWriteMany', 'read-write by many nodes (needs a shared filesystem)'],
  ['ReadWriteOncePod', 'read-write by one pod'],
])), { minItems: 1, ...RWOP_ALONE });

defs.PersistentVolumeSpec = obj(
  {
    capacity: doc('Capacity', 'Size of the volume: `storage` (the only key allowed).', obj({ storage: doc('Storage', 'Size, e.g. `1Ti`.', ref('Quantity')) }, { required: ['storage'] })),
    accessModes: doc('Access modes', 'How the volume may be mounted; at least one.', ACCESS_MODES),
    persistentVolumeReclaimPolicy: doc('Reclaim policy', 'What happens to the volume when its claim is deleted.', str({ ...oneOfValues([['Retain', 'keep it and its data (default for hand-made volumes)'], ['Delete', 'delete it and the storage behind it'], ['Recycle', 'deprecated: scrub and reuse (NFS and hostPath only)']]) })),
    storageClassName: doc('Storage class', 'Class of the volume; a claim with the same class (or `""` for none) can bind it.', str()),
    mountOptions: doc('Mount options', 'Options passed to mount, e.g. `nfsvers=4.1`.', strList()),
    volumeMode: doc('Volume mode', 'Filesystem (default) or raw block device.', str({ enum: ['Filesystem', 'Block'] })),
    volumeAttributesClassName: doc('Volume attributes class', 'VolumeAttributesClass of the volume (beta).', str()),
    claimRef: doc('Claim reference', 'Reserve the volume for this claim (`namespace` and `name`).', ref('ObjectReference')),
    nodeAffinity: doc(
      'Node affinity',
      'Nodes the volume can be used from (required for `local` volumes).',
      obj({ required: doc('Required', 'Node selector terms, one of which must match.', obj({ nodeSelectorTerms: doc('Node selector terms', 'Terms ORed together.', arr(ref('NodeSelectorTerm'))) }, { required: ['nodeSelectorTerms'] })) }),
    ),
    ...PV_SOURCES,
  },
  {
    required: ['capacity', 'accessModes'],
    // exactly one volume source: "must specify a volume type" / "may not specify more than 1 volume type"
    oneOf: Object.keys(PV_SOURCES).map((k) => ({ required: [k] })),
    errorMessage: { oneOf: `a PersistentVolume needs exactly one volume source (${['csi', 'nfs', 'hostPath', 'local'].map((k) => `\`${k}\``).join(', ')}, …)` },
    allOf: [{ if: { required: ['local'] }, then: { required: ['nodeAffinity'], errorMessage: { required: 'a `local` volume needs `nodeAffinity` naming the node its disk is on' } } }],
  },
);

// --- v1 quotas ---------------------------------------------------------------------------------

const quantities = (title, md) => doc(title, md, map(ref('Quantity')));

kinds.push(
  {
    kind: 'DaemonSet',
    apiVersion: 'apps/v1',
    file: 'daemonset.schema.json',
    md: 'A **DaemonSet** runs one pod on every (matching) node: device plugins, node exporters, log shippers, dataset caches.',
    removed: { versions: ['extensions/v1beta1', 'apps/v1beta2'], in: '1.16' },
    spec: doc(
      'Spec',
      'Selector, pod template and update strategy.',
      obj(
        {
          selector: selectorDoc('DaemonSet'),
          template: alwaysTemplate('The pod to run on each node; `restartPolicy` must be `Always`. Use `nodeSelector` or affinity to pick nodes (e.g. GPU nodes) and tolerations for their taints.', 'a DaemonSet'),
          updateStrategy: doc(
            'Update strategy',
            'How pods are replaced on a change.',
            obj({
              type: doc('Type', 'Update type.', str({ ...oneOfValues([['RollingUpdate', 'replace pods node by node (default)'], ['OnDelete', 'replace a pod only when it is deleted']]), default: 'RollingUpdate' })),
              rollingUpdate: doc('Rolling update', 'Limits of a rolling update.', obj({ maxUnavailable: doc('Max unavailable', 'Nodes whose pod may be down during the update (number or %; default 1).', ref('IntOrString')), maxSurge: doc('Max surge', 'Nodes that may run an old and a new pod at once (number or %; default 0).', ref('IntOrString')) })),
            }, {
              allOf: [{ if: { required: ['type'], properties: { type: { const: 'OnDelete' } } }, then: { properties: { rollingUpdate: false } } }],
            }),
          ),
          minReadySeconds: MIN_READY_SECONDS,
          revisionHistoryLimit: doc('Revision history limit', 'Old revisions to keep for rollback.', int({ minimum: 0, default: 10 })),
        },
        { required: ['selector', 'template'] },
      ),
    ),
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
  },
  {
    kind: 'ReplicaSet',
    apiVersion: 'apps/v1',
    file: 'replicaset.schema.json',
    md: 'A **ReplicaSet** keeps a number of identical pods running. Deployments create and manage them; write a Deployment unless you need a bare ReplicaSet.',
    removed: { versions: ['extensions/v1beta1', 'apps/v1beta2'], in: '1.16' },
    spec: doc(
      'Spec',
      'Replicas, selector and pod template.',
      obj(
        {
          replicas: POD_REPLICAS,
          minReadySeconds: MIN_READY_SECONDS,
          selector: selectorDoc('ReplicaSet'),
          template: alwaysTemplate('The pods to run; `restartPolicy` must be `Always`.', 'a ReplicaSet'),
        },
        { required: ['selector', 'template'] },
      ),
    ),
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
  },
  {
    kind: 'Ingress',
    apiVersion: 'networking.k8s.io/v1',
    file: 'ingress.schema.json',
    md: 'An **Ingress** routes HTTP(S) from outside the cluster to Services by host and path (model endpoints, TensorBoard, notebooks).',
    removed: { versions: ['extensions/v1beta1', 'networking.k8s.io/v1beta1'], in: '1.22' },
    spec: doc('Spec', 'Ingress class, TLS and routing rules.', ref('IngressSpec')),
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
  },
  {
    kind: 'NetworkPolicy',
    apiVersion: 'networking.k8s.io/v1',
    file: 'networkpolicy.schema.json',
    md: 'A **NetworkPolicy** limits which traffic may reach (ingress) or leave (egress) the selected pods; needs a network plugin that enforces it.',
    removed: { versions: ['extensions/v1beta1'], in: '1.16' },
    spec: doc(
      'Spec',
      'Pods the policy applies to and the traffic allowed.',
      obj({
        podSelector: doc('Pod selector', 'Pods of the namespace the policy applies to; `{}` selects all of them.', ref('LabelSelector')),
        policyTypes: doc('Policy types', 'Directions the policy restricts. Defaults to `Ingress`, plus `Egress` when `egress` rules are given.', arr(str(oneOfValues([['Ingress', 'incoming traffic: only what `ingress` allows'], ['Egress', 'outgoing traffic: only what `egress` allows']])), { maxItems: 2, uniqueItems: true })),
        ingress: doc('Ingress rules', 'Incoming traffic allowed: from any of `from` to any of `ports`. An empty list allows nothing.', arr(obj({ from: doc('From', 'Sources allowed; all sources when empty.', arr(ref('NetworkPolicyPeer'))), ports: doc('Ports', 'Ports allowed; all ports when empty.', arr(ref('NetworkPolicyPort'))) }))),
        egress: doc('Egress rules', 'Outgoing traffic allowed: to any of `to` on any of `ports`. Remember DNS (port 53) when restricting egress.', arr(obj({ to: doc('To', 'Destinations allowed; all destinations when empty.', arr(ref('NetworkPolicyPeer'))), ports: doc('Ports', 'Ports allowed; all ports when empty.', arr(ref('NetworkPolicyPort'))) }))),
      }),
    ),
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
  },
  {
    kind: 'HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v2',
    file: 'horizontalpodautoscaler.schema.json',
    md: 'A **HorizontalPodAutoscaler** scales a Deployment or StatefulSet between `minReplicas` and `maxReplicas` from metrics (CPU, GPU utilization through a metrics adapter, request queue length).',
    removed: { versions: ['autoscaling/v2beta1', 'autoscaling/v2beta2'], in: '1.25 and 1.26' },
    spec: doc(
      'Spec',
      'Target, replica bounds, metrics and scaling behavior.',
      obj(
        {
          scaleTargetRef: doc(
            'Scale target',
            'The object to scale (it must have a `scale` subresource).',
            obj({ apiVersion: doc('API version', 'API version of the target, e.g. `apps/v1`.', str({ examples: ['apps/v1'] })), kind: doc('Kind', 'Kind of the target, e.g. `Deployment`.', str({ examples: ['Deployment', 'StatefulSet'] })), name: doc('Name', 'Name of the target.', str()) }, { required: ['kind', 'name'] }),
          ),
          minReplicas: doc('Min replicas', 'Fewest replicas (default 1; 0 only with the alpha `HPAScaleToZero` feature gate, off by default in Kubernetes 1.31).', int({ minimum: 1, default: 1, errorMessage: { minimum: '`minReplicas` must be at least 1 (0 needs the alpha `HPAScaleToZero` feature gate)' } })),
          maxReplicas: doc('Max replicas', 'Most replicas; at least `minReplicas`.', int({ minimum: 1 })),
          metrics: doc('Metrics', 'Metrics to scale on; the largest recommendation wins. Defaults to 80% average CPU utilization.', arr(ref('MetricSpec'))),
          behavior: doc('Behavior', 'Scaling speed limits per direction.', obj({ scaleUp: scalingRules('up'), scaleDown: scalingRules('down') })),
        },
        { required: ['scaleTargetRef', 'maxReplicas'] },
      ),
    ),
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
  },
  {
    kind: 'ServiceAccount',
    apiVersion: 'v1',
    file: 'serviceaccount.schema.json',
    md: 'A **ServiceAccount** is the identity pods run as (`serviceAccountName`): RBAC bindings, cloud workload identity, registry credentials.',
    extraProps: {
      automountServiceAccountToken: doc('Mount token', 'Whether pods running as this account get its API token mounted (a pod\'s own setting wins).', bool()),
      imagePullSecrets: doc('Image pull secrets', 'Registry credentials added to every pod running as this account.', arr(obj({ name: doc('Name', 'Name of a `kubernetes.io/dockerconfigjson` Secret.', str()) }))),
      secrets: doc('Secrets', 'Legacy list of token Secrets; not needed since Kubernetes 1.24.', arr(ref('ObjectReference'))),
    },
  },
  {
    kind: 'Namespace',
    apiVersion: 'v1',
    file: 'namespace.schema.json',
    md: 'A **Namespace** groups objects (a team, a project) for names, quotas and access rules.',
    nameRule: { md: 'Name of the namespace: a DNS label (lower-case letters, digits and `-`, starting and ending with a letter or digit, at most 63 characters).', pattern: DNS_LABEL, maxLength: 63, message: 'not a valid namespace name: lower-case letters, digits and `-`, starting and ending with a letter or digit (no dots)' },
    spec: doc('Spec', 'Finalizers of the namespace.', obj({ finalizers: doc('Finalizers', 'Must be empty before the namespace is deleted (e.g. `kubernetes`).', strList()) })),
  },
  {
    kind: 'PersistentVolume',
    apiVersion: 'v1',
    file: 'persistentvolume.schema.json',
    md: 'A **PersistentVolume** is a piece of storage (an NFS export, a CSI volume, a local NVMe disk) that claims bind to; for pre-existing datasets.',
    nameRule: pathSegmentName('volume'),
    spec: doc('Spec', 'Capacity, access modes and the volume source.', ref('PersistentVolumeSpec')),
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
  },
  {
    kind: 'ResourceQuota',
    apiVersion: 'v1',
    file: 'resourcequota.schema.json',
    md: 'A **ResourceQuota** caps what a namespace may use in total: CPU, memory, GPUs (`requests.nvidia.com/gpu`), storage, object counts.',
    spec: doc(
      'Spec',
      'Hard limits and the scopes they apply to.',
      obj({
        hard: doc('Hard', 'Limits by resource: `requests.cpu`, `limits.memory`, `requests.nvidia.com/gpu`, `requests.storage`, `persistentvolumeclaims`, `count/jobs.batch`, …', map(ref('Quantity'), { examples: [{ 'requests.nvidia.com/gpu': 8, 'limits.memory': '512Gi' }] })),
        scopes: doc('Scopes', 'Only pods of these scopes count.', arr(str(oneOfValues([
          ['Terminating', 'pods with `activeDeadlineSeconds`'],
          ['NotTerminating', 'pods without `activeDeadlineSeconds`'],
          ['BestEffort', 'pods without requests or limits'],
          ['NotBestEffort', 'pods with some request or limit'],
          ['PriorityClass', 'pods of the priority classes in `scopeSelector`'],
          ['CrossNamespacePodAffinity', 'pods with cross-namespace (anti-)affinity terms'],
        ])))),
        scopeSelector: doc(
          'Scope selector',
          'Scopes with values, e.g. pods of priority class `high`.',
          obj({
            matchExpressions: doc(
              'Match expressions',
              'Scope requirements, all of which must hold.',
              arr(obj({ scopeName: doc('Scope name', 'Scope, e.g. `PriorityClass`.', str({ enum: ['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity'] })), operator: doc('Operator', 'How the scope relates to the values.', str({ enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] })), values: doc('Values', 'Values for `In` and `NotIn`.', strList()) }, { required: ['scopeName', 'operator'] })),
            ),
          }),
        ),
      }),
    ),
  },
  {
    kind: 'LimitRange',
    apiVersion: 'v1',
    file: 'limitrange.schema.json',
    md: 'A **LimitRange** sets default, minimum and maximum requests and limits for the containers, pods or claims of a namespace.',
    spec: doc(
      'Spec',
      'The limits, by object type.',
      obj(
        {
          limits: doc(
            'Limits',
            'Limits per object type.',
            arr(
              obj(
                {
                  type: doc('Type', 'What the limits apply to.', str(oneOfValues([['Container', 'each container'], ['Pod', 'the sum over a pod\'s containers'], ['PersistentVolumeClaim', 'each claim (`storage`)']]))),
                  max: quantities('Max', 'Largest limit allowed, by resource.'),
                  min: quantities('Min', 'Smallest request allowed, by resource.'),
                  default: quantities('Default limit', 'Limit given to containers that set none (containers only).'),
                  defaultRequest: quantities('Default request', 'Request given to containers that set none (containers only).'),
                  maxLimitRequestRatio: quantities('Max limit/request ratio', 'Largest limit divided by request allowed, by resource.'),
                },
                { required: ['type'] },
              ),
            ),
          ),
        },
        { required: ['limits'] },
      ),
    ),
    required: ['apiVersion', 'kind', 'metadata', 'spec'],
  },
  {
    kind: 'Role',
    apiVersion: `${RBAC}/v1`,
    file: 'role.schema.json',
    md: 'A **Role** grants permissions on the resources of one namespace (bind it with a RoleBinding).',
    removed: { versions: [`${RBAC}/v1beta1`, `${RBAC}/v1alpha1`], in: '1.22' },
    nameRule: pathSegmentName('Role'),
    extraProps: { rules: doc('Rules', 'Permissions granted: verbs on resources of API groups.', arr(ref('RolePolicyRule'))) },
  },
  {
    kind: 'ClusterRole',
    apiVersion: `${RBAC}/v1`,
    file: 'clusterrole.schema.json',
    md: 'A **ClusterRole** grants permissions on cluster-wide resources, on non-resource URLs, or on namespaced resources in every namespace (with a ClusterRoleBinding) or one (with a RoleBinding).',
    removed: { versions: [`${RBAC}/v1beta1`, `${RBAC}/v1alpha1`], in: '1.22' },
    nameRule: pathSegmentName('ClusterRole'),
    extraProps: {
      rules: doc('Rules', 'Permissions granted. Filled in by the controller when `aggregationRule` is set.', arr(ref('ClusterRolePolicyRule'))),
      aggregationRule: doc('Aggregation rule', 'Build the rules from other ClusterRoles selected by label (e.g. `rbac.authorization.k8s.io/aggregate-to-edit: "true"`).', obj({ clusterRoleSelectors: doc('ClusterRole selectors', 'Selectors of the ClusterRoles whose rules are combined.', arr(ref('LabelSelector'))) })),
    },
  },
  {
    kind: 'RoleBinding',
    apiVersion: `${RBAC}/v1`,
    file: 'rolebinding.schema.json',
    md: 'A **RoleBinding** grants a Role (or a ClusterRole, limited to this namespace) to users, groups or service accounts.',
    removed: { versions: [`${RBAC}/v1beta1`, `${RBAC}/v1alpha1`], in: '1.22' },
    nameRule: pathSegmentName('RoleBinding'),
    extraProps: { roleRef: roleRef(['Role', 'ClusterRole']), subjects: subjects(true) },
    required: ['apiVersion', 'kind', 'metadata', 'roleRef'],
  },
  {
    kind: 'ClusterRoleBinding',
    apiVersion: `${RBAC}/v1`,
    file: 'clusterrolebinding.schema.json',
    md: 'A **ClusterRoleBinding** grants a ClusterRole in every namespace and on cluster-wide resources.',
    removed: { versions: [`${RBAC}/v1beta1`, `${RBAC}/v1alpha1`], in: '1.22' },
    nameRule: pathSegmentName('ClusterRoleBinding'),
    extraProps: { roleRef: roleRef(['ClusterRole']), subjects: subjects(false) },
    required: ['apiVersion', 'kind', 'metadata', 'roleRef'],
  },
  {
    kind: 'PodDisruptionBudget',
    apiVersion: 'policy/v1',
    file: 'poddisruptionbudget.schema.json',
    md: 'A **PodDisruptionBudget** limits how many of the selected pods voluntary disruptions (node drains, upgrades) may take down at once.',
    removed: { versions: ['policy/v1beta1'], in: '1.25' },
    spec: doc(
      'Spec',
      'Pods covered and how many must stay up; `minAvailable` or `maxUnavailable`, not both.',
      obj(
        {
          selector: doc('Selector', 'Pods the budget covers; in `policy/v1` an empty selector covers every pod of the namespace.', ref('LabelSelector')),
          minAvailable: doc('Min available', 'Pods that must stay available: a number or a percentage (`"50%"`).', ref('IntOrPercent')),
          maxUnavailable: doc('Max unavailable', 'Pods that may be unavailable: a number or a percentage (`"25%"`).', ref('IntOrPercent')),
          unhealthyPodEvictionPolicy: doc('Unhealthy pod eviction policy', 'When running but not ready pods may be evicted.', str(oneOfValues([['IfHealthyBudget', 'only while the budget is met (default)'], ['AlwaysAllow', 'always (unsticks drains blocked by broken pods)']]))),
        },
        {
          // the API server: "minAvailable and maxUnavailable cannot be both set"
          allOf: [{ if: { required: ['minAvailable'] }, then: { properties: { maxUnavailable: false } } }],
        },
      ),
    ),
  },
  {
    kind: 'StorageClass',
    apiVersion: 'storage.k8s.io/v1',
    file: 'storageclass.schema.json',
    md: 'A **StorageClass** says how volumes are provisioned for claims that name it (disk type, file system, binding mode).',
    removed: { versions: ['storage.k8s.io/v1beta1'], in: '1.22' },
    extraProps: {
      provisioner: doc('Provisioner', 'The CSI driver or provisioner, e.g. `ebs.csi.aws.com`, `pd.csi.storage.gke.io`, `kubernetes.io/no-provisioner` (local volumes).', str({ minLength: 1, examples: ['ebs.csi.aws.com', 'pd.csi.storage.gke.io', 'kubernetes.io/no-provisioner'] })),
      parameters: doc('Parameters', 'Provisioner settings (disk type, IOPS, throughput…). Values must be strings: quote numbers.', map({ type: 'string' }, { maxProperties: 512 })),
      reclaimPolicy: doc('Reclaim policy', 'What happens to a provisioned volume when its claim is deleted.', str({ ...oneOfValues([['Delete', 'delete the volume and its data (default)'], ['Retain', 'keep the volume for manual reuse']]), default: 'Delete' })),
      mountOptions: doc('Mount options', 'Options passed to mount for the volumes, e.g. `noatime`.', strList()),
      allowVolumeExpansion: doc('Allow volume expansion', 'Whether claims may grow after creation.', bool()),
      volumeBindingMode: doc('Volume binding mode', 'When volumes are provisioned and bound.', str({ ...oneOfValues([['Immediate', 'as soon as the claim exists (default)'], ['WaitForFirstConsumer', 'when a pod uses the claim, in the pod\'s zone (needed for zonal disks and local volumes)']]), default: 'Immediate' })),
      allowedTopologies: doc(
        'Allowed topologies',
        'Zones or other topology domains volumes may be provisioned in.',
        arr(obj({ matchLabelExpressions: doc('Match label expressions', 'Topology label requirements.', arr(obj({ key: doc('Key', 'Topology label, e.g. `topology.kubernetes.io/zone`.', str()), values: doc('Values', 'Allowed values.', strList({ minItems: 1 })) }, { required: ['key', 'values'] }))) })),
      ),
    },
    required: ['apiVersion', 'kind', 'metadata', 'provisioner'],
  },
  {
    kind: 'PriorityClass',
    apiVersion: 'scheduling.k8s.io/v1',
    file: 'priorityclass.schema.json',
    md: 'A **PriorityClass** gives pods that name it (`priorityClassName`) a scheduling priority: higher-priority pods are scheduled first and may preempt lower ones (production inference over experiments).',
    extraProps: {
      value: doc('Value', 'The priority: higher wins. At most 1000000000 (larger values are reserved for system classes).', int({ minimum: -2147483648, maximum: 2147483647 })),
      globalDefault: doc('Global default', 'Give this priority to pods that name no class (one class at most).', bool()),
      description: doc('Description', 'When to use this class.', str()),
      preemptionPolicy: doc('Preemption policy', 'Whether pods of this class may preempt lower-priority pods.', str({ ...oneOfValues([['PreemptLowerPriority', 'may preempt (default)'], ['Never', 'wait instead of preempting (batch jobs that should not evict others)']]), default: 'PreemptLowerPriority' })),
    },
    required: ['apiVersion', 'kind', 'metadata', 'value'],
    rules: [
      {
        // only the built-in `system-` classes may go above 1000000000
        if: { not: { required: ['metadata'], properties: { metadata: { required: ['name'], properties: { name: { pattern: '^system-' } } } } } },
        then: { properties: { value: { maximum: 1000000000, errorMessage: { maximum: 'a PriorityClass value may be at most 1000000000; higher values are reserved for the built-in `system-` classes' } } } },
      },
    ],
  },
);

export function build() {
  return [...kinds.map((k) => ({ path: `kubernetes/${k.file}`, schema: kindDoc(k) })), { path: 'kubernetes/list.schema.json', schema: listDoc() }];
}
