// Schema problems: kind first, then the kind's schema, mapped to messages a user can act on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { load, where, y, FIXTURES } from './spec-helpers';
import { getSchemaAt, getKindSchema, loadSpecFile } from '../../core/spec';

test('missing kind: missing-required at 1:1', () => {
  const r = load(y('run: x'));
  assert.deepEqual(where(r), ['missing-required@1:1']);
  assert.equal(r.problems[0].message, 'missing required key `kind` (one of job, service, pipeline, sweep)');
  assert.equal(r.kind, undefined);
});

test('unknown kind: enum at the value, with did-you-mean', () => {
  const r = load(y('# a spec', 'kind: jbo', 'run: x'));
  assert.deepEqual(where(r), ['enum@2:7']);
  assert.equal(r.problems[0].suggestion, 'job');
  assert.match(r.problems[0].message, /did you mean `job`\?/);
  assert.deepEqual(where(load(y('kind: 3'))), ['type@1:7']);
});

test('unknown key with did-you-mean, at the key', () => {
  // a misspelt required key is one mistake: the key, not also "missing required key `run`"
  const r = load(y('kind: job', 'rn: python3 train.py'));
  assert.deepEqual(where(r), ['unknown-key@2:1']);
  assert.equal(r.problems[0].message, 'unknown key `rn` in job; did you mean `run` (required)?');
  assert.equal(r.problems[0].suggestion, 'run');
  assert.equal(r.problems[0].range.end.column, 3);
  assert.equal(r.problems[0].pointer, '/rn');
  const optional = load(y('kind: job', 'run: x', 'ouputs: [a]'));
  assert.equal(optional.problems[0].message, 'unknown key `ouputs` in job; did you mean `outputs`?');
});

test('unknown key far from every candidate: no suggestion', () => {
  const r = load(y('kind: job', 'run: x', 'banana: 1'));
  assert.equal(r.problems[0].message, 'unknown key `banana` in job');
  assert.equal(r.problems[0].suggestion, undefined);
});

test('missing required key: at the object key, explained by the schema', () => {
  const r = load(y('kind: job', 'name: x'));
  assert.equal(r.problems[0].message, 'missing required key `run` (the shell command of the job)');
  const p = load(y('kind: pipeline', 'stages:', '  train:', '    job:', '      name: x'));
  assert.deepEqual(where(p), ['missing-required@4:5']);
  assert.match(p.problems[0].message, /missing required key `run` in `job`/);
});

test('wrong types at the value', () => {
  const r = load(y('kind: job', 'run: x', 'resources:', '  gpus: "two"', 'retries: 1.5', 'outputs: a.txt'));
  assert.deepEqual(where(r), ['type@4:9', 'type@5:10', 'type@6:10']);
  assert.equal(r.problems[0].message, '`gpus` must be an integer, got string `"two"`');
  assert.equal(r.problems[2].message, '`outputs` must be a list, got string `"a.txt"`; did you mean `[a.txt]`?');
  assert.equal(r.problems[2].suggestion, '[a.txt]');
});

test('an empty value is reported at its key', () => {
  const r = load(y('kind: job', 'run:'));
  assert.deepEqual(where(r), ['type@2:1']);
  assert.match(r.problems[0].message, /got nothing/);
});

test('bad enum with did-you-mean', () => {
  const r = load(y('kind: job', 'run: x', 'stage: trian'));
  assert.deepEqual(where(r), ['enum@3:8']);
  assert.equal(r.problems[0].message, '`stage` must be one of data, train, evaluate, deploy; did you mean `train`?');
  assert.equal(r.problems[0].suggestion, 'train');
});

test('patterns use patternErrorMessage', () => {
  const r = load(y('kind: job', 'run: x', 'resources:', '  memory: 32 GB', 'target: nowhere'));
  assert.deepEqual(where(r), ['pattern@4:11', 'target@5:9']);
  assert.match(r.problems[0].message, /memory is a Kubernetes quantity such as `32Gi`/);
  // targets say what is wrong, and what was probably meant
  assert.equal(r.problems[1].message, 'invalid target `nowhere`: targets are `local`, `ssh:<host>` or `k8s:<context>/<namespace>`; did you mean `ssh:nowhere`?');
  assert.equal(r.problems[1].suggestion, 'ssh:nowhere');
});

test('minimum, const, uniqueItems, invalid env names', () => {
  const r = load(y('version: 2', 'kind: job', 'run: x', 'retries: -1', 'outputs: [a, b, a]', 'env:', '  1BAD: x'));
  assert.deepEqual(where(r), ['const@1:10', 'range@4:10', 'duplicate-item@5:17', 'invalid-key@7:3']);
  assert.equal(r.problems[0].message, '`version` must be `1`, got number `2`; version 1 is the only version of the format so far');
});

test('env values: one clear message instead of oneOf noise', () => {
  const r = load(y('kind: job', 'run: x', 'env:', '  A: { value: 1 }', '  B: [1, 2]', '  C: { secret: 12 }', '  D: { secret: OK }'));
  assert.deepEqual(where(r), ['type@4:6', 'type@5:6', 'type@6:16']);
  assert.equal(r.problems[0].message, 'env value `A` must be a string, number, boolean or `{ secret: NAME }`, got a mapping');
  assert.equal(r.problems[2].message, '`secret` must be a string, got number `12`');
  assert.ok(r.problems.every((p) => !/oneOf|must match/.test(p.message)));
});

test('a pipeline stage needs exactly one of spec, job or service', () => {
  const none = load(y('kind: pipeline', 'stages:', '  train:', '    needs: []'));
  assert.deepEqual(where(none), ['one-of@3:3']);
  assert.equal(none.problems[0].message, 'stage `train` needs exactly one of `spec`, `job` or `service`');
  const two = load(y('kind: pipeline', 'stages:', '  train:', '    spec: t.trainyard.yaml', '    job: { run: x }'));
  assert.deepEqual(where(two), ['one-of@3:3']);
  assert.match(two.problems[0].message, /has `spec` and `job`/);
  const typo = load(y('kind: pipeline', 'stages:', '  train:', '    spc: t.trainyard.yaml'));
  // the misspelt key says it all: no "needs exactly one of" besides
  assert.deepEqual(where(typo), ['unknown-key@4:5']);
  assert.equal(typo.problems[0].suggestion, 'spec');
  const scalar = load(y('kind: pipeline', 'stages:', '  train: t.trainyard.yaml'));
  assert.deepEqual(where(scalar), ['type@3:10']);
});

test('sweep: inline job errors are specific; ranges need random', () => {
  const r = load(y('kind: sweep', 'job:', '  rn: x', 'matrix:', '  lr: { min: 0.1, max: 1 }', '  bs: []'));
  assert.deepEqual(where(r), ['unknown-key@3:3', 'type@5:7', 'size@6:7']);
  assert.match(r.problems[1].message, /only random sweeps/);
  const job = load(y('kind: sweep', 'job: train.yaml', 'matrix: { lr: [1] }'));
  assert.deepEqual(where(job), ['pattern@2:6']);
  assert.match(job.problems[0].message, /\.trainyard\.yaml/);
  const num = load(y('kind: sweep', 'job: 3', 'matrix: { lr: [1] }'));
  assert.deepEqual(where(num), ['type@2:6']);
});

test('no duplicate problems', () => {
  const r = load(y('kind: job', 'run: x', 'env:', '  A: {}'));
  const keys = r.problems.map((p) => `${p.code}${p.range.start.offset}${p.message}`);
  assert.equal(new Set(keys).size, keys.length);
});

test('one broken spec with many seeded errors: all reported, with positions', async () => {
  const file = path.join(FIXTURES, 'broken', 'many-errors.trainyard.yaml');
  const r = await loadSpecFile(file);
  assert.equal(r.kind, 'job');
  assert.equal(r.spec, undefined);
  assert.deepEqual(where(r), [
    'enum@4:8',
    'type@6:9',
    'unknown-key@8:3',
    'plain-secret@11:13',
    'type@12:11',
    'unknown-key@13:1',
    'pattern@14:10',
    'range@15:10',
    'pattern@17:12',
  ]);
  assert.equal(r.problems.find((p) => p.code === 'plain-secret')?.severity, 'warning');
  assert.ok(readFileSync(file, 'utf8').length > 0);
});

test('getSchemaAt finds subschemas through $ref and oneOf', () => {
  assert.equal(getSchemaAt('job', '/resources/gpus')?.type, 'integer');
  assert.equal(getSchemaAt('job', '/env/ANYTHING')?.title, 'Environment variable value');
  assert.equal(getSchemaAt('pipeline', '/stages/train/job/run')?.title, 'Command');
  assert.equal(getSchemaAt('sweep', '/job/resources/memory', { job: { resources: {} } })?.title, 'Memory');
  assert.equal(getSchemaAt('sweep', '/matrix/lr/min')?.title, 'Minimum');
  assert.equal(getSchemaAt('pipeline', '/target')?.description?.startsWith('Default target'), true);
  assert.equal(getSchemaAt('job', '/nope'), undefined);
  assert.equal(getKindSchema('service').properties.port.$ref, 'common.schema.json#/$defs/port');
});

test('top-level x- keys are ignored (a place for shared anchors); other unknown keys are not', () => {
  const r = load(y('version: 1', 'kind: job', 'x-defaults: &d {gpus: 1}', 'resources: *d', 'run: x', 'y-extra: 1'));
  assert.deepEqual(where(r), ['unknown-key@6:1']);
});
