// Decoding and YAML: malformed inputs each give the right code at the right line:col.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, where, y } from './spec-helpers';
import { MAX_DEPTH } from '../../core/spec';

test('a minimal job loads with zero problems and a typed spec', () => {
  const r = load(y('kind: job', 'run: python3 train.py'));
  assert.deepEqual(r.problems, []);
  assert.equal(r.kind, 'job');
  assert.equal(r.spec?.kind, 'job');
  assert.deepEqual(r.value, { kind: 'job', run: 'python3 train.py' });
});

test('empty file', () => {
  const r = load('');
  assert.deepEqual(where(r), ['empty@1:1']);
  assert.match(r.problems[0].message, /the file is empty; a spec needs at least `kind:`/);
  assert.equal(r.spec, undefined);
});

test('whitespace only and only comments are empty too', () => {
  assert.deepEqual(where(load('  \n\n')), ['empty@1:1']);
  assert.deepEqual(where(load(y('# just a comment', '# and another'))), ['empty@1:1']);
});

test('a scalar or a list at the root', () => {
  assert.deepEqual(where(load('hello\n')), ['type@1:1']);
  const r = load(y('# header', '- a', '- b'));
  assert.deepEqual(where(r), ['type@2:1']);
  assert.match(r.problems[0].message, /got a list/);
});

test('truncated YAML (unterminated quote) points at the opening quote', () => {
  const r = load(y('kind: job', 'run: "python3 train.py'));
  assert.deepEqual(where(r), ['yaml-syntax@2:6']);
  assert.equal(r.kind, 'job');
  assert.equal(r.spec, undefined);
});

test('truncated flow collection', () => {
  const r = load(y('kind: job', 'run: x', 'outputs: [a, b'));
  assert.ok(r.problems.length >= 1);
  assert.equal(r.problems[0].code, 'yaml-syntax');
  assert.ok(r.problems.every((p) => p.code === 'yaml-syntax'));
});

test('tabs as indentation', () => {
  const r = load(y('kind: job', 'run: x', 'resources:', '\tgpus: 1'));
  assert.deepEqual(where(r), ['yaml-syntax@4:1']);
  assert.match(r.problems[0].message, /tabs/);
});

test('duplicate keys are reported at the second key, with the key named', () => {
  const r = load(y('kind: job', 'run: a', 'name: x', 'run: b'));
  assert.deepEqual(where(r), ['yaml-syntax@4:1']);
  assert.match(r.problems[0].message, /duplicate key `run`/);
  assert.equal(r.problems[0].range.end.column, 4);
});

test('bad indentation', () => {
  const r = load(y('kind: job', 'run: x', 'resources:', '  gpus: 1', ' cpus: 2'));
  assert.ok(r.problems.length >= 1);
  assert.equal(r.problems[0].code, 'yaml-syntax');
  assert.equal(r.problems[0].range.start.line, 5);
});

test('a syntax error at the end does not hide a schema error at the top', () => {
  const r = load(y('kind: job', 'run: x', 'resources:', '  gpus: many', 'outputs:', '  - a', 'description: "unterminated'));
  assert.deepEqual(where(r), ['type@4:9', 'yaml-syntax@7:14']);
});

test('multiple documents: an error at the second ---', () => {
  const r = load(y('kind: job', 'run: x', '---', 'kind: job', 'run: y'));
  assert.deepEqual(where(r), ['multiple-documents@3:1']);
  assert.equal(r.problems[0].range.end.column, 4);
});

test('anchors, aliases and merge keys resolve', () => {
  const r = load(
    y('kind: pipeline', 'stages:', '  a:', '    job: &base', '      resources: { gpus: 1 }', '      run: a', '  b:', '    job:', '      <<: *base', '      run: b'),
  );
  assert.deepEqual(r.problems, []);
  const stages = (r.value as any).stages;
  assert.deepEqual(stages.b.job, { resources: { gpus: 1 }, run: 'b' });
});

test('a problem inside a merged mapping points at the anchor definition', () => {
  const r = load(y('kind: job', 'run: x', 'x: 1', 'resources:', '  <<: &r { gpus: 1, gpux: 2 }', '  cpus: 2'));
  assert.deepEqual(where(r), ['unknown-key@3:1', 'unknown-key@5:21']);
  // (not `gpus`, which the mapping has already)
  assert.equal(r.problems[1].suggestion, 'gpu');
});

test('alias bomb: bounded time, one problem', () => {
  let src = 'kind: job\nrun: x\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  const L = 'abcdefghi';
  for (let i = 1; i < 9; i++) src += `${L[i]}: &${L[i]} [${Array(9).fill('*' + L[i - 1]).join(',')}]\n`;
  const t = Date.now();
  const r = load(src);
  assert.ok(Date.now() - t < 3000, `took ${Date.now() - t} ms`);
  assert.deepEqual(
    r.problems.map((p) => p.code),
    ['yaml-alias-limit'],
  );
  assert.equal(r.value, undefined);
});

test('an alias inside its own anchor does not loop', () => {
  const r = load(y('kind: job', 'run: x', 'env: &e', '  A: *e'));
  assert.ok(r.problems.some((p) => p.code === 'yaml-syntax' && p.range.start.line === 4));
});

test('deep nesting (10,000 levels) gives a problem, not a crash', () => {
  for (const src of [
    'kind: job\nrun: ' + '['.repeat(10000) + ']'.repeat(10000) + '\n',
    'kind: job\nrun: ' + '{a: '.repeat(10000) + '1' + '}'.repeat(10000) + '\n',
    'kind: job\nrun: x\noutputs:\n  ' + '- '.repeat(10000) + 'x\n',
    'kind: job\nrun: x\nenv:\n' + Array.from({ length: 2000 }, (_, i) => ' '.repeat(i + 1) + 'a:').join('\n') + ' 1\n',
  ]) {
    const r = load(src);
    assert.ok(r.problems.length >= 1);
    assert.ok(
      r.problems.some((p) => p.code === 'too-deep' || p.code === 'yaml-syntax'),
      JSON.stringify(r.problems.slice(0, 2)),
    );
    assert.equal(r.spec, undefined);
  }
  const flow = load('kind: job\nrun: ' + '['.repeat(MAX_DEPTH + 5) + ']'.repeat(MAX_DEPTH + 5) + '\n');
  assert.deepEqual(where(flow).slice(0, 1)[0].split('@')[0], 'too-deep');
  assert.equal(flow.problems[0].range.start.line, 2);
});

test('a 50 MB input returns one too-large problem quickly', () => {
  const big = new Uint8Array(50 * 1024 * 1024).fill(0x61);
  let t = Date.now();
  let r = load(big);
  assert.deepEqual(where(r), ['too-large@1:1']);
  assert.ok(Date.now() - t < 1000);
  t = Date.now();
  r = load('a'.repeat(50 * 1024 * 1024));
  assert.deepEqual(where(r), ['too-large@1:1']);
  assert.ok(Date.now() - t < 1000);
  assert.equal(r.text, '');
});

test('maxBytes is configurable', () => {
  assert.deepEqual(where(load(y('kind: job', 'run: x'), { checkFiles: false, maxBytes: 10 })), ['too-large@1:1']);
});

test('binary junk gives one binary problem', () => {
  const junk = new Uint8Array(1024).map((_, i) => (i * 7919) % 256);
  assert.deepEqual(where(load(junk)), ['binary@1:1']);
  assert.deepEqual(where(load(new Uint8Array([0x6b, 0x69, 0x6e, 0x64, 0x00, 0x3a]))), ['binary@1:1']);
  assert.deepEqual(where(load('kind: job\0\nrun: x\n')), ['binary@1:1']);
});

test('invalid UTF-8: encoding error at the first bad byte', () => {
  const bytes = Buffer.concat([Buffer.from('kind: job\nrun: x\ndescription: caf'), Buffer.from([0xe9]), Buffer.from(' crème\n')]);
  const r = load(bytes);
  assert.deepEqual(where(r), ['encoding@3:17']);
  assert.equal(r.spec, undefined);
  // A truncated multi-byte sequence at the very start.
  assert.deepEqual(where(load(new Uint8Array([0xc3, 0x28, 0x0a]))).slice(0, 1), ['encoding@1:1']);
  // UTF-16 is refused outright.
  assert.deepEqual(where(load(new Uint8Array([0xff, 0xfe, 0x6b, 0x00]))), ['encoding@1:1']);
});

test('a UTF-8 BOM is stripped (bytes and strings)', () => {
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('kind: job\nrun: x\nrn: y\n')]);
  const r = load(bytes);
  assert.deepEqual(where(r), ['unknown-key@3:1']);
  assert.equal(r.text.charCodeAt(0), 'k'.charCodeAt(0));
  assert.deepEqual(load('\uFEFFkind: job\nrun: x\n').problems, []);
});

test('CRLF line endings keep columns right', () => {
  const r = load('kind: job\r\nrun: x\r\nresources:\r\n  gpus: two\r\n');
  assert.deepEqual(where(r), ['type@4:9']);
});

test('problems are sorted by position and carry file, range, code and pointer', () => {
  const r = load(y('kind: job', 'zz: 1', 'run: x', 'aa: 2'));
  assert.deepEqual(where(r), ['unknown-key@2:1', 'unknown-key@4:1']);
  for (const p of r.problems) {
    assert.equal(p.file, 'test.trainyard.yaml');
    assert.ok(p.pointer);
    assert.ok(p.range.end.offset >= p.range.start.offset);
  }
});

test('the source map has key and value ranges for every node', () => {
  const r = load(y('kind: job', 'run: x', 'outputs:', '  - a', '  - b'));
  assert.deepEqual([...r.map.keys()].sort(), ['', '/kind', '/outputs', '/outputs/0', '/outputs/1', '/run'].sort());
  const run = r.map.get('/run')!;
  assert.deepEqual([run.key?.start.line, run.key?.start.column, run.value.start.column, run.value.end.column], [2, 1, 6, 7]);
  const item = r.map.get('/outputs/1')!;
  assert.equal(item.key, undefined);
  assert.deepEqual([item.value.start.line, item.value.start.column], [5, 5]);
});
