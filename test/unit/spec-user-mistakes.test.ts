// Specs written the way a user writes them from docs/spec.md alone, with one slip each
// (test/fixtures/specs/user-mistakes; `helper-*` files are referenced by others and clean):
// expectations.json says the problems each gets, as `code@line:col-line:col severity`, then
// `: ` and a part of the message. The same scheme as spec-mistakes.test.ts; TRAINYARD_HOME holds
// a probe of `gpu-box` with 2× NVIDIA A100-SXM4-80GB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES } from './spec-helpers';
import { writeGpuBoxProbe } from '../helpers/spec-agreement';
import { loadSpecFile } from '../../core/spec';

const dir = path.join(FIXTURES, 'user-mistakes');
const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expectations.json'), 'utf8')) as Record<string, string[]>;

writeGpuBoxProbe(process.env.TRAINYARD_HOME!);

test('every user-mistake fixture has its expectation, and every expectation its file', () => {
  const files = fs.readdirSync(dir).filter((n) => /\.trainyard\.ya?ml$/.test(n)).sort();
  assert.deepEqual(Object.keys(expected).filter((k) => k !== '//').sort(), files);
  assert.ok(files.length >= 40, `${files.length} fixtures`);
});

const TWO = new Set(['description-multiple-typo.trainyard.yaml', 'indent-dedented-two.trainyard.yaml']);

for (const [file, want] of Object.entries(expected)) {
  if (file === '//') continue;
  test(`user mistake: ${file}`, async () => {
    const r = await loadSpecFile(path.join(dir, file));
    const got = r.problems.map((p) => `${p.code}@${p.range.start.line}:${p.range.start.column}-${p.range.end.line}:${p.range.end.column} ${p.severity}`);
    assert.deepEqual(got, want.map((w) => w.replace(/: .*$/, '')), r.problems.map((p) => p.message).join('\n'));
    want.forEach((w, i) => {
      const says = /^[^ ]+ [a-z]+: (.*)$/.exec(w)?.[1];
      if (says) assert.ok(r.problems[i].message.includes(says), `${r.problems[i].message}\n  should say: ${says}`);
    });
    for (const p of r.problems) if (p.suggestion !== undefined) assert.ok(p.message.includes(`\`${p.suggestion}\``), p.message);
    // one slip, one problem (two misspelt keys, and two keys put one level too shallow, are two)
    if (!file.startsWith('helper-')) assert.equal(r.problems.length, TWO.has(file) ? 2 : 1, file);
  });
}
