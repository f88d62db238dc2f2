import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { caret, schemaFile, service, source, tmpDir, withModeline } from './server-helpers';

test('code lenses: Run, Run on…, Render on the kind line; Run stage per pipeline stage', async () => {
  const file = path.join(tmpDir(), 'p.trainyard.yaml');
  const uri = pathToFileURL(file).href;
  const lenses = await service().codeLenses(source(file, 'version: 1\nkind: pipeline\nstages:\n  prep:\n    job: {run: echo}\n  train:\n    job: {run: echo}\n'));
  assert.deepEqual(
    lenses.map((l) => [l.range.start.line, l.range.start.character, l.command!.title, l.command!.command, l.command!.arguments]),
    [
      [1, 0, '▶ Run', 'trainyard.runJob', [uri]],
      [1, 0, 'Run on…', 'trainyard.runJobOn', [uri]],
      [1, 0, 'Render', 'trainyard.renderJob', [uri]],
      [3, 2, '▶ Run stage', 'trainyard.runJob', [uri, 'prep']],
      [5, 2, '▶ Run stage', 'trainyard.runJob', [uri, 'train']],
    ],
  );
  const sweep = await service().codeLenses(source(path.join(tmpDir(), 's.trainyard.yaml'), 'version: 1\nkind: sweep\njob: {run: echo}\nmatrix: {a: [1]}\n'));
  assert.deepEqual(sweep.map((l) => l.command!.title), ['▶ Run', 'Run on…', 'Render']);
  const job = await service().codeLenses(source(path.join(tmpDir(), 'j.trainyard.yaml'), '# a job\nversion: 1\nkind: job\nrun: echo\n'));
  assert.deepEqual(job.map((l) => [l.range.start.line, l.command!.title]), [[2, '▶ Run'], [2, 'Run on…'], [2, 'Render']]);
  // not on other YAML, nor on a spec with an unknown kind
  assert.deepEqual(await service().codeLenses(source(path.join(tmpDir(), 'x.yaml'), 'kind: job\n')), []);
  assert.deepEqual(await service().codeLenses(source(path.join(tmpDir(), 'y.trainyard.yaml'), 'version: 1\nkind: jb\n')), []);
});

test('hover names the catalog entry and where its facts come from', async () => {
  const { text, position } = caret('resources:\n  accelerators: A100:8\nru|n: python train.py\n');
  const h = await service().hoverAt(source(path.join(tmpDir(), 'task.sky.yaml'), text), position);
  assert.match((h!.contents as { value: string }).value, /\*Source: `skypilot` — SkyPilot task YAML reference .*SkyPilot 0\.9/);
  const spec = caret('version: 1\nki|nd: job\nrun: echo\n');
  const hs = await service().hoverAt(source(path.join(tmpDir(), 'a.trainyard.yaml'), spec.text), spec.position);
  assert.match((hs!.contents as { value: string }).value, /\*Source: `trainyard \(job\)` — Trainyard specs/);
});

test('hover lists enum values with their descriptions, also from const branches', async () => {
  const schema = {
    type: 'object',
    properties: {
      mode: { enum: ['fast', 'slow'], enumDescriptions: ['Quick.', 'Careful.'] },
      level: { description: 'How loud.', oneOf: [{ const: 'low', description: 'Whispers.' }, { const: 'high', description: 'Shouts.' }] },
    },
  };
  const s = schemaFile(schema);
  const onKey = caret(withModeline(s, 'mo|de: fast'));
  const k = await service().hoverAt(source(path.join(tmpDir(), 'f.yaml'), onKey.text), onKey.position);
  assert.match((k!.contents as { value: string }).value, /- `fast`: Quick\.\n- `slow`: Careful\./);
  const onValue = caret(withModeline(s, 'level: hi|gh'));
  const v = await service().hoverAt(source(path.join(tmpDir(), 'g.yaml'), onValue.text), onValue.position);
  assert.match((v!.contents as { value: string }).value, /`high`: Shouts\./);
});

test('code lenses: none when languageServer.codeLens is off (as the extension sets it in Restricted Mode)', async () => {
  const file = path.join(tmpDir(), 'j.trainyard.yaml');
  const text = 'version: 1\nkind: job\nrun: echo\n';
  assert.equal((await service({ languageServer: { codeLens: true } }).codeLenses(source(file, text))).length, 3);
  assert.deepEqual(await service({ languageServer: { codeLens: false } }).codeLenses(source(file, text)), []);
});
