// One mistake, one problem: each file of test/fixtures/specs/mistakes and user-mistakes holds one slip a user makes,
// and expectations.json says the one problem it gets (code, range, severity, part of the message).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES } from './spec-helpers';
import { writeGpuBoxProbe } from '../helpers/spec-agreement';
import { loadSpecFile } from '../../core/spec';

// the last probe of `gpu-box` (TRAINYARD_HOME is a fresh folder, see spec-helpers)
writeGpuBoxProbe(process.env.TRAINYARD_HOME!);

/**
 * `mistakes/`: one slip each, collected as they were met; `user-mistakes/`: specs written the way
 * a user writes them from docs/spec.md alone, one slip each (`helper-*` files are referenced by
 * others and clean; `twice` lists the files that hold two slips).
 */
const suites = [
  { folder: 'mistakes', label: 'mistake', atLeast: 30, twice: undefined },
  { folder: 'user-mistakes', label: 'user mistake', atLeast: 40, twice: new Set(['description-multiple-typo.trainyard.yaml', 'indent-dedented-two.trainyard.yaml']) },
];

for (const { folder, label, atLeast, twice } of suites) {
  const dir = path.join(FIXTURES, folder);
  const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expectations.json'), 'utf8')) as Record<string, string[]>;

  test(`every ${label} fixture has its expectation, and every expectation its file`, () => {
    const files = fs.readdirSync(dir).filter((n) => /\.trainyard\.ya?ml$/.test(n)).sort();
    assert.deepEqual(Object.keys(expected).filter((k) => k !== '//').sort(), files);
    assert.ok(files.length >= atLeast, `${files.length} fixtures`);
  });

  for (const [file, want] of Object.entries(expected)) {
    if (file === '//') continue;
    test(`${label}: ${file}`, async () => {
      const r = await loadSpecFile(path.join(dir, file));
      const got = r.problems.map((p) => `${p.code}@${p.range.start.line}:${p.range.start.column}-${p.range.end.line}:${p.range.end.column} ${p.severity}`);
      assert.deepEqual(got, want.map((w) => w.replace(/: .*$/, '')), r.problems.map((p) => p.message).join('\n'));
      want.forEach((w, i) => {
        const says = /^[^ ]+ [a-z]+: (.*)$/.exec(w)?.[1];
        if (says) assert.ok(r.problems[i].message.includes(says), `${r.problems[i].message}\n  should say: ${says}`);
      });
      // a suggestion is always said in the message (the editor's quick fix applies it)
      for (const p of r.problems) if (p.suggestion !== undefined) assert.ok(p.message.includes(`\`${p.suggestion}\``), p.message);
      // one slip, one problem (two misspelt keys, and two keys put one level too shallow, are two)
      if (twice && !file.startsWith('helper-')) assert.equal(r.problems.length, twice.has(file) ? 2 : 1, file);
    });
  }
}
