// core/spec's precompiled validators (dist/validators/spec.js, written by the build) give the
// same problems — codes, messages, ranges, suggestions — as validators compiled by Ajv at run time,
// on every spec fixture and on broken variants of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSpecText } from '../../core/spec';
import { setSpecValidatorSource, usingPrecompiledSpecValidators } from '../../core/spec/schemas';

const ROOT = path.join(__dirname, '..', '..');
const built = fs.existsSync(path.join(ROOT, 'dist', 'validators', 'spec.js'));

function specFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) specFiles(p, out);
    else if (/\.trainyard\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Broken variants: wrong types, unknown and misspelt keys, bad enums. */
function variants(text: string): string[] {
  return [
    text,
    text.replace(/^(\s*)run:.*$/m, '$1run: 42'),
    text.replace(/^(\s*)name:(.*)$/m, '$1nmae:$2'),
    text.replace(/^(\s*)kind:.*$/m, '$1kind: jobb'),
    `${text}\nbogus: 1\n`,
    text.replace(/^(\s*)gpus:.*$/m, '$1gpus: many'),
    text.replace(/^(\s*)needs:.*$/m, '$1needs: [no such stage]'),
    text.replace(/^(\s*)timeout:.*$/m, '$1timeout: forever'),
  ];
}

test('precompiled spec validators: the same problems as compiled ones', { skip: built ? false : 'dist/validators/spec.js not built' }, () => {
  const files = [...specFiles(path.join(ROOT, 'test', 'fixtures', 'specs')), ...specFiles(path.join(ROOT, 'examples'))];
  assert.ok(files.length > 10);
  const texts = files.flatMap((f) => variants(fs.readFileSync(f, 'utf8')).map((t) => ({ f, t })));
  const run = () => texts.map(({ f, t }) => JSON.stringify(loadSpecText(t, f).problems));
  try {
    setSpecValidatorSource('auto');
    const pre = run();
    assert.equal(usingPrecompiledSpecValidators(), true, 'the build\'s validators were not loaded (stale key?)');
    setSpecValidatorSource('compile');
    const compiled = run();
    assert.equal(usingPrecompiledSpecValidators(), false);
    assert.ok(pre.filter((p) => p !== '[]').length > texts.length / 2, 'most variants must have problems to compare');
    for (let i = 0; i < texts.length; i++) assert.equal(pre[i], compiled[i], `${path.relative(ROOT, texts[i].f)} variant ${i % 8}`);
  } finally {
    setSpecValidatorSource('auto');
  }
});
