// MLflow Projects `MLproject` file (a YAML file with no extension), from MLflow's Projects
// documentation (mlflow.org/docs/latest/projects.html#mlproject-file) and mlflow/projects/_project_spec.py
// (MLflow 2.x/3.x). MLflow reads only the keys below and ignores others: unknown keys are warnings, not errors.
import { doc, oneOfValues, str, num, arr, map, anyOf, obj, schemaDoc } from './lib.mjs';

const TYPES = [
  ['string', 'any text (default)'],
  ['float', 'a number; MLflow checks it parses'],
  ['path', 'a local path or URI; remote URIs are downloaded first'],
  ['uri', 'a URI, local paths made absolute'],
  ['int', 'an integer (not in the documented list, but used by MLflow\'s own examples; passed through as text)'],
];
// MLflow treats types other than path and uri as plain text, so any name is accepted; the
// documented ones are offered for completion.
const typeName = (extra = {}) => ({ anyOf: [str(oneOfValues(TYPES)), str()], ...extra });

const param = anyOf(
  doc('Type', 'Shorthand: just the data type, no default (the parameter is required).', typeName()),
  obj(
    {
      type: doc('Type', 'Data type of the parameter: `string` (default), `float`, `path` or `uri`.', typeName({ default: 'string' })),
      description: doc('Description', 'A note on the parameter; MLflow ignores it.', str()),
      // MLflow reads `.get("default")`: null is the same as no default (the parameter is required).
      // Any YAML value: MLflow substitutes `str(default)` into the command (_sanitize_param_dict), so a
      // list or a mapping is not refused either.
      default: doc('Default', 'Value used when `mlflow run -P` does not set it; without a default (or with `null`) the parameter is required.', {}),
    },
    {
      // MLflow reads a parameter with `.get("type")` and `.get("default")` only: other keys are
      // ignored, not rejected. A note (`description`, as in user projects) is accepted silently;
      // any other key gets a warning, since `defualt:` leaves the parameter without a default.
      additionalProperties: doc('Ignored key', 'MLflow reads only `type` and `default` of a parameter.', {
        deprecationMessage: 'MLflow reads only `type` and `default` of a parameter and ignores this key (is it a misspelt `type` or `default`?).',
      }),
      // `{type:float}` or `{type float}` in a flow mapping is one key with no value (YAML needs a
      // space after the colon). MLflow reads the parameter with `.get("type", "string")`, so such a
      // key is silently ignored rather than rejected: a warning, not an error. MLflow's own
      // examples/catboost and examples/pytorch/BertNewsClassification contain one each.
      patternProperties: {
        '^(type|default)[^A-Za-z0-9_]': doc(
          'Ignored key',
          'YAML reads `type:float` (no space after the colon) or `type float` as one key without a value. MLflow ignores it, so the parameter keeps type `string` and no default.',
          { deprecationMessage: 'MLflow ignores this key: YAML reads it as one key without a value. Put a colon and a space between the name and the value (`type: float`).' },
        ),
      },
    },
  ),
);

// load_project tests each environment with `if value:`, so an empty one (`conda_env:`) is skipped,
// not refused; but the key still counts for the one-environment rule below.
const orNull = (schema) => anyOf(schema, { type: 'null' });

const properties = {
  name: doc('Name', 'Name of the project.', str()),
  python_env: doc('Python environment', 'Path of a `python_env.yaml` (Python version, build and pip dependencies), relative to the project root.', orNull(str({ examples: ['python_env.yaml'] }))),
  conda_env: doc('Conda environment', 'Path of a conda `environment.yaml`, relative to the project root.', orNull(str({ examples: ['conda.yaml'] }))),
  docker_env: doc('Docker environment', 'Run the project in a Docker image.', orNull(obj({
    // `if not docker_env.get("image")`: an empty image is refused as a missing one.
    image: doc('Image', 'Image to run, e.g. `mlflow-docker-example` or a registry path.', str({ minLength: 1 })),
    volumes: doc('Volumes', 'Volumes to mount, `host:container` as for `docker run -v`.', arr(str())),
    // MLflow checks only that each entry is a string or a list; a pair is read as entry[0], entry[1].
    environment: doc('Environment', 'Variables to pass: a name copies it from the host, `[NAME, value]` sets it.', arr(anyOf(str(), arr(anyOf(str(), num(), { type: 'boolean' }), { minItems: 2 })))),
    run_params: doc('Run parameters', 'Extra `docker run` options.', { type: 'object' }),
  }, { required: ['image'], open: true }))),
  databricks_spark_job: doc('Databricks Spark job', 'Run the project as a Databricks Spark job: `python_file`, its `parameters` and `python_libraries`. Not with `docker_env`, `python_env` or `conda_env`.', obj({
    python_file: doc('Python file', 'Script to run (instead of `entry_points`).', str()),
    parameters: doc('Parameters', 'Command-line arguments of the script.', arr(str())),
    python_libraries: doc('Python libraries', 'Libraries to install on the cluster.', arr(str())),
  }, { open: true })),
  entry_points: doc(
    'Entry points',
    'Commands that can be run (`mlflow run . -e <name>`); `main` is the default.',
    map(obj({
      parameters: doc('Parameters', 'Parameters by name: a type (`float`), or `{type, default}`. They are substituted into `command` as `{name}`.', map(param)),
      command: doc('Command', 'Shell command to run; `{param}` is replaced by the parameter value, shell-quoted.', str({ minLength: 1 })),
      description: doc('Description', 'A note on the entry point; MLflow ignores it.', str()),
    }, {
      required: ['command'],
      // _project_spec.py reads only `parameters` and `command` of an entry point; other keys are ignored.
      additionalProperties: doc('Ignored key', 'MLflow reads only `parameters` and `command` of an entry point.', {
        deprecationMessage: 'MLflow reads only `parameters` and `command` of an entry point and ignores this key.',
      }),
    })),
  ),
};

// _project_spec.py load_project, databricks_spark_job branch: `python_file` and `entry_points` exclude
// each other, one of them is needed, and no entry point parameter may have type `path`.
const sparkRules = [
  {
    if: { type: 'object', required: ['databricks_spark_job'], properties: { databricks_spark_job: { type: 'object', required: ['python_file'] } } },
    then: { properties: { entry_points: { maxProperties: 0, errorMessage: { maxProperties: 'MLflow refuses `entry_points` together with `databricks_spark_job.python_file`: keep one of them' } } } },
  },
  {
    if: { type: 'object', required: ['databricks_spark_job'], properties: { databricks_spark_job: { type: 'object', not: { required: ['python_file'] } } } },
    then: {
      required: ['entry_points'],
      properties: { entry_points: { minProperties: 1, errorMessage: { minProperties: 'a Databricks Spark job without `python_file` needs at least one entry point' } } },
      errorMessage: { required: 'a Databricks Spark job needs `databricks_spark_job.python_file` or `entry_points` (MLflow refuses the project)' },
    },
  },
  {
    if: { type: 'object', required: ['databricks_spark_job'] },
    then: {
      properties: {
        entry_points: {
          additionalProperties: {
            properties: {
              parameters: {
                additionalProperties: {
                  not: { anyOf: [{ const: 'path' }, { type: 'object', required: ['type'], properties: { type: { const: 'path' } } }] },
                  errorMessage: { not: 'a Databricks Spark job does not support parameters of type `path` (MLflow refuses the project)' },
                },
              },
            },
          },
        },
      },
    },
  },
];

export function build() {
  const schema = schemaDoc(
    'mlflow',
    'mlproject.schema.json',
    'MLflow project (MLproject)',
    'An **MLflow** `MLproject` file: the project name, its environment (python_env, conda or Docker) and entry points with their parameters and commands.',
    {
      type: 'object',
      properties,
      // _project_spec.py load_project reads only the keys above and ignores any other: not an
      // error, but `entry_point:` for `entry_points:` leaves the project without entry points.
      additionalProperties: doc('Ignored key', 'MLflow reads only `name`, `entry_points` and the environment keys of an MLproject file.', {
        deprecationMessage: 'MLflow reads only `name`, `entry_points`, `python_env`, `conda_env`, `docker_env` and `databricks_spark_job` and ignores this key.',
      }),
      allOf: sparkRules,
      errorMessage: { not: 'MLflow refuses more than one environment: keep one of `python_env`, `conda_env` and `docker_env` (a `databricks_spark_job` takes none)' },
      not: { type: 'object', anyOf: [{ required: ['conda_env', 'docker_env'] }, { required: ['python_env', 'docker_env'] }, { required: ['python_env', 'conda_env'] }, { required: ['databricks_spark_job', 'docker_env'] }, { required: ['databricks_spark_job', 'python_env'] }, { required: ['databricks_spark_job', 'conda_env'] }] },
      examples: [{ name: 'tutorial', python_env: 'python_env.yaml', entry_points: { main: { parameters: { alpha: { type: 'float', default: 0.5 } }, command: 'python train.py {alpha}' } } }],
    },
  );
  return [{ path: 'mlflow/mlproject.schema.json', schema }];
}
