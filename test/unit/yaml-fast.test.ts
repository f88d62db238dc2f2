// core/yaml/fastEvents must give exactly js-yaml's parseEvents stream whenever it answers (and
// answer null, never a different stream, for anything else). Compared on every YAML file of the
// repository, on generated config-like documents in many styles, and on thousands of seeded
// mutations of both (broken lines, stray indicators, indentation changes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseEvents, getScalarValue } from 'js-yaml';
import { fastEvents, type FastEvent } from '../../core/yaml/fastEvents';
import { parseYaml } from '../../core/yaml';
import { generate, mutate, rng, yamlFiles } from './yaml-gen';

const ROOT = path.join(__dirname, '..', '..');


// (`fast` is js-yaml's hint that the source slice is the value; it may say false where the slice
// is the value all the same, e.g. a plain scalar before spaces at the end of the text: what counts
// is the decoded value, compared below through our event's own fields.)
/** Fields the scanner leaves out when they say "none" (it declines anchors and tags). */
const ABSENT_IS_NONE = new Set(['anchorStart', 'anchorEnd', 'tagStart', 'tagEnd']);
/** Decoding hints the scanner leaves out of scalars whose decoded text it gives itself. */
const SCALAR_HINTS = new Set(['chomping', 'indent']);
const FIELDS = ['type', 'start', 'valueStart', 'valueEnd', 'anchorStart', 'anchorEnd', 'tagStart', 'tagEnd', 'style', 'chomping', 'indent', 'explicitStart', 'explicitEnd'];

/** Undefined when both agree (or fast declined); else what differs. */
function compare(text: string): string | undefined {
  const fast = fastEvents(text);
  if (fast === null) return undefined;
  let ref: FastEvent[];
  try {
    ref = parseEvents(text, { maxDepth: 100 }) as unknown as FastEvent[];
  } catch (e) {
    return `fast accepted a text js-yaml rejects (${(e as Error).message.split('\n')[0]})`;
  }
  if (fast.length !== ref.length) return `${fast.length} events, js-yaml ${ref.length}`;
  for (let i = 0; i < ref.length; i++) {
    const a = fast[i] as unknown as Record<string, unknown>;
    const b = ref[i] as unknown as Record<string, unknown>;
    for (const f of FIELDS) if (a[f] !== b[f] && !(ABSENT_IS_NONE.has(f) && a[f] === undefined && b[f] === -1) && !(SCALAR_HINTS.has(f) && a.text !== undefined)) return `event ${i} ${f}: ${String(a[f])} vs js-yaml ${String(b[f])}`;
    if (b.type === 4 && b.valueStart !== -1) {
      const want = getScalarValue(text, b as never);
      const got = fast[i].text ?? getScalarValue(text, fast[i] as never);
      if (got !== want) return `event ${i} value ${JSON.stringify(got)} vs js-yaml ${JSON.stringify(want)}`;
    }
  }
  return undefined;
}

/** parseYaml through the fast scanner (composed as it scans) and through js-yaml: the same documents. */
function compareParsed(text: string): string | undefined {
  const a = parseYaml(text);
  const b = parseYaml(text, false);
  try {
    assert.deepEqual(a.errors, b.errors);
    assert.equal(a.recovered, b.recovered);
    assert.equal(a.docs.length, b.docs.length);
    for (let i = 0; i < a.docs.length; i++) {
      assert.deepEqual(a.docs[i].value, b.docs[i].value);
      assert.deepEqual([...a.docs[i].map.entries()], [...b.docs[i].map.entries()]);
      assert.equal(a.docs[i].start, b.docs[i].start);
      assert.equal(a.docs[i].end, b.docs[i].end);
      assert.deepEqual(a.docs[i].errors, b.docs[i].errors);
    }
  } catch (e) {
    return `parsed documents differ: ${(e as Error).message.slice(0, 600)}`;
  }
  return undefined;
}

function check(text: string, label: string): boolean {
  const diff = compare(text) ?? compareParsed(text);
  if (diff) assert.fail(`${label}: ${diff}\n--- text ---\n${text.slice(0, 1500)}`);
  return fastEvents(text) !== null;
}

test('fast scanner: the same events as js-yaml on every YAML file of the repository, and on mutations of them', () => {
  const files = yamlFiles(ROOT);
  assert.ok(files.length > 50, `found only ${files.length} YAML files`);
  let accepted = 0;
  const r = rng(7);
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    if (check(text, path.relative(ROOT, f))) accepted++;
    let t = text;
    for (let m = 0; m < 8; m++) {
      t = mutate(t, r);
      check(t, `${path.relative(ROOT, f)} after ${m + 1} mutations`);
    }
  }
  // most real files are inside the subset, else the fast path is not worth having
  assert.ok(accepted > files.length * 0.5, `fast path took only ${accepted} of ${files.length} files`);
});

test('fast scanner: the same events as js-yaml on generated documents and their mutations', () => {
  const r = rng(20261129);
  let accepted = 0;
  const N = 3000;
  for (let i = 0; i < N; i++) {
    const text = r() < 0.15 ? generate(r).replace(/\n/g, '\r\n') : generate(r);
    if (check(text, `generated #${i}`)) accepted++;
    let t = text;
    for (let m = 0; m < 3; m++) {
      t = mutate(t, r);
      check(t, `generated #${i} after ${m + 1} mutations`);
    }
  }
  assert.ok(accepted > N * 0.3, `fast path took only ${accepted} of ${N} generated documents`);
});

test('fast scanner: declines what it does not cover, and parseYaml gives the same documents either way', () => {
  for (const t of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', '%YAML 1.2\n---\na: 1\n', 'a: 1\n...\n', 'a: x\n  y\n', 'a: "x\n  y"\n', 'a: [1,\n  2]\n', '? a\n: b\n', 'a:\tb\n', 'a: 1\rb: 2\n', 'a: b: c\n', '- - x\n', 'hello\n', '---\n---\na: 1\n', 'a: |2\n   x\n']) {
    assert.equal(fastEvents(t), null, JSON.stringify(t));
  }
  const text = 'name: ci # c\non:\n  push:\n    branches: [main, "rel/*"]\njobs:\n  build:\n    steps:\n      - run: |\n          echo "hi"\n          make\n      - uses: actions/checkout@v4\n        with: {fetch-depth: 0}\n    env:\n      A: \'it\'\'s\'\n      B: "tab\\tx"\n      C:\n';
  assert.notEqual(fastEvents(text), null);
  const doc = parseYaml(text).docs[0];
  assert.deepEqual(doc.value, {
    name: 'ci',
    on: { push: { branches: ['main', 'rel/*'] } },
    jobs: { build: { steps: [{ run: 'echo "hi"\nmake\n' }, { uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } }], env: { A: "it's", B: 'tab\tx', C: null } } },
  });
  assert.deepEqual(doc.map.get('/jobs/build/steps/1/with/fetch-depth'), { key: [text.indexOf('fetch-depth'), text.indexOf('fetch-depth') + 11], value: [text.indexOf(': 0}') + 2, text.indexOf(': 0}') + 3] });
});
