import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IncrementalYaml, parseYaml } from '../../core/yaml';

test('values, spans and YAML 1.2 scalars', () => {
  const r = parseYaml('a: 1\nb: [yes, true, 0x1F, 1.5, ~, "2"]\nc:\n  d: x\n');
  assert.deepEqual(r.docs[0].value, { a: 1, b: ['yes', true, 31, 1.5, null, '2'], c: { d: 'x' } });
  assert.deepEqual(r.docs[0].map.get('/a'), { key: [0, 1], value: [3, 4] });
  assert.deepEqual(r.docs[0].map.get('/c/d'), { key: [44, 45], value: [47, 48] });
  assert.deepEqual(r.errors, []);
});

test('anchors, aliases and merge keys', () => {
  const r = parseYaml('base: &b {x: 1, y: 2}\nder:\n  <<: *b\n  y: 3\nlist: [*b]\n');
  assert.deepEqual(r.docs[0].value, { base: { x: 1, y: 2 }, der: { y: 3, x: 1 }, list: [{ x: 1, y: 2 }] });
  assert.deepEqual(r.errors, []);
});

test('duplicate keys, unknown and recursive aliases are reported', () => {
  assert.equal(parseYaml('a: 1\na: 2\n').errors[0].code, 'duplicate-key');
  assert.match(parseYaml('a: *nope\n').errors[0].message, /unknown alias/);
  assert.match(parseYaml('- &a [*a]\n').errors[0].message, /contains it/);
});

test('multi-document files give one document each', () => {
  const r = parseYaml('a: 1\n---\nb: 2\n');
  assert.deepEqual(r.docs.map((d) => d.value), [{ a: 1 }, { b: 2 }]);
});

test('a syntax error does not hide what follows it', () => {
  const r = parseYaml('a: [1, {]\nb: 2\nc: x\n');
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0].code, 'yaml-syntax');
  assert.deepEqual(r.docs[0].value, { a: null, b: 2, c: 'x' });
});

test('incremental parsing equals the whole-text parse, before and after edits', () => {
  const jobs = Array.from({ length: 300 }, (_, i) => `  job_${i}:\n    name: n${i}\n    steps:\n      - run: echo ${i}\n        env:\n          X: '${i}'\n`).join('');
  const text = `name: big\non: push\njobs:\n${jobs}`;
  const inc = new IncrementalYaml();
  inc.prime(text);
  for (const variant of [text, text.replace('name: n150', 'name: [1, {]'), text.replace('name: n7', 'name: n7\n    name: dup'), text]) {
    const a = inc.parse(variant);
    const b = parseYaml(variant);
    assert.deepEqual(a.docs[0].value, b.docs[0].value);
    assert.deepEqual(a.errors.map((e) => [e.code, e.start, e.end]), b.errors.map((e) => [e.code, e.start, e.end]));
    for (const [k, v] of b.docs[0].map) assert.deepEqual(a.docs[0].map.get(k), v, k);
  }
});
