// core/yaml/incremental.ts's hasUnsafeConstruct and the modeline finder against the regular expressions they replace, on
// targeted cases, random texts over the characters that matter, and the repository's YAML files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hasUnsafeConstruct } from '../../core/yaml/incremental';
import { findModelines } from '../../server/schema/association';

const ORACLE = /^(?:---|\.\.\.|%)|(?:^|[\s[{,])[&*!][^\s,\]}]|<<\s*:|^\s*\?(?:\s|$)/m;

test('targeted cases', () => {
  const cases: Array<[string, boolean]> = [
    ['a: 1\n', false],
    ['---\na: 1\n', true],
    ['a: 1\n---\n', true],
    ['a: ---\n', false],
    ['a: 1\n...\n', true],
    ['%YAML 1.2\n', true],
    ['a: 50%\n', false],
    ['a: &x 1\n', true],
    ['a: *x\n', true],
    ['a: !!str 1\n', true],
    ['run: make && test\n', true],
    ['run: a & b\n', false],
    ['branches: ["release/*"]\n', false],
    ['if: ${{ !cancelled() }}\n', true],
    ['a: [*x]\n', true],
    ['a: {k: *x}\n', true],
    ['a: [1,*x]\n', true],
    ['a: *\n', false],
    ['a: *', false],
    ['*', false],
    ['*a', true],
    ['a: [*]\n', false],
    ['<<: *base\n', true],
    ['a: << :\n', true],
    ['a: "<<"\n', false],
    ['? complex\n: value\n', true],
    ['  ?\n', true],
    ['?', true],
    ['a: what?\n', false],
    ['a: b ? c\n', false],
    ['a: 1\n \t ? x', true],
    ['a\r? b', true],
    ['a\u2028? b', true],
    ['a\u2028---', true],
    ['a\u00a0&b', true],
    ['x?y', false],
  ];
  for (const [text, want] of cases) {
    assert.equal(ORACLE.test(text), want, `oracle disagrees with the case itself: ${JSON.stringify(text)}`);
    assert.equal(hasUnsafeConstruct(text), want, JSON.stringify(text));
  }
});

test('random texts over the characters that matter agree with the expression', () => {
  const alphabet = ['a', 'b', ' ', ' ', '\t', '\n', '\r', '\u2028', '\u00a0', '-', '.', '%', '&', '*', '!', '<', ':', '?', '[', '{', ',', ']', '}', '#', '"'];
  let seed = 12345;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < 20_000; i++) {
    let s = '';
    const len = 1 + rnd(24);
    for (let j = 0; j < len; j++) s += alphabet[rnd(alphabet.length)];
    assert.equal(hasUnsafeConstruct(s), ORACLE.test(s), JSON.stringify(s));
  }
});

test("the repository's YAML files agree with the expression", () => {
  const root = path.join(__dirname, '..', '..');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) files.push(p);
    }
  };
  for (const d of ['examples', 'test/fixtures']) walk(path.join(root, d));
  assert.ok(files.length > 20, `only ${files.length} YAML files found`);
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    assert.equal(hasUnsafeConstruct(text), ORACLE.test(text), f);
  }
});

test('findModelines finds what the multiline expression it replaced finds', () => {
  // (the target: the rest of the line up to a ` #` comment, trimmed, without quotes; none when empty)
  const target = (rest: string) => rest.replace(/\s#.*$/, '').trim().replace(/^(["'])(.*)\1$/, '$2').trim();
  const oracle = (text: string) =>
    [...text.matchAll(/^\ufeff?[ \t]*#[ \t]*yaml-language-server[ \t]*:[ \t]*\$schema=(.*)$/gm)].map((m) => ({ offset: m.index!, target: target(m[1]) })).filter((m) => m.target);
  const parts = ['# yaml-language-server: $schema=a.json', '#yaml-language-server:$schema=none', '# yaml-language-server: $schema="./my schemas/e.json" # why', '\ufeff# yaml-language-server: $schema=b', 'x: 1 # yaml-language-server: $schema=c', '  # yaml-language-server : $schema=./d.json', 'yaml-language-server', '# yaml-language-server: $schema=', 'k: v', '---', ''];
  const seps = ['\n', '\r\n', '\r', '\u2028', ' '];
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < 5000; i++) {
    let text = '';
    for (let j = 0, n = 1 + rnd(6); j < n; j++) text += parts[rnd(parts.length)] + seps[rnd(seps.length)];
    assert.deepEqual(findModelines(text), oracle(text), JSON.stringify(text));
  }
});
