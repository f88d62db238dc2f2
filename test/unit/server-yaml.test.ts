import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IncrementalYaml, parseYaml } from '../../core/yaml';
import { mutate, rng } from './yaml-gen';

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

test('incremental parsing of a mid-sized workflow (chunked from 8 KB) equals the whole-text parse through break/repair edits', () => {
  const jobs = Array.from({ length: 40 }, (_, i) => `  job-${i}:\n    runs-on: ubuntu-latest\n    timeout-minutes: ${10 + i}\n    strategy:\n      matrix: {python: ["3.10", "3.11"]}\n    steps:\n      - uses: actions/checkout@v4\n      - name: test ${i}\n        run: |\n          pytest -q tests/${i}\n        env:\n          FLAG: "${i}"\n`).join('');
  const text = `name: ci\non:\n  push:\n    branches: [main]\njobs:\n${jobs}`;
  assert.ok(text.length > 8 * 1024 && text.length < 32 * 1024, `${text.length} bytes`);
  const inc = new IncrementalYaml();
  inc.prime(text);
  const lines = text.split('\n');
  const keyLines = lines.map((l, i) => [l, i] as const).filter(([l]) => /^\s*[A-Za-z_][\w.-]*:\s*\S/.test(l));
  let cur = [...lines];
  for (let k = 0; k < 60; k++) {
    const [orig, li] = keyLines[(k * 7919) % keyLines.length];
    for (const variant of [orig.replace(/:\s*\S.*$/, ': [1, {]'), orig.replace(/:\s*\S.*$/, ': "open'), orig]) {
      cur = [...cur];
      cur[li] = variant;
      const t = cur.join('\n');
      const a = inc.parse(t);
      const b = parseYaml(t);
      assert.deepEqual(a.docs[0].value, b.docs[0].value, `line ${li}: ${variant}`);
      assert.deepEqual(a.errors.map((e) => [e.code, e.start, e.end, e.message]), b.errors.map((e) => [e.code, e.start, e.end, e.message]));
      for (const [key, v] of b.docs[0].map) assert.deepEqual(a.docs[0].map.get(key), v, key);
    }
  }
});

test('incremental parsing equals the whole-text parse through chains of random edits (mid-sized and big texts)', () => {
  const job = (i: number) => `  job-${i}:\n    runs-on: [self-hosted, gpu]\n    steps:\n      - name: "train ${i}"\n        run: |\n          python train.py --seed ${i}\n        env: {A: '${i}', B: x}\n`;
  for (const [n, seed] of [[60, 11], [400, 12]] as const) {
    const r = rng(seed);
    let text = `name: ci\non: [push]\njobs:\n${Array.from({ length: n }, (_, i) => job(i)).join('')}`;
    const inc = new IncrementalYaml();
    inc.prime(text);
    for (let step = 0; step < (n > 100 ? 60 : 300); step++) {
      // mostly one mutation, now and then a repair back towards the original shape
      text = r() < 0.1 ? text.replace(/\t|\r|\u00a0|\ud800/g, '') : mutate(text, r);
      const a = inc.parse(text);
      const b = parseYaml(text);
      const ctx = `n=${n} step ${step}`;
      assert.deepEqual(a.docs.map((d) => d.value), b.docs.map((d) => d.value), ctx);
      assert.deepEqual(a.errors.map((e) => [e.code, e.start, e.end, e.message]), b.errors.map((e) => [e.code, e.start, e.end, e.message]), ctx);
    }
  }
});

test('an unclosed quote near the end is one error where it opens, and loses only its own line', () => {
  const jobs = Array.from({ length: 40 }, (_, i) => `  job-${i}:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix: {python: ["3.10", "3.11"]}\n    steps:\n      - run: |\n          pytest -q tests/${i}\n        env:\n          FLAG: "${i}"\n`).join('');
  const text = `name: ci\njobs:\n${jobs}`.replace('  job-39:\n    runs-on: ubuntu-latest', '  job-39:\n    runs-on: "open');
  const r = parseYaml(text);
  assert.equal(r.errors.length, 1, JSON.stringify(r.errors.map((e) => e.message)));
  assert.equal(r.errors[0].start, text.indexOf('"open'));
  const value = r.docs[0].value as { name: string; jobs: Record<string, { 'runs-on'?: string | null; steps?: unknown[] }> };
  assert.equal(value.name, 'ci');
  assert.equal(value.jobs['job-0']['runs-on'], 'ubuntu-latest');
  assert.equal(value.jobs['job-38']['runs-on'], 'ubuntu-latest');
  // job-39 keeps its broken key (without a value) and everything after it
  assert.equal(value.jobs['job-39']['runs-on'], null);
  assert.equal(value.jobs['job-39'].steps?.length, 1);
  // and the chunked parse agrees
  const inc = new IncrementalYaml();
  inc.prime(text.replace('"open', 'ubuntu-latest'));
  assert.deepEqual(inc.parse(text).docs[0].value, r.docs[0].value);
});

test('errors that exhaust the recoveries still leave the rest of the document', () => {
  const text = `name: ci\n${Array.from({ length: 20 }, (_, i) => `k${i}: @bad${i}\n`).join('')}last: 1\n`;
  const r = parseYaml(text);
  assert.ok(r.errors.length >= 10, `${r.errors.length} errors`);
  const value = r.docs[0].value as Record<string, unknown>;
  assert.equal(value.name, 'ci');
});

test('a flow collection closed on a line indented less than its items (`]` under its key) is read, as PyYAML and the yaml package read it', () => {
  const cases: Array<[string, unknown]> = [
    ['env:\n  environment: [\n    "A",\n  ]\nname: x\n', { env: { environment: ['A'] }, name: 'x' }],
    ['args: [\n  --model,\n  opt, # a comment\n]\nb: 3\n', { args: ['--model', 'opt'], b: 3 }],
    ['k:\n  v: {\n    a: 1,\n  }\n  w: 2\n', { k: { v: { a: 1 }, w: 2 } }],
    ['k:\n  - [\n    1\n  ]\n', { k: [[1]] }],
    ['a: [\r\n  1,\r\n]\r\nb: 2\r\n', { a: [1], b: 2 }],
    ['a: [[1,\n  2],\n[3]\n]\n', { a: [[1, 2], [3]] }],
  ];
  for (const [text, want] of cases) {
    const r = parseYaml(text);
    assert.deepEqual(r.errors, [], JSON.stringify(text));
    assert.deepEqual(r.docs[0].value, want, JSON.stringify(text));
  }
  // positions still point into the text as written
  const text = 'args: [\n  --model,\n  opt,\n]\n';
  const d = parseYaml(text).docs[0];
  const span = d.map.get('/args/1')!.value;
  assert.equal(text.slice(span[0], span[1]), 'opt');
  // never closed, or a quoted string across its lines: reported as before
  assert.match(parseYaml('a: [\n  1,\nb: 2\n').errors[0]?.message ?? '', /never closed/);
  assert.ok(parseYaml('a: [\n  "x\n  y",\n]\n').errors.length > 0);
});
