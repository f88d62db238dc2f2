// Weights & Biases sweep configuration, from W&B's sweep configuration reference
// (docs.wandb.ai/guides/sweeps/sweep-config-keys) and the JSON schema of wandb/sweeps
// (src/sweeps/config/schema.json). The top level is closed like W&B's; parameters are typed.
import { doc, oneOfValues, str, int, num, bool, arr, map, anyOf, ref, obj, schemaDoc } from './lib.mjs';

const DISTRIBUTIONS = [
  ['constant', 'always `value`'],
  ['categorical', 'one of `values`'],
  ['categorical_w_probabilities', 'one of `values`, weighted by `probabilities`'],
  ['int_uniform', 'integers uniformly between `min` and `max`'],
  ['uniform', 'reals uniformly between `min` and `max`'],
  ['q_uniform', 'uniform, rounded to multiples of `q`'],
  ['log_uniform', 'exp(X) with X uniform between `min` and `max` (natural-log bounds)'],
  ['log_uniform_values', 'log-uniform between the values `min` and `max`'],
  ['q_log_uniform', 'log_uniform rounded to multiples of `q`'],
  ['q_log_uniform_values', 'log_uniform_values rounded to multiples of `q`'],
  ['inv_log_uniform', '1/X with X log-uniform (natural-log bounds)'],
  ['inv_log_uniform_values', '1/X with X log-uniform between values'],
  ['normal', 'normal with mean `mu` and deviation `sigma`'],
  ['q_normal', 'normal rounded to multiples of `q`'],
  ['log_normal', 'log-normal with `mu` and `sigma`'],
  ['q_log_normal', 'log-normal rounded to multiples of `q`'],
  ['beta', 'beta with shape `a` and `b`'],
  ['q_beta', 'beta rounded to multiples of `q`'],
];

const parameter = obj({
  value: doc('Value', 'A single fixed value (a constant parameter).', {}),
  values: doc('Values', 'Values to choose from (grid searches try each one).', arr({}, { minItems: 1 })),
  probabilities: doc('Probabilities', 'Probability of each of `values` in random search; must sum to 1.', arr(num({ minimum: 0, maximum: 1 }))),
  distribution: doc('Distribution', 'How values are drawn. Inferred when left out: `categorical` for `values`, `int_uniform` or `uniform` for integer or real `min`/`max`.', str(oneOfValues(DISTRIBUTIONS))),
  min: doc('Min', 'Lower bound.', num()),
  max: doc('Max', 'Upper bound.', num()),
  mu: doc('mu', 'Mean of (log-)normal distributions.', num({ default: 0 })),
  sigma: doc('sigma', 'Standard deviation of (log-)normal distributions.', num({ minimum: 0, default: 1 })),
  q: doc('q', 'Quantisation step of `q_*` distributions.', num({ exclusiveMinimum: 0, default: 1 })),
  a: doc('a', 'Alpha shape of the beta distribution.', num({ minimum: 0, default: 1 })),
  b: doc('b', 'Beta shape of the beta distribution.', num({ minimum: 0, default: 1 })),
  parameters: doc('Nested parameters', 'Parameters nested under this one (arrive in `wandb.config` as a dict).', ref('parameters')),
}, { minProperties: 1, allOf: shapeRules() });

/**
 * wandb/sweeps config/schema.json accepts a parameter only in one of its shapes (each with
 * `additionalProperties: false`): the keys a parameter may hold depend on its distribution, or,
 * without one, on whether it has `value`, `values`, `min`/`max` or nested `parameters`. Written as
 * if/then rules so an error names the offending key instead of listing nineteen failed shapes.
 */
function shapeRules() {
  const MINMAX = ['min', 'max'];
  const SHAPES = {
    constant: { keys: ['value'], required: ['value'] },
    categorical: { keys: ['values'], required: ['values'] },
    categorical_w_probabilities: { keys: ['values', 'probabilities'], required: ['values', 'probabilities'] },
    int_uniform: { keys: MINMAX, required: MINMAX, integer: true },
    uniform: { keys: MINMAX, required: MINMAX },
    q_uniform: { keys: [...MINMAX, 'q'], required: MINMAX },
    log_uniform: { keys: MINMAX, required: MINMAX },
    log_uniform_values: { keys: MINMAX, required: MINMAX, positive: true },
    q_log_uniform: { keys: [...MINMAX, 'q'], required: MINMAX },
    q_log_uniform_values: { keys: [...MINMAX, 'q'], required: MINMAX, positive: true },
    inv_log_uniform: { keys: MINMAX, required: MINMAX },
    inv_log_uniform_values: { keys: MINMAX, required: MINMAX, positive: true },
    normal: { keys: ['mu', 'sigma'] },
    q_normal: { keys: ['mu', 'sigma', 'q'] },
    log_normal: { keys: ['mu', 'sigma'] },
    q_log_normal: { keys: ['mu', 'sigma', 'q'] },
    beta: { keys: ['a', 'b'] },
    q_beta: { keys: ['a', 'b', 'q'] },
  };
  const rules = Object.entries(SHAPES).map(([name, shape]) => ({
    if: { properties: { distribution: { const: name } }, required: ['distribution'] },
    then: {
      propertyNames: { enum: ['distribution', ...shape.keys] },
      ...(shape.required ? { required: shape.required } : {}),
      ...(shape.integer ? { properties: { min: { type: 'integer' }, max: { type: 'integer' } } } : {}),
      ...(shape.positive ? { properties: { min: { exclusiveMinimum: 0 } } } : {}),
    },
  }));
  // Without `distribution`, W&B infers it from the keys.
  const none = { not: { required: ['distribution'] } };
  rules.push(
    { if: { ...none, required: ['parameters'] }, then: { propertyNames: { enum: ['parameters'] } } },
    { if: { ...none, required: ['value'], not: { anyOf: [{ required: ['distribution'] }, { required: ['parameters'] }] } }, then: { propertyNames: { enum: ['value'] } } },
    { if: { not: { anyOf: [{ required: ['distribution'] }, { required: ['parameters'] }, { required: ['value'] }] }, required: ['values'] }, then: { propertyNames: { enum: ['values', 'probabilities'] } } },
    // `mu`, `sigma`, `a`, `b`, `q` belong to distributions W&B never infers: `distribution` must say which
    {
      if: { not: { required: ['distribution'] }, anyOf: ['mu', 'sigma', 'a', 'b', 'q'].map((k) => ({ required: [k] })) },
      then: { required: ['distribution'] },
    },
    {
      if: { not: { anyOf: ['distribution', 'parameters', 'value', 'values', 'mu', 'sigma', 'a', 'b', 'q'].map((k) => ({ required: [k] })) } },
      then: { required: ['min', 'max'], propertyNames: { enum: ['min', 'max'] } },
    },
  );
  return rules;
}

const properties = {
  program: doc('Program', 'Training script the agent runs.', str({ examples: ['train.py'] })),
  method: doc('Method', 'Search strategy.', str(oneOfValues([
    ['grid', 'every combination of the parameter values (needs `values` or `value`, or discrete distributions)'],
    ['random', 'random combinations drawn from the distributions'],
    ['bayes', 'Bayesian optimisation of `metric` (needs `metric`)'],
    ['custom', 'a custom `scheduler` engine (Optuna, Ax)'],
  ]))),
  parameters: doc('Parameters', 'Hyperparameters to search, by name (the keys of `wandb.config`).', ref('parameters')),
  metric: doc('Metric', 'The metric to optimise; required for `bayes` and `early_terminate`. The script must log it with `wandb.log`.', ref('metric')),
  metrics: doc('Metrics', 'Several metrics for multi-objective search (`method: custom` only; not with `metric`).', arr(ref('metric'), { minItems: 2 })),
  scheduler: doc('Scheduler', 'A custom search engine (`optuna` and `ax` need `method: custom`; not with `early_terminate`), or, for Sweeps on Launch, the scheduler job and its settings (`job`, `num_workers`, `settings`).', obj({
    engine: doc('Engine', 'Search engine.', str({ enum: ['optuna', 'ax', 'wandb'] })),
    source: doc('Source', 'File with the optimizer and search-space functions.', str()),
    optimizer: doc('Optimizer', 'Function in `source` that builds the study.', str()),
    search_space: doc('Search space', 'Function in `source` that defines the search space.', str()),
    // Sweeps on Launch (`wandb launch-sweep`): the scheduler runs as a launch job. Keys from the W&B
    // "Sweeps on Launch" guide and the wandb/examples launch-sweeps configs (quickstart, optuna-scheduler).
    job: doc('Scheduler job (Launch)', 'Launch job that runs the sweep scheduler, e.g. `wandb/sweep-jobs/job-optuna-sweep-scheduler:latest`; the default W&B scheduler when absent.', str()),
    num_workers: doc('Workers (Launch)', 'How many sweep runs the scheduler keeps running at once.', int({ minimum: 1 })),
    settings: doc('Settings (Launch)', 'Options of the scheduler job, e.g. `optuna_source`, `pruner`, `sampler` for the Optuna scheduler.', { type: 'object' }),
    resource: doc('Resource (Launch)', 'Launch resource the scheduler runs on, e.g. `local-container`, `kubernetes`.', str()),
    resource_args: doc('Resource arguments (Launch)', 'Resource-specific settings for the scheduler job.', { type: 'object' }),
    docker_image: doc('Docker image (Launch)', 'Image the scheduler job runs in.', str()),
  })),
  apiVersion: doc('API version', 'Version marker some tools write; ignored.', str()),
  kind: doc('Kind', 'Always `sweep` when present.', str({ const: 'sweep' })),
  early_terminate: doc('Early termination', 'Stop poorly performing runs early (Hyperband).', obj({
    type: doc('Type', 'Algorithm; only `hyperband`.', str({ const: 'hyperband' })),
    min_iter: doc('Min iterations', 'First bracket, in logged iterations.', int({ minimum: 1 })),
    max_iter: doc('Max iterations', 'Most iterations of a run (with `s`).', int()),
    s: doc('s', 'Number of brackets (with `max_iter`).', num()),
    eta: doc('eta', 'Bracket multiplier: at each bracket the top 1/eta runs continue.', num({ exclusiveMinimum: 1, default: 3 })),
    strict: doc('Strict', 'Use the stricter termination rule of the original algorithm (stops more runs).', bool({ default: true })),
  }, { required: ['type'], anyOf: [{ required: ['min_iter'] }, { required: ['max_iter', 's'] }] })),
  name: doc('Name', 'Sweep name shown in the W&B UI.', str()),
  description: doc('Description', 'Text describing the sweep.', str()),
  project: doc('Project', 'W&B project of the sweep.', str()),
  entity: doc('Entity', 'W&B user or team of the sweep.', str()),
  // wandb_agent.py runs `str(item)` for each item (create_sweep_command matches macros in
  // `str(chunk)`), so numbers and booleans are fine: `--seed`, `42`.
  command: doc(
    'Command',
    'Command line the agent runs, as a list (one argument per item; numbers are passed as text). Macros, each a whole item: `${env}`, `${interpreter}`, `${program}`, `${args}`, `${args_no_hyphens}`, `${args_no_equals}`, `${args_no_boolean_flags}`, `${args_json}`, `${args_json_file}`, `${args_append_hydra}`, `${args_override_hydra}`; `${envvar:NAME}` is replaced by an environment variable anywhere in an item.',
    arr(anyOf(str(), num(), bool()), { examples: [['${env}', '${interpreter}', '${program}', '${args}']] }),
  ),
  run_cap: doc('Run cap', 'Most runs the sweep starts.', int({ minimum: 1 })),
  controller: doc('Controller', 'Where the sweep controller runs: `{type: local}` for a local controller.', obj({ type: doc('Type', '`cloud` (default) or `local`.', str({ enum: ['cloud', 'local'] })) }, { open: true })),
  job: doc('Job', 'W&B Launch job to run instead of `program`.', str()),
  image_uri: doc('Image URI', 'W&B Launch image to run.', str()),
};

export function build() {
  const schema = schemaDoc(
    'wandb',
    'sweep.schema.json',
    'Weights & Biases sweep',
    'A **Weights & Biases** sweep configuration (`wandb sweep sweep.yaml`): the search method, the hyperparameters and their distributions, and the metric to optimise.',
    {
      type: 'object',
      required: ['method'],
      properties,
      additionalProperties: false,
      allOf: [
        // bayes search and hyperband stopping both optimise `metric` (hyperband_stopping.py raises without it)
        { if: { properties: { method: { const: 'bayes' } }, required: ['method'] }, then: { required: ['metric'] } },
        { if: { required: ['early_terminate'] }, then: { required: ['metric'] } },
        // wandb/sweeps cfg.py schema_violations_from_proposed_config: `parameters` is required unless
        // `scheduler.search_space` is set; `metric` and `metrics` exclude each other and `metrics`
        // needs `method: custom`; an `engine` supports only its methods and not `early_terminate`.
        { if: { not: { required: ['scheduler'], properties: { scheduler: { type: 'object', required: ['search_space'] } } } }, then: { required: ['parameters'] } },
        {
          if: { required: ['metrics'] },
          then: {
            properties: {
              method: { const: 'custom', errorMessage: { const: '`metrics` (multi-objective search) needs `method: custom` and a custom `scheduler`' } },
              metric: { not: {}, errorMessage: { not: '`metric` and `metrics` cannot both be set: use `metric` for one objective, `metrics` for several' } },
            },
          },
        },
        {
          if: { required: ['scheduler'], properties: { scheduler: { type: 'object', required: ['engine'], properties: { engine: { enum: ['optuna', 'ax'] } } } } },
          then: { properties: { method: { const: 'custom', errorMessage: { const: 'the `optuna` and `ax` scheduler engines need `method: custom`' } } } },
        },
        {
          if: { required: ['scheduler'], properties: { scheduler: { type: 'object', required: ['engine'], properties: { engine: { const: 'wandb' } } } } },
          then: { properties: { method: { enum: ['grid', 'random', 'bayes'], errorMessage: { enum: 'the `wandb` scheduler engine supports `method: grid`, `random` or `bayes`' } } } },
        },
        {
          if: { required: ['scheduler'], properties: { scheduler: { type: 'object', required: ['engine'] } } },
          then: { properties: { early_terminate: { not: {}, errorMessage: { not: '`early_terminate` cannot be used with a scheduler `engine`: the custom scheduler does its own early termination' } } } },
        },
      ],
      examples: [{ program: 'train.py', method: 'bayes', metric: { name: 'val_loss', goal: 'minimize' }, parameters: { lr: { min: 0.0001, max: 0.1 } } }],
    },
    {
      parameters: map(ref('parameter'), { minProperties: 1, propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$' } }),
      parameter,
      metric: obj({
        name: doc('Name', 'Name of the logged metric.', str()),
        goal: doc('Goal', 'Whether lower or higher is better.', str({ ...oneOfValues([['minimize', 'lower is better'], ['maximize', 'higher is better']]), default: 'minimize' })),
        target: doc('Target', 'Finish the sweep once a run reaches this value.', num()),
        impute: doc('Impute', 'Value bayes search uses for failed runs.', str({ enum: ['latest', 'best', 'worst'], default: 'worst' })),
        impute_while_running: doc('Impute while running', 'Value used for runs still running.', str({ enum: ['latest', 'best', 'worst', 'false'], default: 'false' })),
      }, { required: ['name'] }),
    },
  );
  return [{ path: 'wandb/sweep.schema.json', schema }];
}
