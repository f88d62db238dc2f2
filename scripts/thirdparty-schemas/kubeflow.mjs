// Kubeflow training jobs: the Training Operator's PyTorchJob and TFJob, API kubeflow.org/v1
// (training-operator v1.8/v1.9: pkg/apis/kubeflow.org/v1/*_types.go, common_types.go and the
// admission webhooks in pkg/webhooks), and the MPIJob — kubeflow.org/v2beta1 of the MPI Operator
// (mpi-operator v0.5/v0.6: pkg/apis/kubeflow/v2beta1 and pkg/apis/kubeflow/validation) and the
// Training Operator's older kubeflow.org/v1 (mpi_types.go, mpi_validation.go). Pod templates reuse
// the Kubernetes 1.31 definitions. The jobs' own objects (spec, replica specs, run, scheduling and
// elastic policies) are closed as their CRDs' structural schemas are: kubectl's default strict field
// validation rejects an unknown field of a custom resource too ("unknown field spec.…").
import { doc, oneOfValues, str, int, bool, arr, map, ref, obj, schemaDoc, pruneDefs } from './lib.mjs';
import { defs as k8s } from './kubernetes.mjs';

// The operator's admission webhook (pkg/webhooks/pytorch/pytorchjob_webhook.go) rejects a replica
// whose pod has no container, a container without an image, or no container named `pytorch`.
const replicaTemplate = {
  allOf: [ref('PodTemplateSpec')],
  required: ['spec'],
  properties: {
    spec: doc('Pod spec', 'Containers, volumes and scheduling of this role\'s pods. One container must be named `pytorch`, and every container needs an `image`.', {
      required: ['containers'],
      properties: {
        containers: doc('Containers', 'The training container is the one named `pytorch`: the operator sets `MASTER_ADDR`, `MASTER_PORT`, `WORLD_SIZE`, `RANK` and the `PET_*` torchrun variables in it. Other containers (sidecars) may sit next to it.', {
          items: { required: ['image'] },
          contains: { type: 'object', properties: { name: doc('Name', 'The training container\'s name: `pytorch`.', { const: 'pytorch' }) }, required: ['name'] },
          errorMessage: { contains: 'needs a container named `pytorch`: the training operator rejects a replica without one (it is the container it configures for torchrun)' },
        }),
      },
    }),
  },
};

const replicaSpec = obj({
  replicas: doc('Replicas', 'Number of pods of this role. `Master` takes exactly 1.', int({ minimum: 0, default: 1 })),
  template: doc('Pod template', 'Pods of this role. The training container must be named `pytorch`; the operator sets `MASTER_ADDR`, `MASTER_PORT`, `WORLD_SIZE` and `RANK` in it.', replicaTemplate),
  restartPolicy: doc('Restart policy', 'What happens when a pod of this role fails.', str(oneOfValues([
    ['Always', 'always restart the pod'],
    ['OnFailure', 'restart the pod when it fails (the usual choice)'],
    ['Never', 'never restart; the job fails'],
    ['ExitCode', 'restart on retryable exit codes (128+ and 1–127 listed as retryable by the operator), fail otherwise'],
  ]))),
});

const defs = {
  ...k8s,
  ReplicaSpec: replicaSpec,
};

const TRAINING_OPERATOR = [['kubeflow.org/training-operator', 'the Kubeflow training operator (default)'], ['kueue.x-k8s.io/multikueue', 'Kueue MultiKueue dispatches it to a worker cluster']];

const runPolicy = (managers = TRAINING_OPERATOR, who = 'the training operator') => obj(
  {
    cleanPodPolicy: doc('Clean pod policy', 'Which pods are deleted when the job finishes.', str({ ...oneOfValues([['All', 'every pod'], ['Running', 'pods still running (default)'], ['None', 'no pods (keep them for logs)']]) })),
    ttlSecondsAfterFinished: doc('TTL after finished', 'Delete the job this many seconds after it finishes.', int({ minimum: 0 })),
    activeDeadlineSeconds: doc('Active deadline', 'Seconds the job may run before it is failed.', int({ minimum: 0 })),
    backoffLimit: doc('Backoff limit', 'Retries before the job is failed.', int({ minimum: 0 })),
    suspend: doc('Suspend', 'Create the job without starting pods (Kueue sets this).', bool({ default: false })),
    managedBy: doc('Managed by', `Controller that reconciles the job: ${who} (default) or MultiKueue.`, str(oneOfValues(managers))),
    schedulingPolicy: doc(
      'Scheduling policy',
      'Gang scheduling (Volcano or scheduler-plugins).',
      obj(
        {
          minAvailable: doc('Min available', 'Pods that must be schedulable together.', int({ minimum: 0 })),
          queue: doc('Queue', 'Volcano queue.', str()),
          minResources: doc('Min resources', 'Resources the gang needs.', map(ref('Quantity'))),
          priorityClass: doc('Priority class', 'PriorityClass of the gang.', str()),
          scheduleTimeoutSeconds: doc('Schedule timeout', 'Seconds to wait for the gang.', int({ minimum: 0 })),
        },
      ),
    ),
  },
);
const runPolicyObj = runPolicy();

const spec = obj(
  {
    pytorchReplicaSpecs: doc(
      'Replica specs',
      'Pods by role: `Master` (rank 0, at most one) and `Worker`.',
      obj(
        {
          Master: doc('Master', 'The rank-0 pod (exactly 1 replica).', { allOf: [ref('ReplicaSpec')], properties: { replicas: doc('Replicas', 'Must be 1.', { minimum: 1, maximum: 1 }) } }),
          Worker: doc('Worker', 'The other ranks.', ref('ReplicaSpec')),
        },
        { minProperties: 1 },
      ),
    ),
    runPolicy: doc(
      'Run policy',
      'Clean-up, deadlines, retries and gang scheduling of the job.',
      runPolicyObj,
    ),
    elasticPolicy: doc(
      'Elastic policy',
      'Elastic training with torchrun rendezvous: the worker count may change between `minReplicas` and `maxReplicas`.',
      obj(
        {
          minReplicas: doc('Min replicas', 'Fewest workers to train with.', int({ minimum: 1 })),
          maxReplicas: doc('Max replicas', 'Most workers to train with.', int({ minimum: 1 })),
          rdzvBackend: doc('Rendezvous backend', 'torchrun rendezvous backend.', str(oneOfValues([['c10d', 'built-in TCP store (recommended)'], ['etcd', 'etcd'], ['etcd-v2', 'etcd v2 API']]))),
          rdzvHost: doc('Rendezvous host', 'Host of the rendezvous backend.', str()),
          rdzvPort: doc('Rendezvous port', 'Port of the rendezvous backend.', int({ minimum: 1, maximum: 65535 })),
          rdzvId: doc('Rendezvous ID', 'Job id used for the rendezvous.', str()),
          rdzvConf: doc('Rendezvous config', 'Extra rendezvous settings.', arr(obj({ key: doc('Key', 'Setting name.', str()), value: doc('Value', 'Setting value.', str()) }))),
          standalone: doc('Standalone', 'Pass `--standalone` to torchrun.', bool()),
          nProcPerNode: doc('Processes per node (deprecated)', 'Deprecated: use `spec.nprocPerNode`.', int({ minimum: 1 })),
          maxRestarts: doc('Max restarts', 'torchrun `--max-restarts`.', int({ minimum: 0 })),
          metrics: doc('Metrics', 'HorizontalPodAutoscaler metrics that scale the workers.', arr({ type: 'object' })),
        },
      ),
    ),
    nprocPerNode: doc(
      'Processes per node',
      'Processes torchrun starts in each pod (`PET_NPROC_PER_NODE`): a number as a string, or `auto`, `cpu`, `gpu`. Defaults to `auto`.',
      str({ pattern: '^([1-9][0-9]*|auto|cpu|gpu)$', default: 'auto', examples: ['auto', 'gpu', '8'] }),
    ),
  },
  {
    required: ['pytorchReplicaSpecs'],
    allOf: [
      {
        // elastic training scales the Worker role: it must exist with at least one replica
        if: { required: ['elasticPolicy'] },
        then: { properties: { pytorchReplicaSpecs: { required: ['Worker'], properties: { Worker: { properties: { replicas: { minimum: 1 } } } } } } },
      },
      {
        // the deprecated elasticPolicy.nProcPerNode may not be combined with spec.nprocPerNode
        if: { required: ['nprocPerNode', 'elasticPolicy'], properties: { elasticPolicy: { required: ['nProcPerNode'] } } },
        then: { properties: { elasticPolicy: { properties: { nProcPerNode: false } } } },
      },
    ],
  },
);

export function build() {
  const body = obj(
    {
      apiVersion: doc('API version', 'The Kubeflow training API: `kubeflow.org/v1`.', str({ const: 'kubeflow.org/v1' })),
      kind: doc('Kind', 'Type of the object: `PyTorchJob`.', str({ const: 'PyTorchJob' })),
      metadata: doc('Metadata', 'Name, namespace, labels and annotations. The name must be a DNS-1035 label (lower-case letters, digits and `-`, starting with a letter, at most 63 characters): the operator names services after it.', {
        allOf: [ref('ObjectMeta')],
        anyOf: [{ required: ['name'] }, { required: ['generateName'] }],
        properties: { name: doc('Name', 'Name of the job: a DNS-1035 label (lower-case letters, digits and `-`, starting with a letter, at most 63 characters).', str({ pattern: '^[a-z]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 })) },
      }),
      spec: doc('Spec', 'Replicas by role, run policy and elastic settings.', spec),
      status: doc('Status', 'Written by the operator.', { type: 'object' }),
    },
    { required: ['apiVersion', 'kind', 'metadata', 'spec'] },
  );
  const schema = schemaDoc(
    'kubeflow',
    'pytorchjob.schema.json',
    'Kubeflow PyTorchJob (kubeflow.org/v1)',
    'A **PyTorchJob** runs distributed PyTorch training on Kubernetes with the Kubeflow Training Operator: a `Master` pod and `Worker` pods, wired together through `MASTER_ADDR`, `WORLD_SIZE` and `RANK`.',
    body,
  );
  schema.$defs = pruneDefs(schema, defs);
  return [{ path: 'kubeflow/pytorchjob.schema.json', schema }, tfJobDoc(), mpiJobDoc()];
}

// --- TFJob and MPIJob ----------------------------------------------------------------------------

const RESTART_POLICIES = [
  ['Always', 'always restart the pod'],
  ['OnFailure', 'restart the pod when it fails (the usual choice)'],
  ['Never', 'never restart; the job fails'],
  ['ExitCode', 'restart on retryable exit codes (128+ and 1–127 listed as retryable by the operator), fail otherwise'],
];

/**
 * A replica's pod template; `container`: the name one container must have (the Training Operator's
 * webhooks reject a replica without it), or undefined.
 */
function templateOf(container, md) {
  return {
    allOf: [ref('PodTemplateSpec')],
    required: ['spec'],
    properties: {
      spec: doc('Pod spec', `Containers, volumes and scheduling of this role's pods.${container ? ` One container must be named \`${container}\`, and` : ' At least one container;'} every container needs an \`image\`.`, {
        required: ['containers'],
        properties: {
          containers: doc('Containers', md, {
            items: { required: ['image'] },
            ...(container
              ? {
                  contains: { type: 'object', properties: { name: doc('Name', `The training container's name: \`${container}\`.`, { const: container }) }, required: ['name'] },
                  errorMessage: { contains: `needs a container named \`${container}\`: the training operator rejects a replica without one (it is the container it configures)` },
                }
              : {}),
          }),
        },
      }),
    },
  };
}

const replicaSpecOf = (template, templateMd, replicasMd) =>
  obj(
    {
      replicas: doc('Replicas', replicasMd, int({ minimum: 0, default: 1 })),
      template: doc('Pod template', templateMd, template),
      restartPolicy: doc('Restart policy', 'What happens when a pod of this role fails.', str(oneOfValues(RESTART_POLICIES))),
    },
  );

const DNS_1035 = '^[a-z]([-a-z0-9]*[a-z0-9])?$';

/** The top level of a training job: apiVersion(s), kind, metadata with the name rule, spec. */
function jobBody({ kind, apiVersions, nameMd, namePattern, nameMessage, spec, specMd, rules }) {
  const apiVersion =
    apiVersions.length === 1
      ? doc('API version', `The Kubeflow training API: \`${apiVersions[0][0]}\`.`, str({ const: apiVersions[0][0] }))
      : doc('API version', `API version of the ${kind}: ${apiVersions.map(([v]) => `\`${v}\``).join(' or ')}.`, str(oneOfValues(apiVersions)));
  const body = obj(
    {
      apiVersion,
      kind: doc('Kind', `Type of the object: \`${kind}\`.`, str({ const: kind })),
      metadata: doc('Metadata', `Name, namespace, labels and annotations. ${nameMd}`, {
        allOf: [ref('ObjectMeta')],
        anyOf: [{ required: ['name'] }, { required: ['generateName'] }],
        properties: { name: doc('Name', `Name of the job. ${nameMd}`, str({ pattern: namePattern, maxLength: 63, patternErrorMessage: nameMessage })) },
      }),
      spec: doc('Spec', specMd, spec),
      status: doc('Status', 'Written by the operator.', { type: 'object' }),
    },
    { required: ['apiVersion', 'kind', 'metadata', 'spec'] },
  );
  if (rules) body.allOf = rules;
  return body;
}

function tfJobDoc() {
  const md = 'The TensorFlow container is the one named `tensorflow`: the operator sets `TF_CONFIG` (the cluster and this pod\'s task) in it and opens port 2222 (`tfjob-port`). Other containers (sidecars) may sit next to it.';
  const replica = replicaSpecOf(templateOf('tensorflow', md), 'Pods of this role. The training container must be named `tensorflow`; the operator sets `TF_CONFIG` in it.', 'Number of pods of this role. `Chief`/`Master` take 1.');
  const role = (name, md) => doc(name, md, ref('ReplicaSpec'));
  const spec = obj(
    {
      tfReplicaSpecs: doc(
        'Replica specs',
        'Pods by role (`Chief`, `PS`, `Worker`, `Evaluator`); `TF_CONFIG` describes the cluster to each of them.',
        obj(
          {
            Chief: role('Chief', 'The chief worker: saves checkpoints and summaries (at most one of `Chief` and `Master`, 1 replica).'),
            Master: role('Master', 'Older name of `Chief`; do not use both.'),
            PS: role('PS', 'Parameter servers (`ParameterServerStrategy`).'),
            Worker: role('Worker', 'The workers; without a `Chief`, worker 0 is the chief.'),
            Evaluator: role('Evaluator', 'A side evaluator that reads checkpoints; not part of the training cluster.'),
          },
          {
            open: true,
            additionalProperties: ref('ReplicaSpec'),
            minProperties: 1,
            // the webhook: "must not have more than 1 Chief or Master role"
            not: { required: ['Chief', 'Master'] },
            errorMessage: { not: 'a TFJob may not have both `Chief` and `Master`: they are the same role' },
          },
        ),
      ),
      runPolicy: doc('Run policy', 'Clean-up, deadlines, retries and gang scheduling of the job.', runPolicyObj),
      successPolicy: doc('Success policy', 'When the job counts as succeeded.', str(oneOfValues([['', 'when the chief (or worker 0) succeeds (default)'], ['AllWorkers', 'when every worker has succeeded']]))),
      enableDynamicWorker: doc('Dynamic workers', 'Let workers join and leave (TensorFlow elastic training); the operator then leaves `TF_CONFIG` without the worker list.', bool()),
    },
    { required: ['tfReplicaSpecs'] },
  );
  const body = jobBody({
    kind: 'TFJob',
    apiVersions: [['kubeflow.org/v1', 'the Training Operator API']],
    nameMd: 'The name must be a DNS-1035 label (lower-case letters, digits and `-`, starting with a letter, at most 63 characters): the operator names services after it.',
    namePattern: DNS_1035,
    nameMessage: 'not a valid TFJob name: a DNS-1035 label (lower-case letters, digits and `-`, starting with a letter and ending with a letter or digit)',
    spec,
    specMd: 'Replicas by role, run policy and success policy.',
  });
  const schema = schemaDoc(
    'kubeflow',
    'tfjob.schema.json',
    'Kubeflow TFJob (kubeflow.org/v1)',
    'A **TFJob** runs distributed TensorFlow training on Kubernetes with the Kubeflow Training Operator: `Chief`, `PS`, `Worker` and `Evaluator` pods, each told its task through `TF_CONFIG`.',
    body,
  );
  schema.$defs = pruneDefs(schema, { ...k8s, ReplicaSpec: replica });
  return { path: 'kubeflow/tfjob.schema.json', schema };
}

function mpiJobDoc() {
  const md = 'Containers of this role. In `v2beta1` the first container is the one the operator configures (hostfile, SSH keys); in `v1`, the one named `mainContainer`.';
  const replica = replicaSpecOf(templateOf(undefined, md), 'Pods of this role.', 'Number of pods of this role. The `Launcher` takes exactly 1.');
  const V2 = 'kubeflow.org/v2beta1';
  const V1 = 'kubeflow.org/v1';
  const isV = (v) => ({ required: ['apiVersion'], properties: { apiVersion: { const: v } } });
  const spec = obj(
    {
      mpiReplicaSpecs: doc(
        'Replica specs',
        'Pods by role: the `Launcher` (runs `mpirun`, exactly 1) and the `Worker`s (run the ranks over SSH).',
        obj(
          {
            Launcher: doc('Launcher', 'The pod that runs `mpirun` (exactly 1 replica).', { allOf: [ref('ReplicaSpec')], properties: { replicas: doc('Replicas', 'Must be 1.', { minimum: 1, maximum: 1, errorMessage: 'an MPIJob has exactly 1 `Launcher` replica' }) } }),
            Worker: doc('Worker', 'The pods that run the MPI ranks, `slotsPerWorker` each.', ref('ReplicaSpec')),
          },
          { open: true, additionalProperties: ref('ReplicaSpec'), required: ['Launcher'], errorMessage: { required: 'an MPIJob needs a `Launcher` replica spec' } },
        ),
      ),
      slotsPerWorker: doc('Slots per worker', 'MPI slots (ranks) per worker pod in the hostfile, usually the GPUs per worker. Defaults to 1.', int({ minimum: 0, default: 1 })),
      runPolicy: doc(
        'Run policy',
        'Clean-up, deadlines, retries and gang scheduling of the job.',
        runPolicy([...TRAINING_OPERATOR, ['kubeflow.org/mpi-operator', 'the MPI Operator (the default for `v2beta1`)']], 'the operator'),
      ),
      sshAuthMountPath: doc('SSH mount path', '`v2beta1`: directory the SSH keys are mounted at, e.g. `/home/mpiuser/.ssh` for a non-root image. Defaults to `/root/.ssh`.', str({ minLength: 1, default: '/root/.ssh' })),
      launcherCreationPolicy: doc('Launcher creation policy', '`v2beta1`: when the launcher is created.', str({ ...oneOfValues([['AtStartup', 'together with the workers (default)'], ['WaitForWorkersReady', 'once every worker is ready (avoids `mpirun` failing on workers that are not up yet)']]), default: 'AtStartup' })),
      runLauncherAsWorker: doc('Run launcher as worker', '`v2beta1`: also run ranks in the launcher pod (it is then listed in the hostfile).', bool({ default: false })),
      mpiImplementation: doc('MPI implementation', '`v2beta1`: the MPI flavour of the images; decides the hostfile format and environment.', str({ ...oneOfValues([['OpenMPI', 'Open MPI (default)'], ['Intel', 'Intel MPI'], ['MPICH', 'MPICH']]), default: 'OpenMPI' })),
      mainContainer: doc('Main container', '`v1` only: name of the container that runs the MPI code.', str()),
      cleanPodPolicy: doc('Clean pod policy (v1)', '`v1` only, deprecated: use `runPolicy.cleanPodPolicy`.', str({ enum: ['All', 'Running', 'None'] })),
    },
    { required: ['mpiReplicaSpecs'] },
  );
  const v2Replica = (role) => ({
    properties: {
      restartPolicy: { enum: ['OnFailure', 'Never'], errorMessage: 'the MPI Operator accepts only `OnFailure` or `Never` as a replica\'s `restartPolicy`' },
      ...(role === 'Worker' ? { replicas: { minimum: 1, errorMessage: { minimum: 'an MPIJob needs at least 1 `Worker` replica (or leave the `Worker` role out)' } } } : {}),
    },
  });
  const body = jobBody({
    kind: 'MPIJob',
    apiVersions: [[V2, 'the MPI Operator (v0.4 and later)'], [V1, 'the Training Operator\'s older MPIJob']],
    nameMd: 'The name must be a DNS label (lower-case letters, digits and `-`, at most 63 characters with the `-worker-N` suffix): pods get host names from it.',
    namePattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
    nameMessage: 'not a valid MPIJob name: lower-case letters, digits and `-`, starting and ending with a letter or digit (pods get host names from it, so no dots)',
    spec,
    specMd: 'Launcher and workers, slots per worker and run policy.',
    rules: [
      {
        // mpi-operator validation: replica restart policies, at least one worker
        if: isV(V2),
        then: { properties: { spec: { properties: { mpiReplicaSpecs: { properties: { Launcher: v2Replica('Launcher'), Worker: v2Replica('Worker') } }, mainContainer: false, cleanPodPolicy: false } } } },
      },
      {
        // training-operator ValidateV1MpiJobSpec: only Launcher and Worker roles
        if: isV(V1),
        then: { properties: { spec: { properties: { mpiReplicaSpecs: { propertyNames: { enum: ['Launcher', 'Worker'], errorMessage: 'a `kubeflow.org/v1` MPIJob has only `Launcher` and `Worker` roles' } }, sshAuthMountPath: false, launcherCreationPolicy: false, runLauncherAsWorker: false, mpiImplementation: false } } } },
      },
    ],
  });
  const schema = schemaDoc(
    'kubeflow',
    'mpijob.schema.json',
    'Kubeflow MPIJob (kubeflow.org/v2beta1, v1)',
    'An **MPIJob** runs an MPI program (Horovod, DeepSpeed with the MPI launcher, NCCL tests) on Kubernetes: a `Launcher` pod runs `mpirun`, which starts the ranks in the `Worker` pods over SSH. `kubeflow.org/v2beta1` is the MPI Operator\'s API; `kubeflow.org/v1` the older one of the Training Operator.',
    body,
  );
  schema.$defs = pruneDefs(schema, { ...k8s, ReplicaSpec: replica });
  return { path: 'kubeflow/mpijob.schema.json', schema };
}
