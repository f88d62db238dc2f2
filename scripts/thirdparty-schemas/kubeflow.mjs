// Kubeflow Training Operator PyTorchJob, API kubeflow.org/v1 (training-operator v1.8/v1.9:
// pkg/apis/kubeflow.org/v1/pytorch_types.go and common_types.go). Pod templates reuse the
// Kubernetes 1.31 definitions.
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
}, { open: true });

const defs = {
  ...k8s,
  ReplicaSpec: replicaSpec,
};

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
      obj(
        {
          cleanPodPolicy: doc('Clean pod policy', 'Which pods are deleted when the job finishes.', str({ ...oneOfValues([['All', 'every pod'], ['Running', 'pods still running (default)'], ['None', 'no pods (keep them for logs)']]) })),
          ttlSecondsAfterFinished: doc('TTL after finished', 'Delete the job this many seconds after it finishes.', int({ minimum: 0 })),
          activeDeadlineSeconds: doc('Active deadline', 'Seconds the job may run before it is failed.', int({ minimum: 0 })),
          backoffLimit: doc('Backoff limit', 'Retries before the job is failed.', int({ minimum: 0 })),
          suspend: doc('Suspend', 'Create the job without starting pods (Kueue sets this).', bool({ default: false })),
          managedBy: doc('Managed by', 'Controller that reconciles the job: the training operator (default) or MultiKueue.', str(oneOfValues([['kubeflow.org/training-operator', 'the Kubeflow training operator (default)'], ['kueue.x-k8s.io/multikueue', 'Kueue MultiKueue dispatches it to a worker cluster']]))),
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
              { open: true },
            ),
          ),
        },
        { open: true },
      ),
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
        { open: true },
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
    open: true,
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
  return [{ path: 'kubeflow/pytorchjob.schema.json', schema }];
}
