/**
 * The bundled third-party schemas (schemas/<format>/, catalog.json): each compiles, documents
 * every property for hover and completion, accepts realistic documents of its tool and rejects
 * broken ones for the expected reason; the catalog's globs and signatures pick the right schema
 * and never another format's. Fixtures: test/fixtures/thirdparty/<catalog entry>/valid|invalid.
 * An invalid YAML document names the error it must produce in a leading `# expect: <keyword>
 * <instancePath>` comment; JSON ones in invalid/expectations.json.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parseAllDocuments } from 'yaml';
import { CATALOG, globMatch, matchCatalog, signatureMatches, type CatalogEntry } from '../../core/checks/catalogMatch';
import { withoutNullMembers } from '../../server/validation/schemaValidation';

const root = join(__dirname, '..', '..');
const schemasDir = join(root, 'schemas');
const fixturesDir = join(root, 'test', 'fixtures', 'thirdparty');

const ANNOTATIONS = [
  'markdownDescription',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'patternErrorMessage',
  'deprecationMessage',
  'defaultSnippets',
  'errorMessage',
  'doNotSuggest',
  'suggestSortText',
];

type Schema = Record<string, any>;
const thirdParty = CATALOG.schemas.filter((e) => e.name !== 'trainyard');

/** A file name each format is recognised by (no name for content-only formats). */
const CANONICAL: Record<string, string> = {
  skypilot: 'jobs/train.sky.yaml',
  dstack: 'train.dstack.yml',
  dvc: 'project/dvc.yaml',
  'wandb-sweep': 'sweep.yaml',
  mlflow: 'examples/tutorial/MLproject',
  accelerate: 'configs/accelerate_config.yaml',
  deepspeed: 'configs/ds_config_zero2.json',
};
/** Formats whose valid fixtures must also be recognised by content alone. */
const BY_CONTENT = new Set(thirdParty.filter((e) => e.signature).map((e) => e.name));

function makeAjv(strict: boolean) {
  const ajv = new Ajv2020({ strict, allErrors: true, strictTypes: false, strictTuples: false, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv);
  for (const keyword of ANNOTATIONS) ajv.addKeyword({ keyword });
  return ajv;
}
const ajv = makeAjv(false);
const validators = new Map<string, ValidateFunction>();
function validatorFor(entry: CatalogEntry): ValidateFunction {
  let v = validators.get(entry.name);
  if (!v) {
    v = ajv.compile(JSON.parse(readFileSync(join(schemasDir, entry.file), 'utf8')));
    validators.set(entry.name, v);
  }
  return v;
}

interface FixtureDoc {
  file: string;
  index: number;
  value: unknown;
  expect?: string;
}

function loadDocs(dir: string, prefix = ''): FixtureDoc[] {
  if (!existsSync(dir)) return [];
  const out: FixtureDoc[] = [];
  const expectations = existsSync(join(dir, 'expectations.json')) ? JSON.parse(readFileSync(join(dir, 'expectations.json'), 'utf8')) : {};
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const name = prefix + entry.name;
    if (entry.name === 'expectations.json') continue;
    // a subfolder holds files under the names users give them (sky.yaml, .dstack.yml, dvc.yaml, MLproject)
    if (entry.isDirectory()) {
      out.push(...loadDocs(join(dir, entry.name), `${name}/`));
      continue;
    }
    const text = readFileSync(join(dir, entry.name), 'utf8');
    if (name.endsWith('.json')) {
      out.push({ file: name, index: 0, value: JSON.parse(text), expect: expectations[name] });
      continue;
    }
    out.push(...yamlDocs(name, text));
  }
  return out;
}

/** The documents of a YAML stream, each with the `# expect:` comment of its own section. */
function yamlDocs(file: string, text: string): FixtureDoc[] {
  const sections = text.split(/^---[ \t]*$/m);
  if (sections.length > 1 && sections[0].trim() === '') sections.shift();
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) throw new Error(`${file}: not a YAML stream`);
  assert.equal(docs.length, sections.length, `${file}: documents and --- sections disagree`);
  return docs.map((doc, index) => {
    assert.equal(doc.errors.length, 0, `${file}#${index}: YAML errors ${doc.errors.map((e) => e.message).join('; ')}`);
    const m = /^#\s*expect:\s*(.+)$/m.exec(sections[index]);
    return { file, index, value: doc.toJS(), expect: m?.[1].trim() };
  });
}

/** Fixtures by catalog entry: a folder with valid/ and invalid/, or valid.yaml and invalid.yaml. */
function fixtures(entry: CatalogEntry): { valid: FixtureDoc[]; invalid: FixtureDoc[] } {
  const dir = join(fixturesDir, entry.name);
  const valid = [...loadDocs(join(dir, 'valid'))];
  const invalid = [...loadDocs(join(dir, 'invalid'))];
  for (const [kind, list] of [['valid', valid], ['invalid', invalid]] as const) {
    const file = join(dir, `${kind}.yaml`);
    if (existsSync(file)) list.push(...yamlDocs(`${kind}.yaml`, readFileSync(file, 'utf8')));
  }
  return { valid, invalid };
}

const SKY_HEADER_KEYS = ['name', 'execution', 'primary_tasks', 'termination_delay'];
const isSkyHeader = (entry: string, value: unknown) =>
  entry === 'skypilot' && !!value && typeof value === 'object' && Object.keys(value).every((k) => SKY_HEADER_KEYS.includes(k));

const describeErrors = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.keyword} ${e.instancePath || '/'} ${e.message}`).join('\n  ');

test('the generated schema files are up to date with scripts/thirdparty-schemas', async () => {
  const mod = await import(pathToFileURL(join(root, 'scripts', 'thirdparty-schemas', 'build.mjs')).href);
  for (const { path, text } of mod.generate() as { path: string; text: string }[]) {
    const file = join(schemasDir, path);
    assert.ok(existsSync(file), `schemas/${path} is missing: run node scripts/thirdparty-schemas/build.mjs`);
    assert.equal(readFileSync(file, 'utf8'), text, `schemas/${path} is stale: run node scripts/thirdparty-schemas/build.mjs`);
  }
});

test('catalog: the trainyard entry keeps its shape, names are unique, every file exists and compiles in strict mode', () => {
  const trainyard = CATALOG.schemas[0];
  assert.deepEqual(Object.keys(trainyard).sort(), ['description', 'fileMatch', 'file', 'name'].sort());
  assert.equal(trainyard.name, 'trainyard');
  const names = new Set<string>();
  const strict = makeAjv(true);
  for (const entry of CATALOG.schemas) {
    assert.ok(!names.has(entry.name), `duplicate catalog name ${entry.name}`);
    names.add(entry.name);
    assert.ok(entry.description && Array.isArray(entry.fileMatch), entry.name);
    assert.ok(existsSync(join(schemasDir, entry.file)), `${entry.name}: ${entry.file} does not exist`);
    if (entry.name === 'trainyard') continue;
    assert.ok(entry.fileMatch.length > 0 || entry.signature, `${entry.name} can never match`);
    const schema = JSON.parse(readFileSync(join(schemasDir, entry.file), 'utf8'));
    assert.doesNotThrow(() => strict.compile(schema), `${entry.name} does not compile`);
    for (const re of Object.values(entry.signature?.fields ?? {})) assert.doesNotThrow(() => new RegExp(re));
  }
});

/** Every `properties` member reachable in the schema, with its path (constraint-only overlays under if/then/else/not skipped). */
function* documentedProperties(node: unknown, path: string): Generator<[string, Schema]> {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) yield* documentedProperties(node[i], `${path}/${i}`);
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node as Schema)) {
    if (k === 'if' || k === 'then' || k === 'else' || k === 'not' || k === 'examples' || k === 'default' || k === 'const' || k === 'enum') continue;
    if (k === 'properties' && v && typeof v === 'object') {
      for (const [name, sub] of Object.entries(v as Schema)) {
        yield [`${path}/properties/${name}`, sub as Schema];
        yield* documentedProperties(sub, `${path}/properties/${name}`);
      }
    } else yield* documentedProperties(v, `${path}/${k}`);
  }
}

test('every property of every third-party schema has a title, description and markdownDescription', () => {
  for (const entry of thirdParty) {
    const schema = JSON.parse(readFileSync(join(schemasDir, entry.file), 'utf8'));
    assert.ok(schema.title && schema.description && schema.markdownDescription && schema.$id, `${entry.name}: root undocumented`);
    let count = 0;
    for (const [where, prop] of documentedProperties(schema, '#')) {
      count++;
      for (const key of ['title', 'description', 'markdownDescription']) {
        assert.equal(typeof prop[key], 'string', `${entry.name} ${where}: no ${key}`);
        assert.ok(prop[key].length > 0, `${entry.name} ${where}: empty ${key}`);
      }
      if (prop.enumDescriptions) assert.equal(prop.enumDescriptions.length, prop.enum.length, `${entry.name} ${where}: enumDescriptions`);
    }
    assert.ok(count >= 3, `${entry.name}: only ${count} properties`);
  }
});

for (const entry of thirdParty) {
  test(`${entry.name}: valid fixtures have no errors, invalid ones fail for the expected reason`, () => {
    const { valid, invalid } = fixtures(entry);
    assert.ok(valid.length >= 3, `${entry.name}: ${valid.length} valid documents, need 3`);
    assert.ok(invalid.length >= 3, `${entry.name}: ${invalid.length} invalid documents, need 3`);
    const validate = validatorFor(entry);
    // (Kubernetes and Kubeflow: a member written as null is absent, as the server validates them)
    const value = (v: unknown) => (/^(?:kubernetes|kubeflow)-/.test(entry.name) ? withoutNullMembers(v) : v);
    for (const doc of valid) {
      const ok = validate(value(doc.value));
      assert.ok(ok, `${entry.name} ${doc.file}#${doc.index} should be valid:\n  ${describeErrors(validate.errors)}`);
    }
    for (const doc of invalid) {
      assert.ok(doc.expect, `${entry.name} ${doc.file}#${doc.index}: no "# expect: <keyword> <path>"`);
      const ok = validate(value(doc.value));
      assert.ok(!ok, `${entry.name} ${doc.file}#${doc.index} should be invalid`);
      const [keyword, path] = doc.expect!.split(/\s+/);
      const want = path === '/' ? '' : path;
      assert.ok(
        validate.errors!.some((e) => e.keyword === keyword && e.instancePath === want),
        `${entry.name} ${doc.file}#${doc.index}: expected ${doc.expect}, got:\n  ${describeErrors(validate.errors)}`,
      );
    }
  });

  test(`${entry.name}: the catalog recognises its valid fixtures, and only as ${entry.name}`, () => {
    const { valid } = fixtures(entry);
    for (const doc of valid) {
      const where = `${entry.name} ${doc.file}#${doc.index}`;
      const canonical = CANONICAL[entry.name];
      if (canonical) assert.equal(matchCatalog(canonical, doc.value)?.name, entry.name, `${where} by name ${canonical}`);
      // Files in subfolders carry the names users give them: that name (and content) picks the format.
      if (doc.file.includes('/')) assert.equal(matchCatalog(`project/${doc.file}`, doc.value)?.name, entry.name, `${where} under its own name`);
      const byContent = matchCatalog('project/config.yaml', doc.value);
      // (the header document of a SkyPilot pipeline or job group is only known by the file's name)
      if (BY_CONTENT.has(entry.name) && !isSkyHeader(entry.name, doc.value)) assert.equal(byContent?.name, entry.name, `${where} by content`);
      else assert.equal(byContent, undefined, `${where}: matched ${byContent?.name} by content`);
      // Under any other format's file name the document is never given this format's schema
      // unless that name is ours, and never another format's by content.
      for (const [other, name] of Object.entries(CANONICAL)) {
        if (other === entry.name) continue;
        const m = matchCatalog(name, doc.value);
        assert.ok(m === undefined || m.name === other || m.name === entry.name, `${where} under ${name} matched ${m?.name}`);
      }
    }
  });
}

test('globs: base names, folders, no extension, URIs and Windows paths', () => {
  assert.ok(globMatch('*.dstack.yml', 'train.dstack.yml'));
  assert.ok(globMatch('*.dstack.yml', '/repo/sub/.dstack.yml'), '* matches the empty prefix of a dotfile');
  assert.ok(!globMatch('*.dstack.yml', 'train.dstack.yaml'));
  assert.ok(globMatch('MLproject', '/home/u/proj/MLproject'));
  assert.ok(!globMatch('MLproject', '/home/u/proj/MLproject.yaml'));
  assert.ok(!globMatch('MLproject', 'mlproject'), 'case matters');
  assert.ok(globMatch('**/accelerate/default_config.yaml', '/home/u/.cache/huggingface/accelerate/default_config.yaml'));
  assert.ok(globMatch('**/accelerate/default_config.yaml', 'accelerate/default_config.yaml'));
  assert.ok(!globMatch('**/accelerate/default_config.yaml', '/x/notaccelerate/default_config.yaml'));
  assert.ok(globMatch('ds_config*.json', 'C:\\work\\ds_config_zero3.json'));
  assert.ok(globMatch('*sweep*.yaml', 'lr_sweep_v2.yaml'));
  assert.ok(globMatch('*.{yaml,yml}', 'a.yml'));
  assert.equal(matchCatalog('file:///home/u/proj/dvc.yaml', { stages: {} })?.name, 'dvc');
  assert.equal(matchCatalog('file:///home/u/My%20Project/MLproject', { name: 'x' })?.name, 'mlflow');
});

test('trainyard specs keep the trainyard schema, including sweeps named *sweep*', () => {
  const sweep = { kind: 'sweep', job: 'train.trainyard.yaml', matrix: { lr: [0.1] } };
  assert.equal(matchCatalog('lr-sweep.trainyard.yaml', sweep)?.name, 'trainyard');
  assert.equal(matchCatalog('train.trainyard.yml', { kind: 'job', run: 'x' })?.name, 'trainyard');
  // A Trainyard job under another name is not taken for a SkyPilot task.
  assert.equal(matchCatalog('job.yaml', { kind: 'job', run: 'python train.py', setup: 'pip install -r r.txt', resources: { gpus: 1 } }), undefined);
});

test('weak or foreign documents get no schema', () => {
  const cases: [string, unknown][] = [
    ['config.yaml', { run: 'python train.py' }], // one SkyPilot key
    ['config.yaml', { method: 'bayes' }], // W&B method without parameters
    ['config.yaml', { distributed_type: 'MULTI_GPU' }], // accelerate with one key
    ['config.json', { train_batch_size: 8 }], // one DeepSpeed key
    ['config.json', { per_device_train_batch_size: 8, gradient_accumulation_steps: 4, fp16: true, bf16: false }], // HF TrainingArguments
    ['docker-compose.yml', { services: { web: { image: 'nginx' } }, volumes: {} }],
    ['.github/workflows/ci.yml', { on: 'push', jobs: { test: { 'runs-on': 'ubuntu-latest', steps: [{ run: 'npm test' }] } } }],
    ['.gitlab-ci.yml', { stages: ['build'], build: { script: ['make'] } }],
    ['values.yaml', { image: { repository: 'x' }, resources: {}, service: { port: 80 } }],
    ['ingress.yaml', { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'x' } }], // a kind we do not bundle
    ['certificate.yaml', { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'x' }, spec: { secretName: 'x' } }], // a CRD instance
    ['deploy.yaml', { apiVersion: 'apps/v2', kind: 'Deployment' }], // no such API version
    ['config.yaml', null],
    ['config.yaml', ['a', 'b']],
    ['sweep.yaml', { parameters: { lr: { values: [1] } } }], // W&B name, no method
    ['default_config.yaml', { model: 'x', lr: 0.1 }], // accelerate's file name, other content
    ['config.yaml', { name: 'svc', run: { port: 8080 }, resources: { memory: '2Gi' } }], // SkyPilot keys, other types
    ['.sky.yaml', { allowed_clouds: ['aws'], jobs: { controller: { resources: { cpus: '4+' } } } }], // SkyPilot project config, not a task
    ['serve.yaml', { proxy_location: 'EveryNode', applications: [{ name: 'llm', import_path: 'app:d' }] }], // Ray Serve
    ['conf/sweep.yaml', { hydra: { mode: 'MULTIRUN', sweeper: { params: { lr: '0.1,0.01' } } } }], // Hydra
    ['sweep.yaml', { study_name: 's', direction: 'minimize', parameters: { lr: { low: 0.001, high: 0.1 } } }], // Optuna-like
    ['config.yaml', { method: 'grid', parameters: ['lr'], program: 'x.py' }], // W&B keys, other types
  ];
  for (const [name, value] of cases) assert.equal(matchCatalog(name, value)?.name, undefined, `${name}: ${JSON.stringify(value)}`);
});

test('file names decide where the name is enough; empty new files still get their schema', () => {
  assert.equal(matchCatalog('dvc.yaml', null)?.name, 'dvc');
  assert.equal(matchCatalog('.dstack.yml', null)?.name, 'dstack');
  assert.equal(matchCatalog('ds_config.json', {})?.name, 'deepspeed');
  assert.equal(matchCatalog('deepspeed_zero3.json', null)?.name, 'deepspeed');
  assert.equal(matchCatalog('deepspeed_configs/zero3_bf16.json', {})?.name, 'deepspeed');
  assert.equal(matchCatalog('zero_stage2_config.json', null)?.name, 'deepspeed');
  assert.equal(matchCatalog('results/zero_shot.json', { acc: 1 }), undefined, 'zero_shot is not a ZeRO stage');
  assert.equal(matchCatalog('fsdp_config.yaml', { distributed_type: 'FSDP', fsdp_config: { fsdp_version: 2 } })?.name, 'accelerate');
  assert.equal(matchCatalog('train.sky.yaml', { name: 'x' })?.name, 'skypilot');
  assert.equal(matchCatalog('sweep.yaml', null), undefined, 'sweep.yaml is too generic without content');
  assert.equal(matchCatalog('/repo/sky.yaml', { name: 'x', run: 'python train.py' })?.name, 'skypilot');
  assert.equal(matchCatalog('/repo/sky.yaml', null)?.name, 'skypilot', 'a new sky.yaml');
  // sky.yaml and sky.yml are shared names (Clash rule lists, editor themes): they need one SkyPilot key
  assert.equal(matchCatalog('/repo/sky.yaml', { payload: ['+.sky.com'] }), undefined);
  assert.equal(matchCatalog('/repo/sky.yml', { name: 'sky', palette: { blue0: '#70C0FF' } }), undefined);
  assert.equal(matchCatalog('/repo/sky.yaml', { resource: { accelerators: 'A100:1' }, resources: {} })?.name, 'skypilot');
  assert.equal(matchCatalog('/repo/.sky.yaml', {}), undefined, '.sky.yaml is SkyPilot\'s project config, not a task');
  assert.equal(matchCatalog('/repo/MLProject', null)?.name, 'mlflow', 'MLflow finds MLproject in any letter case');
  assert.equal(matchCatalog('/repo/mlproject', null)?.name, 'mlflow');
  assert.equal(matchCatalog('config.yaml', { method: 'grid', parameters: { a: { values: [1] } } })?.name, 'wandb-sweep', 'method and parameters are enough by content');
  // one misspelt top-level key does not hide the schema that reports it, given enough other evidence
  const task = { resources: { accelerators: 'A100:1' }, setup: 'pip install -r r.txt', run: 'python train.py' };
  assert.equal(matchCatalog('task.yaml', { ...task, file_mount: { '/d': 's3://b' } })?.name, 'skypilot');
  assert.equal(matchCatalog('task.yaml', { ...task, env: { A: '1' } })?.name, 'skypilot');
  assert.equal(matchCatalog('task.yaml', { ...task, command: 'x' }), undefined, 'not a near miss of a SkyPilot key');
  assert.equal(matchCatalog('task.yaml', { ...task, file_mount: {}, env: {} }), undefined, 'two unknown keys');
  assert.equal(matchCatalog('task.yaml', { resources: {}, run: 'x', setpu: 'y' }), undefined, 'a typo needs one characteristic key more');
  assert.equal(matchCatalog('sweep.yaml', { method: 'grid', parameters: { a: { values: [1] } } })?.name, 'wandb-sweep');
  assert.equal(
    matchCatalog('/home/u/.cache/huggingface/accelerate/default_config.yaml', { compute_environment: 'LOCAL_MACHINE', distributed_type: 'NO' })?.name,
    'accelerate',
  );
});

test('kubernetes documents are matched per kind and apiVersion', () => {
  const kinds: [string, string, string][] = [
    ['v1', 'Pod', 'kubernetes-pod'],
    ['batch/v1', 'Job', 'kubernetes-job'],
    ['batch/v1', 'CronJob', 'kubernetes-cronjob'],
    ['apps/v1', 'Deployment', 'kubernetes-deployment'],
    ['apps/v1', 'StatefulSet', 'kubernetes-statefulset'],
    ['v1', 'Service', 'kubernetes-service'],
    ['v1', 'ConfigMap', 'kubernetes-configmap'],
    ['v1', 'Secret', 'kubernetes-secret'],
    ['v1', 'PersistentVolumeClaim', 'kubernetes-persistentvolumeclaim'],
    ['kubeflow.org/v1', 'PyTorchJob', 'kubeflow-pytorchjob'],
    ['v1', 'List', 'kubernetes-list'],
  ];
  for (const [apiVersion, kind, name] of kinds) {
    assert.equal(matchCatalog('k8s/manifest.yaml', { apiVersion, kind, metadata: { name: 'x' } })?.name, name);
    assert.equal(matchCatalog('k8s/manifest.yaml', { apiVersion: apiVersion + 'alpha9', kind })?.name, undefined);
  }
  // API versions the API server no longer serves get their kind's schema, which reports the apiVersion.
  assert.equal(matchCatalog('deploy.yaml', { apiVersion: 'extensions/v1beta1', kind: 'Deployment' })?.name, 'kubernetes-deployment');
  assert.equal(matchCatalog('sts.yaml', { apiVersion: 'apps/v1beta2', kind: 'StatefulSet' })?.name, 'kubernetes-statefulset');
  assert.equal(matchCatalog('cron.yaml', { apiVersion: 'batch/v1beta1', kind: 'CronJob' })?.name, 'kubernetes-cronjob');
  assert.equal(matchCatalog('job.yaml', { apiVersion: 'batch/v1beta1', kind: 'Job' })?.name, undefined, 'a Job was only ever batch/v1');
  // A Kubernetes object in a file whose name another format claims by name only.
  assert.equal(matchCatalog('train.sky.yaml', { apiVersion: 'batch/v1', kind: 'Job' })?.name, 'skypilot');
});

test('signatures: fields are regexes on scalars, absentKeys exclude, minKeys counts anyKeys', () => {
  const sig = { fields: { kind: '^Job$' }, requiredKeys: ['spec'], anyKeys: ['a', 'b', 'c'], minKeys: 2, absentKeys: ['x'] };
  assert.ok(signatureMatches(sig, { kind: 'Job', spec: {}, a: 1, b: 2 }));
  assert.ok(!signatureMatches(sig, { kind: 'Job', spec: {}, a: 1 }));
  assert.ok(!signatureMatches(sig, { kind: 'CronJob', spec: {}, a: 1, b: 2 }));
  assert.ok(!signatureMatches(sig, { kind: { name: 'Job' }, spec: {}, a: 1, b: 2 }));
  assert.ok(!signatureMatches(sig, { kind: 'Job', a: 1, b: 2 }));
  assert.ok(!signatureMatches(sig, { kind: 'Job', spec: {}, a: 1, b: 2, x: 0 }));
  assert.ok(!signatureMatches({}, { anything: 1 }), 'an empty signature never matches on content');
  const typed = { anyKeys: ['run', 'resources'], minKeys: 2, keyTypes: { run: 'string', resources: 'object', n: 'integer' } };
  assert.ok(signatureMatches(typed, { run: 'x', resources: {} }));
  assert.ok(!signatureMatches(typed, { run: { port: 1 }, resources: {} }), 'keyTypes: a present key of another type contradicts');
  assert.ok(!signatureMatches(typed, { run: 'x', resources: {}, n: 1.5 }));
  assert.ok(signatureMatches(typed, { run: 'x', resources: {}, n: 2 }));
});
