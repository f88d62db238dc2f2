/**
 * The spec schemas (schemas/trainyard/) are the single source of truth for the format: these
 * tests keep them strict-mode clean, fully documented (every property carries what hovers,
 * completion and docs/spec.md need), and right about what is valid.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

const root = join(__dirname, '..', '..');
const dir = join(root, 'schemas', 'trainyard');
const BASE = 'https://trainyard.dev/schemas/v1/';
const ENTRY = `${BASE}trainyard.schema.json`;
const KINDS = ['job', 'service', 'pipeline', 'sweep'] as const;

type Schema = Record<string, any>;

const schemas: Schema[] = readdirSync(dir)
  .filter((f) => f.endsWith('.schema.json'))
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
const byId = new Map(schemas.map((s) => [s.$id as string, s]));

function makeAjv() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  // VS Code's annotation keywords, and the loader's pattern message.
  for (const keyword of [
    'markdownDescription',
    'enumDescriptions',
    'markdownEnumDescriptions',
    'patternErrorMessage',
    'deprecationMessage',
    'defaultSnippets',
    // which fields name files (the language server's path completion and links)
    'x-trainyard-path',
  ]) {
    ajv.addKeyword({ keyword });
  }
  for (const s of schemas) ajv.addSchema(s);
  return ajv;
}
const ajv = makeAjv();
const validateEntry = ajv.getSchema(ENTRY)!;

function check(pointerUrl: string, value: unknown): string | undefined {
  const v = ajv.getSchema(pointerUrl);
  assert.ok(v, `no schema at ${pointerUrl}`);
  return v(value) ? undefined : ajv.errorsText(v.errors);
}

/** The schema a `$ref` points at, with the referring schema's own keywords on top. */
function resolve(schema: Schema, base: string): { schema: Schema; base: string } {
  if (!schema.$ref) return { schema, base };
  const url = new URL(schema.$ref, base);
  const doc = byId.get(url.href.replace(/#.*$/, ''));
  assert.ok(doc, `unresolved $ref ${schema.$ref} in ${base}`);
  let target: any = doc;
  for (const part of url.hash.replace(/^#\/?/, '').split('/').filter(Boolean)) target = target[part];
  assert.ok(target, `unresolved $ref ${schema.$ref} in ${base}`);
  const inner = resolve(target, doc.$id);
  const { $ref: _ref, ...siblings } = schema;
  return { schema: { ...inner.schema, ...siblings }, base: inner.base };
}

interface PropertySite {
  /** `$id#/json/pointer` of the property's own schema. */
  url: string;
  schema: Schema;
  base: string;
}

/** Every `properties` member (and map value schema) anywhere in every schema file. */
function allProperties(): PropertySite[] {
  const out: PropertySite[] = [];
  const visit = (node: unknown, id: string, pointer: string) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((n, i) => visit(n, id, `${pointer}/${i}`));
      return;
    }
    const obj = node as Schema;
    for (const [key, child] of Object.entries(obj)) {
      // Data, not schemas.
      if (key === 'examples' || key === 'default' || key === 'defaultSnippets' || key === 'const' || key === 'enum') continue;
      const p = `${pointer}/${key}`;
      if (key === 'properties' && child && typeof child === 'object' && !isInsideIfThen(p)) {
        for (const [name, prop] of Object.entries(child as Schema)) {
          // `{x: true}` only restates a key for strictRequired inside oneOf branches.
          if (prop === true) continue;
          out.push({ url: `${id}#${p}/${name}`, schema: prop as Schema, base: id });
        }
      }
      if (key === 'additionalProperties' && child && typeof child === 'object' && !isInsideIfThen(p)) {
        out.push({ url: `${id}#${p}`, schema: child as Schema, base: id });
      }
      visit(child, id, p);
    }
  };
  for (const s of schemas) visit(s, s.$id, '');
  return out;
}
/** `if`/`then` blocks only add constraints to properties declared (and documented) elsewhere. */
const isInsideIfThen = (pointer: string) => /\/(if|then|else)(\/|$)/.test(pointer);

test('the schemas compile in strict mode and the entry validates the smallest specs', () => {
  assert.ok(validateEntry({ kind: 'job', run: 'python3 train.py' }), ajv.errorsText(validateEntry.errors));
  assert.ok(validateEntry({ kind: 'service', run: 'python3 serve.py' }));
  assert.ok(validateEntry({ kind: 'pipeline', stages: { a: { spec: 'a.trainyard.yaml' } } }));
  assert.ok(validateEntry({ kind: 'sweep', job: 'a.trainyard.yml', matrix: { lr: [1] } }));
});

test('every schema has $schema 2020-12, a trainyard.dev $id and a title', () => {
  for (const s of schemas) {
    assert.equal(s.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.match(s.$id, /^https:\/\/trainyard\.dev\/schemas\/v1\/[a-z]+\.schema\.json$/);
    assert.ok(s.title, s.$id);
  }
});

test('every property documents itself and its examples and default are valid', () => {
  const sites = allProperties();
  assert.ok(sites.length > 60, `only ${sites.length} properties found`);
  for (const site of sites) {
    const { schema } = resolve(site.schema, site.base);
    const where = site.url;
    assert.ok(typeof schema.title === 'string' && schema.title, `${where}: title`);
    assert.ok(typeof schema.description === 'string' && schema.description, `${where}: description`);
    assert.doesNotMatch(schema.description, /```/, `${where}: description is plain text`);
    assert.ok(typeof schema.markdownDescription === 'string' && schema.markdownDescription, `${where}: markdownDescription`);
    assert.ok(schema.type || schema.oneOf || schema.anyOf, `${where}: type`);
    assert.ok(Array.isArray(schema.examples) && schema.examples.length > 0, `${where}: examples`);
    for (const ex of schema.examples) {
      assert.equal(check(where, ex), undefined, `${where}: example ${JSON.stringify(ex)}`);
    }
    if (schema.default !== undefined) {
      assert.equal(check(where, schema.default), undefined, `${where}: default ${JSON.stringify(schema.default)}`);
    }
    if (schema.enum) {
      assert.equal(schema.enumDescriptions?.length, schema.enum.length, `${where}: enumDescriptions`);
      assert.equal(schema.markdownEnumDescriptions?.length, schema.enum.length, `${where}: markdownEnumDescriptions`);
    }
    if (schema.type === 'object' && schema.properties) {
      assert.equal(schema.additionalProperties, false, `${where}: nested objects reject unknown keys`);
    }
  }
});

test('each kind schema is one closed object listing all its properties', () => {
  for (const kind of KINDS) {
    const s = byId.get(`${BASE}${kind}.schema.json`)!;
    assert.equal(s.type, 'object');
    assert.equal(s.additionalProperties, false, kind);
    assert.equal(s.allOf, undefined, `${kind}: no allOf composition of properties`);
    assert.ok(s.properties.version && s.properties.kind, kind);
    assert.deepEqual(s.properties.kind.const, kind);
    assert.ok(s.required.includes('kind'), kind);
    assert.ok(s.markdownDescription, kind);
  }
  const job = byId.get(`${BASE}job.schema.json`)!;
  const service = byId.get(`${BASE}service.schema.json`)!;
  for (const k of Object.keys(job.properties)) assert.ok(service.properties[k], `service lacks job field ${k}`);
  assert.deepEqual(Object.keys(service.properties).filter((k) => !job.properties[k]), ['port', 'health', 'replicas']);
});

test('the model fields match the schemas', () => {
  // core/spec/model.ts, field for field (kept in step by hand; this catches drift in names).
  const model = readFileSync(join(root, 'core', 'spec', 'model.ts'), 'utf8');
  const iface = (name: string) => {
    const m = new RegExp(`export interface ${name}[^{]*\\{([\\s\\S]*?)\\n\\}`).exec(model);
    assert.ok(m, name);
    return [...m[1].matchAll(/^\s{2}(\w+)\??:/gm)].map((x) => x[1]);
  };
  const common = byId.get(`${BASE}common.schema.json`)!.$defs;
  assert.deepEqual(Object.keys(common.runnableBody.properties).sort(), iface('RunnableBody').sort());
  assert.deepEqual(Object.keys(common.resources.properties).sort(), iface('Resources').sort());
  assert.deepEqual(Object.keys(common.metrics.properties).sort(), iface('MetricsSpec').sort());
  const pipeline = byId.get(`${BASE}pipeline.schema.json`)!;
  assert.deepEqual(Object.keys(pipeline.properties).sort(), iface('PipelineSpec').sort());
  assert.deepEqual(Object.keys(pipeline.$defs.pipelineStage.properties).sort(), iface('PipelineStage').sort());
  const sweep = byId.get(`${BASE}sweep.schema.json`)!;
  assert.deepEqual(Object.keys(sweep.properties).sort(), iface('SweepSpec').sort());
  const service = byId.get(`${BASE}service.schema.json`)!;
  assert.deepEqual(
    Object.keys(service.properties).sort(),
    [...new Set([...iface('ServiceSpec'), ...iface('RunnableBody')])].sort(),
  );
});

test("each kind's examples validate, against the kind schema and the entry", () => {
  for (const kind of KINDS) {
    const url = `${BASE}${kind}.schema.json`;
    const s = byId.get(url)!;
    assert.ok(s.examples?.length, `${kind} has examples`);
    for (const ex of s.examples) {
      assert.equal(check(url, ex), undefined, `${kind} example`);
      assert.ok(validateEntry(ex), `${kind} example via entry: ${ajv.errorsText(validateEntry.errors)}`);
    }
  }
});

test('the examples/ specs validate', () => {
  const exDir = join(root, 'examples');
  const files = readdirSync(exDir).filter((f) => /\.trainyard\.ya?ml$/.test(f));
  assert.ok(files.length >= 6, `examples: ${files.join(', ')}`);
  for (const f of files) {
    const value = parseYaml(readFileSync(join(exDir, f), 'utf8'));
    assert.ok(validateEntry(value), `${f}: ${ajv.errorsText(validateEntry.errors)}`);
  }
});

const job = { kind: 'job', run: 'python3 train.py' };
const invalid: Array<[string, unknown, RegExp]> = [
  ['no kind', { run: 'x' }, /kind/],
  ['unknown kind', { kind: 'task', run: 'x' }, /allowed values/],
  ['unknown key', { ...job, gpus: 1 }, /additional properties/],
  ['unknown nested key', { ...job, resources: { gpu_count: 1 } }, /additional properties/],
  ['bad memory', { ...job, resources: { memory: '32GB' } }, /pattern/],
  ['gpus: -1', { ...job, resources: { gpus: -1 } }, />= 0/],
  ['cpus: 0', { ...job, resources: { cpus: 0 } }, /> 0/],
  ['bad timeout', { ...job, timeout: '10 minutes' }, /pattern/],
  ['empty timeout', { ...job, timeout: '' }, /pattern/],
  ['unit-less timeout', { ...job, timeout: '600' }, /pattern/],
  ['stage: trian', { ...job, stage: 'trian' }, /allowed values/],
  ['missing run', { kind: 'job' }, /run/],
  ['blank run', { kind: 'job', run: '  ' }, /pattern/],
  ['service missing run', { kind: 'service', port: 8080 }, /run/],
  ['bad target', { ...job, target: 'gpu-box' }, /pattern/],
  ['k8s target without namespace', { ...job, target: 'k8s:prod' }, /pattern/],
  ['version 2', { ...job, version: 2 }, /constant/],
  ['retries 11', { ...job, retries: 11 }, /<= 10/],
  ['bad env name', { ...job, env: { 'MY-VAR': 'x' } }, /property name/],
  ['env object that is not a secret', { ...job, env: { A: { value: 1 } } }, /oneOf|additional/],
  ['env list', { ...job, env: { A: [1] } }, /oneOf/],
  ['absolute output', { ...job, outputs: ['/tmp/model.pt'] }, /pattern/],
  ['escaping output', { ...job, outputs: ['../model.pt'] }, /pattern/],
  ['metrics pattern without a named group', { ...job, metrics: { pattern: 'loss=([0-9.]+)' } }, /pattern/],
  ['metrics pattern that is not a regex', { ...job, metrics: { pattern: '(?<loss>[0-9' } }, /format/],
  ['bad name', { ...job, name: 'my job' }, /pattern/],
  ['port 0', { kind: 'service', run: 'x', port: 0 }, />= 1/],
  ['health without slash', { kind: 'service', run: 'x', health: 'health' }, /pattern/],
  ['replicas 0', { kind: 'service', run: 'x', replicas: 0 }, />= 1/],
  ['port on a job', { ...job, port: 8080 }, /additional properties/],
  ['pipeline without stages', { kind: 'pipeline' }, /stages/],
  ['pipeline with no stage', { kind: 'pipeline', stages: {} }, /fewer than 1/],
  ['stage with spec and job', { kind: 'pipeline', stages: { a: { spec: 'a.trainyard.yaml', job: { run: 'x' } } } }, /oneOf/],
  ['stage with neither', { kind: 'pipeline', stages: { a: { needs: [] } } }, /oneOf/],
  ['stage spec not a spec file', { kind: 'pipeline', stages: { a: { spec: 'train.py' } } }, /pattern/],
  ['inline stage job with kind', { kind: 'pipeline', stages: { a: { job: { kind: 'job', run: 'x' } } } }, /additional/],
  ['bad stage name', { kind: 'pipeline', stages: { '-a': { spec: 'a.trainyard.yaml' } } }, /property name/],
  ['duplicate needs', { kind: 'pipeline', stages: { a: { spec: 'a.trainyard.yaml', needs: ['b', 'b'] } } }, /duplicate/],
  ['sweep without matrix', { kind: 'sweep', job: 'a.trainyard.yaml' }, /matrix/],
  ['sweep with empty list', { kind: 'sweep', job: 'a.trainyard.yaml', matrix: { lr: [] } }, /oneOf/],
  ['grid sweep with a range', { kind: 'sweep', job: 'a.trainyard.yaml', matrix: { lr: { min: 0, max: 1 } } }, /array/],
  ['bad strategy', { kind: 'sweep', job: 'a.trainyard.yaml', matrix: { lr: [1] }, strategy: 'bayes' }, /allowed values/],
  ['metric without goal', { kind: 'sweep', job: 'a.trainyard.yaml', matrix: { lr: [1] }, metric: { name: 'loss' } }, /goal/],
  ['bad goal', { kind: 'sweep', job: 'a.trainyard.yaml', matrix: { lr: [1] }, metric: { name: 'loss', goal: 'max' } }, /allowed values/],
  ['parallel 0', { kind: 'sweep', job: 'a.trainyard.yaml', matrix: { lr: [1] }, parallel: 0 }, />= 1/],
  ['bad param name', { kind: 'sweep', job: 'a.trainyard.yaml', matrix: { 'learning-rate': [1] } }, /property name/],
  ['range with unknown key', { kind: 'sweep', strategy: 'random', job: 'a.trainyard.yaml', matrix: { lr: { min: 0, max: 1, step: 1 } } }, /oneOf|additional/],
];

test('invalid documents fail, for the right reason', () => {
  for (const [label, doc, reason] of invalid) {
    assert.equal(validateEntry(doc), false, `${label} should be invalid`);
    assert.match(ajv.errorsText(validateEntry.errors), reason, label);
  }
});

test('random sweeps accept ranges', () => {
  const doc = { kind: 'sweep', strategy: 'random', job: { run: 'x' }, matrix: { lr: { min: 0.001, max: 0.1, scale: 'log' } } };
  assert.ok(validateEntry(doc), ajv.errorsText(validateEntry.errors));
});

test('the catalog lists the bundled trainyard schema', () => {
  const catalog = JSON.parse(readFileSync(join(root, 'schemas', 'catalog.json'), 'utf8'));
  const entry = catalog.schemas.find((s: Schema) => s.name === 'trainyard');
  assert.ok(entry);
  assert.equal(JSON.parse(readFileSync(join(root, 'schemas', entry.file), 'utf8')).$id, ENTRY);
  assert.deepEqual(entry.fileMatch, ['*.trainyard.yaml', '*.trainyard.yml']);
});

test('docs/spec.md is up to date with the schemas', () => {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'gen-spec-doc.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
