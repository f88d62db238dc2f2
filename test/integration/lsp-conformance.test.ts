// SchemaStore's github-workflow test documents (../shared/conformance): valid → no error,
// invalid → at least one. Runs the language service in-process (the protocol is tested elsewhere).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LanguageService } from '../../server/languageService';
import { pathToFileURL } from 'node:url';

const dir = [path.join(__dirname, '..', '..', '..', 'shared', 'conformance', 'github-workflow'), '/work/shared/conformance/github-workflow'].find((d) => fs.existsSync(d));

test('github-workflow conformance', { skip: dir ? false : 'no ../shared/conformance' }, async (t) => {
  const svc = new LanguageService();
  const schema = path.join(dir!, 'schema.json');
  const run = async (sub: string) => {
    const out: Array<{ file: string; errors: string[] }> = [];
    for (const f of fs.readdirSync(path.join(dir!, sub)).filter((n) => /\.ya?ml$/.test(n))) {
      const text = `# yaml-language-server: $schema=${schema}\n` + fs.readFileSync(path.join(dir!, sub, f), 'utf8');
      const d = await svc.diagnose({ uri: pathToFileURL(path.join(dir!, sub, f)).href, version: 1, getText: () => text });
      out.push({ file: f, errors: d.filter((x) => (x.severity ?? 1) === 1).map((x) => `${x.range.start.line}: ${x.message}`) });
    }
    return out;
  };
  const valid = await run('valid');
  const invalid = await run('invalid');
  const falseErrors = valid.filter((r) => r.errors.length > 0);
  const missed = invalid.filter((r) => r.errors.length === 0);
  t.diagnostic(`valid: ${valid.length - falseErrors.length}/${valid.length} clean; invalid: ${invalid.length - missed.length}/${invalid.length} flagged`);
  for (const r of falseErrors) t.diagnostic(`false error in ${r.file}: ${r.errors.join('; ')}`);
  for (const r of missed) t.diagnostic(`missed: ${r.file}`);
  assert.deepEqual(falseErrors.map((r) => r.file), []);
  assert.deepEqual(missed.map((r) => r.file), []);
});
