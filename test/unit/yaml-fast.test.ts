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
import { seededRandom as rng } from '../../core/orchestrate/plan';

const ROOT = path.join(__dirname, '..', '..');

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.') || e.name === 'dist') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(e.name) && fs.statSync(p).size < 2_000_000) out.push(p);
  }
  return out;
}

const WORDS = ['name', 'image', 'run', 'python train.py --lr 0.1', 'true', 'null', '~', '42', '-3', '1.5e3', '0x1F', '.inf', 'a b c', 'x:y', 'http://h/p?q=1', 'a#b', "it's", 'say "hi"', 'tab\\there', 'é ü 中文', '😀', '--flag', '-x', '', ' lead', 'trail ', 'on', 'yes', '2024-01-01', '@at', '`tick`', '%pct', 'a: b', 'k #c', '[x]', '{y}', 'a,b'];

function scalar(r: () => number, key: boolean): string {
  const w = WORDS[Math.floor(r() * WORDS.length)];
  const style = r();
  if (key) {
    if (style < 0.15) return JSON.stringify(w);
    if (style < 0.2) return `'${w.replace(/'/g, "''")}'`;
    return /^[A-Za-z0-9_]+$/.test(w) ? w : `k${Math.floor(r() * 100)}`;
  }
  if (style < 0.2) return JSON.stringify(w);
  if (style < 0.3) return `'${w.replace(/'/g, "''")}'`;
  return w;
}

/** A config-like YAML text in a random mix of styles. */
function generate(r: () => number): string {
  const lines: string[] = [];
  const step = [2, 2, 2, 4, 3][Math.floor(r() * 5)];
  const emit = (indent: number, depth: number, first: string | null): void => {
    const n = 1 + Math.floor(r() * 4);
    const seq = r() < 0.35;
    for (let i = 0; i < n; i++) {
      const pad = i === 0 && first !== null ? first : ' '.repeat(indent);
      const head = seq ? `${pad}- ` : `${pad}${scalar(r, true)}:`;
      const x = r();
      if (r() < 0.1) lines.push(`${' '.repeat(indent)}# comment ${i}`);
      if (r() < 0.05) lines.push('');
      if (depth < 4 && x < 0.3) {
        if (seq && r() < 0.5) {
          // compact mapping in a sequence entry
          emit(indent + 2, depth + 1, `${pad}- `);
        } else {
          lines.push(seq ? `${pad}-` : head);
          const nested = seq || r() < 0.8 ? indent + step : indent;
          emit(nested, depth + 1, null);
        }
      } else if (x < 0.4) {
        const ind = r() < 0.1 ? '' : ' '.repeat(indent + step);
        lines.push(`${seq ? head : `${head} `}${['|', '>', '|-', '>+', '|+', '>-'][Math.floor(r() * 6)]}${r() < 0.1 ? ' # c' : ''}`);
        const m = Math.floor(r() * 4);
        for (let j = 0; j < m; j++) lines.push(r() < 0.2 ? (r() < 0.5 ? '' : `${ind}  `) : `${ind}${r() < 0.2 ? '  ' : ''}line ${j} # not a comment`);
      } else if (x < 0.5) {
        const items = Array.from({ length: Math.floor(r() * 4) }, () => scalar(r, false) || 'v');
        const body = r() < 0.5 ? `[${items.join(', ')}]` : `{${items.map((v, j) => `k${j}: ${v}`).join(', ')}}`;
        lines.push(`${seq ? head : `${head} `}${body}${r() < 0.2 ? ' # c' : ''}`);
      } else if (x < 0.55) {
        lines.push(seq ? `${pad}-` : head);
      } else {
        const v = scalar(r, false);
        lines.push(`${seq ? head : `${head} `}${v}${r() < 0.15 ? '   # trailing' : ''}`.replace(/\s+$/, r() < 0.9 ? '' : '  '));
      }
    }
  };
  const docs = r() < 0.15 ? 2 : 1;
  for (let d = 0; d < docs; d++) {
    if (d > 0 || r() < 0.2) lines.push(r() < 0.8 ? '---' : '--- # doc');
    emit(r() < 0.1 ? 2 : 0, 0, null);
  }
  return lines.join('\n') + (r() < 0.9 ? '\n' : '');
}

const INSERTS = [':', ': ', '-', '- ', ' ', '  ', '#', ' #', '"', "'", '|', '>', '[', ']', '{', '}', ',', '\n', '&a ', '*a', '!t ', 'x', '1', '\\', '?', '---\n', '\t', '\r', '...\n', '<<: ', '%', '\u00a0', '\ud800'];

function mutate(text: string, r: () => number): string {
  const at = Math.floor(r() * (text.length + 1));
  const k = r();
  if (k < 0.35) return text.slice(0, at) + INSERTS[Math.floor(r() * INSERTS.length)] + text.slice(at);
  if (k < 0.6) return text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 3));
  const lines = text.split('\n');
  const i = Math.floor(r() * lines.length);
  if (k < 0.75) lines[i] = `  ${lines[i]}`;
  else if (k < 0.85) lines[i] = lines[i].replace(/^ {1,2}/, '');
  else if (k < 0.93) lines.splice(i, 0, lines[i]);
  else lines.splice(i, 1);
  return lines.join('\n');
}

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
