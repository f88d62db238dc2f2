// What a slip most likely meant (core/spec/hints.ts), where a key belongs (placement.ts) and
// the one problem of an over-indented key (yaml.ts), beyond the fixtures of user-mistakes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, where, y } from './spec-helpers';
import { formatDuration, meantBoolean, meantCpus, meantDuration, meantMemory } from '../../core/spec/hints';

test('durations: the usual slips and the canonical form', () => {
  const cases: Array<[unknown, string | undefined]> = [
    ['10 min', '10m'],
    ['10 minutes', '10m'],
    ['1 hour 30 minutes', '1h30m'],
    ['1h 30m', '1h30m'],
    ['1.5h', '1h30m'],
    ['2d', '48h'],
    ['2H', '2h'],
    ['45mins', '45m'],
    ['90 sec', '1m30s'],
    ['01:30:00', '1h30m'],
    ['5:00', '5m'],
    [600, '10m'],
    [3601, '1h1s'],
    // no safe guess
    ['0.3333h', undefined],
    ['500ms', undefined],
    ['2h30', undefined],
    ['soon', undefined],
    [0, undefined],
    [-5, undefined],
    ['1h1h', undefined],
    [true, undefined],
  ];
  for (const [input, want] of cases) assert.equal(meantDuration(input), want, JSON.stringify(input));
  assert.equal(formatDuration(9000), '2h30m');
});

test('memory, CPUs and YAML 1.1 booleans', () => {
  assert.equal(meantMemory('32GB'), '32Gi');
  assert.equal(meantMemory('32 GiB'), '32Gi');
  assert.equal(meantMemory('512mb'), '512Mi');
  assert.equal(meantMemory(16), '16Gi');
  assert.equal(meantMemory('32Gi'), undefined);
  assert.equal(meantMemory(1e9), undefined);
  assert.equal(meantMemory('lots'), undefined);
  assert.equal(meantCpus('500m'), '0.5');
  assert.equal(meantCpus('4 cores'), '4');
  assert.equal(meantCpus('four'), undefined);
  assert.equal(meantBoolean('yes'), 'true');
  assert.equal(meantBoolean('Off'), 'false');
  assert.equal(meantBoolean('maybe'), undefined);
  assert.equal(meantBoolean(1), undefined);
});

test('a boolean or number fix is named but not offered as a text replacement (it would be written as a string)', () => {
  const r = load(y('kind: job', 'run: x', 'resources: {cpus: 500m}'));
  assert.deepEqual(where(r), ['type@3:19']);
  assert.match(r.problems[0].message, /did you mean `0\.5`\?/);
  assert.equal(r.problems[0].suggestion, undefined);
  const t = load(y('kind: job', 'run: x', 'timeout: 10 min'));
  assert.equal(t.problems[0].suggestion, '10m');
});

test('`local` and its slips', () => {
  for (const t of ['locl', 'lokal', 'lcoal', 'Local', 'localhost']) {
    const r = load(y('kind: job', 'run: x', `target: ${t}`));
    assert.equal(r.problems[0]?.suggestion, 'local', t);
  }
  // a bare host name is still an SSH host
  assert.equal(load(y('kind: job', 'run: x', 'target: gpu-box')).problems[0]?.suggestion, 'ssh:gpu-box');
});

test('an over-indented key: one problem at it, and none for the keys after it', () => {
  const r = load(y('kind: job', 'run: x', 'resources:', '  gpus: 1', '  cpus: 2', '    memory: 3Gi', '    gpu: a100'));
  assert.deepEqual(where(r), ['yaml-syntax@6:5']);
  assert.match(r.problems[0].message, /`memory` is indented deeper than `cpus`/);
});

test('a field one level too shallow; not for flow mappings or keys on the same line', () => {
  const r = load(y('kind: job', 'run: x', 'env:', 'LR: 1'));
  // `LR` is no field of `env`'s schema by name, so it stays an unknown key (a did-you-mean or none)
  assert.deepEqual(where(r), ['type@3:1', 'unknown-key@4:1']);
  const flow = load(y('kind: job', 'run: x', 'resources: {gpus: 1}', 'memory: 2Gi'));
  assert.deepEqual(where(flow), ['unknown-key@4:1']);
  assert.doesNotMatch(flow.problems[0].message, /indent/);
  const block = load(y('kind: job', 'run: x', 'resources:', '  gpus: 1', 'memory: 2Gi'));
  assert.match(block.problems[0].message, /it is a field of `resources`; indent it under `resources`/);
});

test('a job field on a stage, a service field in an inline job, needs in the wrong place', () => {
  const stage = load(y('kind: pipeline', 'stages:', '  a:', '    run: x', '    resources: {gpus: 1}'));
  assert.deepEqual(where(stage), ['unknown-key@4:5', 'unknown-key@5:5']);
  assert.ok(stage.problems.every((p) => /belongs to the stage's job: move it under `job:`/.test(p.message)));
  // a stage that has a job keeps the plain unknown-key message
  const withJob = load(y('kind: pipeline', 'stages:', '  a:', '    job: {run: x}', '    retries: 2'));
  assert.deepEqual(where(withJob), ['unknown-key@5:5']);
  assert.doesNotMatch(withJob.problems[0].message, /belongs to the stage's job/);
  const nested = load(y('kind: pipeline', 'stages:', '  a: {job: {run: x, needs: [b]}}', '  b: {job: {run: y}}'));
  assert.match(nested.problems[0].message, /`needs` belongs to the stage/);
});

test('sweep parameters written in another syntax: one error each, and no unused-parameter warning', () => {
  const r = load(y('kind: sweep', 'job:', '  run: python t.py --lr ${params.lr} --bs {{ params.bs }} --d ${{ params.d }}', 'matrix:', '  lr: [1]', '  bs: [2]', '  d: [3]'));
  assert.deepEqual(where(r), ['unknown-param@3:25', 'unknown-param@3:43']);
  assert.deepEqual(
    r.problems.map((p) => p.suggestion),
    ['${{ params.lr }}', '${{ params.bs }}'],
  );
  // a name that is no parameter is left alone (`$params.x` may be a shell construct of the user's)
  assert.deepEqual(where(load(y('kind: sweep', 'job: {run: "echo ${params.other} ${{ params.lr }}"}', 'matrix: {lr: [1]}'))), []);
});
