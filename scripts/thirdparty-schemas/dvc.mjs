// DVC pipelines file `dvc.yaml`, from DVC's dvc.yaml reference (dvc.org/doc/user-guide/project-structure/dvcyaml-files)
// and its validation schema (dvc/schema.py) as of DVC 3.x. DVC validates dvc.yaml strictly, so stage
// and output objects are closed; `meta` fields stay free-form.
import { doc, oneOfValues, str, int, bool, arr, strList, map, anyOf, ref, obj, schemaDoc } from './lib.mjs';

const outFlags = {
  cache: doc('Cache', 'Store the output in the DVC cache (`false`: Git tracks it, e.g. small metrics).', bool({ default: true })),
  persist: doc('Persist', 'Keep the output when the stage re-runs instead of deleting it first.', bool({ default: false })),
  desc: doc('Description', 'What the output is.', str()),
  type: doc('Type', 'Free-form type, e.g. `model`.', str()),
  labels: doc('Labels', 'Free-form labels.', strList()),
  meta: doc('Meta', 'Free-form metadata; DVC ignores it.', {}),
  remote: doc('Remote', 'DVC remote to push this output to.', str()),
  push: doc('Push', 'Upload the output with `dvc push`.', bool({ default: true })),
  // dvc/schema.py still accepts `checkpoint: bool`, but DVC 3 no longer reads it (output.load_from_pipeline
  // keeps only cache/persist/remote/push and the annotations): a warning, not an error.
  checkpoint: doc('Checkpoint (removed)', 'Removed in DVC 3: checkpoint outputs of experiments.', bool({
    deprecationMessage: '`checkpoint` is ignored since DVC 3.0 (checkpoint experiments were removed); drop it, DVCLive saves checkpoints itself',
  })),
};

// dvc/schema.py OUT_PSTAGE_DETAILED_SCHEMA is `{str: {flags}}`: the options must be a mapping, so
// `- model.pkl:` with nothing after the colon (null) fails DVC's validation ("expected a dictionary").
const outEntry = (title, md, flags) =>
  doc(title, md, anyOf(str({ minLength: 1 }), { type: 'object', minProperties: 1, maxProperties: 1, additionalProperties: obj(flags, {
    errorMessage: { type: 'the options of an output must be a mapping indented under its path (`- model.pkl:`, then `cache: false` one level deeper); a plain path takes no trailing colon' },
  }) }));

const plotFlags = {
  ...outFlags,
  x: doc('x', 'Field used for the x axis.', str()),
  y: doc('y', 'Field used for the y axis.', str()),
  template: doc('Template', 'Vega-Lite template: `linear`, `simple`, `scatter`, `smooth`, `confusion`, `confusion_normalized`, `bar_horizontal`, `bar_horizontal_sorted`, or a template file.', str({ examples: ['linear', 'confusion', 'smooth'] })),
  title: doc('Title', 'Plot title.', str()),
  x_label: doc('x label', 'Label of the x axis.', str()),
  y_label: doc('y label', 'Label of the y axis.', str()),
  header: doc('Header', 'Whether a CSV/TSV file has a header row.', bool({ default: true })),
};

const paramsList = doc(
  'Parameters',
  'Parameter dependencies: keys of `params.yaml` (`lr`, `train.epochs`), or a map from another params file to its keys (an empty list means all keys).',
  arr(anyOf(str({ minLength: 1 }), map({ anyOf: [strList(), { type: 'null' }] }, { minProperties: 1 }))),
);

const stageBody = {
  cmd: doc('Command', 'Shell command(s) that run the stage; a list runs them in order. `${var}` interpolates values from `vars` and params files.', anyOf(str({ minLength: 1 }), strList({ minItems: 1 }))),
  wdir: doc('Working directory', 'Directory the command runs in and paths are relative to (default: the dvc.yaml folder).', str()),
  // dvc/schema.py STAGE_DEFINITION: `deps: [str]` (paths, URLs, `ds://` datasets, `${}` interpolations)
  deps: doc('Dependencies', 'Files and folders the stage reads (paths, URLs, `ds://<dataset>`); a change to any of them makes the stage re-run.', arr(str({ minLength: 1 }))),
  params: paramsList,
  outs: doc('Outputs', 'Files and folders the stage produces, tracked by DVC.', arr(outEntry('Output', 'A path, or a one-key map from the path to its options.', outFlags))),
  metrics: doc('Metrics', 'Metrics files the stage writes (JSON, YAML, TOML). Usually `cache: false` so Git tracks them.', arr(outEntry('Metrics file', 'A path, or a one-key map from the path to its options.', outFlags))),
  plots: doc('Plots', 'Plot files the stage writes.', arr(doc('Plots file', 'A path, or a one-key map from the path to its plot options (or a list of option sets).', anyOf(str({ minLength: 1 }), { type: 'object', minProperties: 1, maxProperties: 1, additionalProperties: anyOf(obj(plotFlags), arr(obj(plotFlags))) })))),
  frozen: doc('Frozen', 'Never re-run the stage (`dvc freeze`).', bool({ default: false })),
  always_changed: doc('Always changed', 'Treat the stage as changed on every `dvc repro`.', bool({ default: false })),
  desc: doc('Description', 'What the stage does; shown by `dvc stage list`.', str()),
  meta: doc('Meta', 'Free-form metadata; DVC ignores it.', {}),
  vars: doc('Variables', 'Stage-local variables for `${}` interpolation: a params file path, or an inline map.', arr(anyOf(str(), { type: 'object' }))),
  // DVC 2.x had a `live` stage key for DVCLive; DVC 3 dropped it (schema.py STAGE_DEFINITION has
  // no `live`, so `dvc repro` fails with "extra keys not allowed"). Named here for a clear message.
  live: doc('Live (removed)', 'Removed in DVC 3: DVCLive now writes its own `dvc.yaml` entries (metrics, plots); list its files under `metrics`/`plots` or drop this key.', {
    not: {},
    deprecated: true,
    errorMessage: { not: '`live` was removed in DVC 3.0 (DVC refuses the stage): DVCLive adds its metrics and plots to dvc.yaml itself; list its files under `metrics`/`plots` instead' },
  }),
};

const stage = {
  ...obj(stageBody, { required: ['cmd'] }),
};

const foreachStage = obj(
  {
    foreach: doc('For each', 'Values to generate stages from: a list, a map, or a `${}` reference to one.', anyOf(arr({}), { type: 'object' }, str({ pattern: '^\\$\\{.*\\}$' }))),
    do: doc('Do', 'Stage template; `${item}` (and `${key}` for maps) refer to the current value.', ref('stage')),
  },
  { required: ['foreach', 'do'] },
);

const matrixStage = obj(
  {
    ...stageBody,
    matrix: doc('Matrix', 'Generate one stage per combination of these lists; `${item.<name>}` refers to the current values.', map(anyOf(arr({}), str({ pattern: '^\\$\\{.*\\}$' })), { minProperties: 1 })),
  },
  { required: ['matrix', 'cmd'] },
);

// As DVC decides (dvc/schema.py `either_or`): a stage with `foreach` or `do` is a foreach template,
// one with `matrix` a matrix template, any other a plain stage; so an error names the stage kind's
// own problem (a `foreach` without `do`) instead of the closest of three unrelated shapes.
const stageKind = {
  if: { type: 'object', anyOf: [{ required: ['foreach'] }, { required: ['do'] }] },
  then: ref('foreachStage'),
  else: { if: { type: 'object', required: ['matrix'] }, then: ref('matrixStage'), else: ref('stage') },
};

const topPlotDef = anyOf({ type: 'null' }, obj({
  x: doc('x', 'Field (or `{file: field}` map) for the x axis.', anyOf(str(), map(str()))),
  y: doc('y', 'Field(s) for the y axis, or a map from files to fields.', anyOf(str(), strList(), map(anyOf(str(), strList())))),
  template: doc('Template', 'Vega-Lite template name or file.', str()),
  title: doc('Title', 'Plot title.', str()),
  x_label: doc('x label', 'Label of the x axis.', str()),
  y_label: doc('y label', 'Label of the y axis.', str()),
}));
// dvc/schema.py SINGLE_PLOT_SCHEMA is `{Required(str): ...}`: one list item may define several plots.
const topPlot = anyOf(str({ minLength: 1 }), map(topPlotDef, { minProperties: 1 }));

const properties = {
  stages: doc(
    'Stages',
    'Pipeline stages by name. A stage has a `cmd`, its `deps`, `params` and `outs`; `foreach`/`do` and `matrix` generate several stages.',
    // DVC refuses stage names with `,` `:` `/` `\\` or `@` (`@` names the stages `foreach`/`matrix` generate).
    { type: 'object', propertyNames: { pattern: '^[^,:/\\\\@]+$' }, additionalProperties: stageKind },
  ),
  vars: doc('Variables', 'Values for `${}` interpolation: params file paths (optionally `file:key`), or inline maps.', arr(anyOf(str(), { type: 'object' }))),
  params: doc('Parameters files', 'Extra parameter files tracked for `dvc params diff` and experiments.', strList()),
  metrics: doc('Metrics', 'Metrics files not produced by a stage.', strList()),
  // A list of plots, or (dvc.org "Visualizing Plots"; iterative/dvcyaml-schema examples/valid/plots_dict.dvc.yaml)
  // a map from plot ID / file path to its definition.
  plots: doc('Plots', 'Top-level plot definitions: a list of file paths or one-key maps `{id: {x, y, template}}`, or a map from plot ID (or file path) to its definition (`x`, `y`, `template`; empty for an image or a file with defaults).', anyOf(arr(topPlot), map(topPlotDef))),
  artifacts: doc(
    'Artifacts',
    'Model registry artifacts by name.',
    map(obj({
      path: doc('Path', 'Path of the artifact.', str()),
      type: doc('Type', 'Artifact type, e.g. `model`.', str()),
      desc: doc('Description', 'What the artifact is.', str()),
      labels: doc('Labels', 'Free-form labels.', strList()),
      meta: doc('Meta', 'Free-form metadata.', {}),
    }, { required: ['path'] }), { propertyNames: { pattern: '^[a-z0-9]([a-z0-9-/]*[a-z0-9])?$' } }),
  ),
  datasets: doc(
    'Datasets',
    'Datasets the project uses (DVC, DVCx or cloud URLs), referenced as `ds://<name>`.',
    arr(obj({
      name: doc('Name', 'Name of the dataset.', str()),
      url: doc('URL', 'Repository or storage URL.', str()),
      type: doc('Type', 'Kind of dataset.', str(oneOfValues([['dvc', 'a path in a DVC repository'], ['dvcx', 'a DVCx/DataChain dataset'], ['url', 'a cloud storage URL']]))),
      path: doc('Path', 'Path inside the repository.', str()),
      rev: doc('Revision', 'Git revision.', str()),
      version: doc('Version', 'Dataset version.', anyOf(int(), str())),
    }, { required: ['name', 'url', 'type'], open: true })),
  ),
};

export function build() {
  const schema = schemaDoc(
    'dvc',
    'dvc.schema.json',
    'DVC pipeline (dvc.yaml)',
    'A **DVC** `dvc.yaml`: pipeline stages with their commands, dependencies, parameters and outputs, plus metrics, plots and artifacts.',
    { type: 'object', properties, additionalProperties: false, examples: [{ stages: { train: { cmd: 'python train.py', deps: ['train.py', 'data/prepared'], params: ['train.lr'], outs: ['model.pt'] } } }] },
    { stage, foreachStage, matrixStage },
  );
  return [{ path: 'dvc/dvc.schema.json', schema }];
}
