// core/spec's parse takes core/yaml's fast scanner for well-formed block YAML and the `yaml`
// package for everything else. Wherever the fast path answers, the result — value, every source
// map range (the `yaml` package's conventions), problems — must be exactly the `yaml` package's:
// checked on every YAML file of the repository (as written, with CR LF, with a block scalar
// appended), on generated config-like documents and on mutations of both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseYaml, parseYamlWithPackage } from '../../core/spec/yaml';
import { generate, mutate, rng, yamlFiles } from './yaml-gen';

const ROOT = path.join(__dirname, '..', '..');


const CRAFTED = [
  'a:\nb: 1\n', 'a:   # c\nb: 1\n', 'a:', 'x:\n  a:\n  b:\n', '- \n- a\n', '-\n', 'k:\n  - a\n  -\n  - c\n',
  'a:\n  b: 1\n  # trailing\n\nc: 2\n', 'a:\n  b: 1  # c\nc: 2\n', 'a:\n  b: |\n    t\n\n  c: 1\n', 'a:\n  b: |\n    t\n\nc: 1\n',
  'a: 1\n# end\n', 'a:\n  b: 1', 'a: {x: 1}\nb: [1]\n', 'a: |\n  t', 'a: |+\n  t\n\n', 'a:\n  "q":\n  r: 1\n', 'k:\n- a\n-\n- b\nm:\n',
  'a: |\nb: 1\n', 'a: >\n\n\nb: 1\n', 'a:\n  - b: |\n      x\n    c:\n', 'a: []\nb: {}\n', 'run: python x.py  # go\nenv:\n  A: "1"\n',
];

/** Undefined when both parses agree; else what differs. */
function differs(t: string): string | undefined {
  const a = parseYaml(t, 'spec.trainyard.yaml');
  const b = parseYamlWithPackage(t, 'spec.trainyard.yaml');
  try {
    assert.deepEqual(a.value, b.value);
    assert.deepEqual([...a.map.entries()], [...b.map.entries()]);
    assert.deepEqual(a.problems, b.problems);
    assert.equal(a.usable, b.usable);
    assert.equal(a.syntaxErrors, b.syntaxErrors);
    assert.deepEqual([...a.errorLines], [...b.errorLines]);
  } catch (e) {
    return (e as Error).message.slice(0, 1500);
  }
  return undefined;
}

test('spec parse: the fast path gives exactly what the yaml package gives', () => {
  const texts: string[] = [...CRAFTED];
  for (const f of yamlFiles(ROOT, 300_000)) {
    const text = fs.readFileSync(f, 'utf8');
    texts.push(text, text.replace(/\n/g, '\r\n'), `${text}\nextra_key: |\n  line one\n\n  line two\n\nlast: 1\n`);
  }
  const r = rng(4242);
  for (let i = 0; i < 1500; i++) {
    const g = generate(r);
    texts.push(g, mutate(g, r), mutate(mutate(g, r), r));
  }
  for (const t of texts) {
    const d = differs(t);
    if (d) assert.fail(`${d}\n--- text ---\n${t.slice(0, 1200)}`);
  }
});
