// core/ajvCode.ts's memoizeSubValidators: a validator loaded from the validator cache remembers
// its sub-validators' answers per object and instance path. Checked against a validator compiled
// without it on documents that share (unchanged) objects with earlier ones, as an edited
// document's incremental parse does; and the rewrite's refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { memoizeSubValidators } from '../../core/ajvCode';
import { SchemaCompiler, prepareSchema, type CompiledSchema } from '../../server/schema/compiler';
import { ValidatorCache } from '../../server/schema/validatorCache';

const SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['jobs'],
  properties: {
    name: { type: 'string' },
    jobs: { type: 'object', additionalProperties: { oneOf: [{ $ref: '#/definitions/job' }, { $ref: '#/definitions/call' }] } },
    tree: { $ref: '#/definitions/node' },
  },
  additionalProperties: false,
  definitions: {
    job: {
      type: 'object',
      required: ['steps'],
      properties: { steps: { type: 'array', items: { $ref: '#/definitions/step' } }, 'runs-on': { type: 'string' }, old: { deprecationMessage: 'old is going away' } },
      additionalProperties: false,
    },
    call: { type: 'object', required: ['uses'], properties: { uses: { type: 'string', pattern: '^[a-z]+/' }, with: { type: 'object' } }, additionalProperties: false },
    step: {
      type: 'object',
      anyOf: [{ required: ['run'] }, { required: ['uses'] }],
      properties: { run: { type: 'string' }, uses: { type: 'string' }, timeout: { type: 'integer', minimum: 1 }, legacy: { type: 'boolean', deprecationMessage: 'legacy steps are deprecated' } },
      additionalProperties: false,
    },
    node: { type: 'object', properties: { value: { type: 'number' }, children: { type: 'array', items: { $ref: '#/definitions/node' } } }, additionalProperties: false },
  },
};

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-memo-'));
}

async function loadedFromCache(): Promise<CompiledSchema> {
  const dir = tmpDir();
  const uri = 'file:///memo/schema.json';
  const first = new SchemaCompiler(new ValidatorCache(() => dir, () => undefined));
  assert.ok(first.compile(uri, SCHEMA).ok);
  await first.idle();
  // (the stored code is rewritten when written: `call` and the recursive `node` are wrapped)
  const code = fs.readFileSync(path.join(dir, `${prepareSchema(uri, SCHEMA).key}.js`), 'utf8');
  assert.equal((code.match(/__remember\(validate\d+\);/g) ?? []).length, 2);
  const r = new SchemaCompiler(new ValidatorCache(() => dir, () => undefined)).compile(uri, SCHEMA);
  assert.ok(r.ok);
  return r.compiled;
}

function plain(): CompiledSchema {
  const r = new SchemaCompiler(undefined).compile('file:///memo/schema.json', SCHEMA);
  assert.ok(r.ok);
  return r.compiled;
}

const show = (v: ReturnType<CompiledSchema['validate']>) =>
  JSON.stringify({ errors: v.errors.map((e) => [e.instancePath, e.schemaPath, e.keyword, e.params, e.message]).sort(), deprecations: v.deprecations.map((d) => [d.instancePath, d.message]).sort() });

test('the same answers as a validator without memory, over documents sharing unchanged objects at the same and at other paths', async () => {
  const memo = await loadedFromCache();
  const reference = plain();
  // a pool of parts, reused by identity across documents like an incremental parse's chunks
  const steps = [{ run: 'make' }, { uses: 'actions/checkout@v4' }, { run: 'x', timeout: 0 }, { name: 'no run' }, { run: 1 }, { run: 'y', legacy: true }, { uses: 'a', run: 'b' }];
  const jobs = [
    { steps: [steps[0], steps[1]] },
    { steps: [steps[2], steps[3]] },
    { uses: 'org/repo/.github/workflows/w.yml@main' },
    { uses: 'Bad' },
    { steps: [steps[5]], old: 1 },
    { steps: [steps[4], steps[6]], extra: true },
    { 'runs-on': 5 },
  ];
  const leaf = { value: 1 };
  const trees = [{ value: 'x' }, { children: [leaf, { value: 2, children: [leaf] }] }, { children: [{ children: [{ value: null }] }] }];
  let seed = 99;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let round = 0; round < 400; round++) {
    const doc: Record<string, unknown> = { jobs: {} };
    const names = ['a', 'b', 'c', 'd'];
    for (let j = 0, n = 1 + rnd(4); j < n; j++) (doc.jobs as Record<string, unknown>)[names[rnd(4)]] = rnd(5) === 0 ? { steps: [steps[rnd(steps.length)], steps[rnd(steps.length)]] } : jobs[rnd(jobs.length)];
    if (rnd(3) === 0) doc.tree = trees[rnd(trees.length)];
    if (rnd(4) === 0) doc.name = rnd(2) ? 'n' : 3;
    const got = memo.validate(doc);
    assert.equal(show(got), show(reference.validate(doc)), JSON.stringify(doc));
    // callers may append to or truncate the errors they get: the next answer is unaffected
    got.errors.push({ instancePath: '/junk', schemaPath: '#', keyword: 'junk', params: {} });
    got.errors.length = 0;
  }
});

test('an unchanged part keeps its deprecation warnings and its errors at the right paths when it moves', async () => {
  const memo = await loadedFromCache();
  const legacy = { run: 'y', legacy: true };
  const bad = { run: 'x', timeout: 0 };
  const job = { steps: [legacy, bad] };
  const first = memo.validate({ jobs: { a: job } });
  assert.deepEqual(first.deprecations.map((d) => d.instancePath), ['/jobs/a/steps/0/legacy']);
  assert.ok(first.errors.some((e) => e.instancePath === '/jobs/a/steps/1/timeout'));
  const again = memo.validate({ jobs: { a: job } });
  assert.deepEqual(again.deprecations.map((d) => d.instancePath), ['/jobs/a/steps/0/legacy'], 'deprecation still reported for the unchanged job');
  const moved = memo.validate({ jobs: { b: { steps: [bad, legacy] } } });
  assert.ok(moved.errors.some((e) => e.instancePath === '/jobs/b/steps/0/timeout'), JSON.stringify(moved.errors));
  assert.ok(!moved.errors.some((e) => e.instancePath.startsWith('/jobs/a/')));
  assert.deepEqual(moved.deprecations.map((d) => d.instancePath), ['/jobs/b/steps/1/legacy']);
});

test('the rewrite wraps pure sub-validators only, and leaves code it does not understand alone', () => {
  const sig = (n: number) => `function validate${n}(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){`;
  const base = [
    '"use strict";module.exports = validate0;module.exports.default = validate0;',
    'const func3 = require("trainyard:runtime").recordDeprecation;',
    `${sig(0)}if(!(validate1(data, {instancePath}))){vErrors = validate1.errors;}if(!(wrapper0.validate(data, {instancePath}))){}validate0.errors = null;return true;}`,
    `${sig(1)}if(!(validate2(data, {instancePath}))){}validate1.errors = null;return true;}`,
    `${sig(2)}func3("x", instancePath);validate2.errors = null;return true;}`,
    `${sig(4)}if(!(validate5(data, {instancePath}))){}validate4.errors = null;return true;}`,
    `${sig(5)}validate5.errors = null;return true;}`,
    'const wrapper0 = {validate: validate4};',
  ].join('');
  const out = memoizeSubValidators(base, ['trainyard:runtime#recordDeprecation']);
  const tail = out.slice(base.length);
  assert.match(tail, /validate4 = __remember\(validate4\);/);
  assert.match(tail, /validate5 = __remember\(validate5\);/);
  assert.match(tail, /wrapper0\.validate = validate4;/, 'the holder of a recursive reference follows');
  assert.doesNotMatch(tail, /validate2 = /, 'records deprecations');
  assert.doesNotMatch(tail, /validate1 = /, 'calls one that records deprecations');
  assert.doesNotMatch(tail, /validate0 = /, 'the exported root');
  // without the side-effect list, the deprecation helper is not known to be impure: all wrapped
  assert.match(memoizeSubValidators(base).slice(base.length), /validate2 = __remember/);
  // refusals
  assert.equal(memoizeSubValidators(`${base}validate4.evaluated = {"props":true};`), `${base}validate4.evaluated = {"props":true};`);
  assert.equal(memoizeSubValidators(base.replace(sig(5), 'function validate5(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){')), base.replace(sig(5), 'function validate5(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){'));
  const held = `${base}const keep = [validate5];`;
  assert.equal(memoizeSubValidators(held), held, 'a validator held in an unknown place');
  assert.equal(memoizeSubValidators('module.exports = () => true;'), 'module.exports = () => true;');
});

test('a schema compiled in this session switches to its stored code once written, and remembers from then on', async () => {
  const dir = tmpDir();
  const compiler = new SchemaCompiler(new ValidatorCache(() => dir, () => undefined));
  const r = compiler.compile('file:///memo/fresh.json', SCHEMA);
  assert.ok(r.ok);
  // (objects are never changed after parsing; changing one here shows whether answers are remembered)
  const call = { uses: 'Bad' };
  const doc = { jobs: { a: call } };
  assert.ok(r.compiled.validate(doc).errors.length > 0);
  call.uses = 'org/repo/w.yml@v1';
  assert.deepEqual(r.compiled.validate(doc).errors, [], 'compiled by Ajv: checked again');
  await compiler.idle();
  const seen = { uses: 'org/repo/w.yml@v1' };
  const doc2 = { jobs: { a: seen } };
  assert.deepEqual(r.compiled.validate(doc2).errors, []);
  seen.uses = 'Bad';
  assert.deepEqual(r.compiled.validate(doc2).errors, [], 'the stored code remembers the unchanged object');
  assert.ok(r.compiled.validate({ jobs: { a: { uses: 'Bad' } } }).errors.length > 0, 'a new object is checked');
});

test('a check told not to remember records nothing (a document\'s first check), and the next check records again', async () => {
  const memo = await loadedFromCache();
  // (objects are never changed after parsing; changing one here shows whether answers are remembered)
  const call = { uses: 'org/repo/w.yml@v1' };
  const doc = { jobs: { a: call } };
  assert.deepEqual(memo.validate(doc, false).errors, []);
  call.uses = 'Bad';
  assert.ok(memo.validate(doc).errors.length > 0, 'nothing was recorded: checked again');
  call.uses = 'org/repo/w.yml@v1';
  assert.ok(memo.validate(doc).errors.length > 0, 'that check recorded its answer');
  // a check that does not remember neither reads what is recorded
  assert.deepEqual(memo.validate(doc, false).errors, []);
  // and leaves the validator remembering for the checks after it
  call.uses = 'Bad';
  assert.deepEqual(memo.validate({ jobs: { b: call } }).errors.length > 0, true, 'another path: checked');
  assert.ok(memo.validate({ jobs: { b: call } }).errors.length > 0);
  call.uses = 'org/repo/w.yml@v1';
  assert.ok(memo.validate({ jobs: { b: call } }).errors.length > 0, 'remembered at /jobs/b');
});
