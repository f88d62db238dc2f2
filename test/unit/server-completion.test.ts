import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { caret, schemaFile, service, source, tmpDir, withModeline } from './server-helpers';

const schema = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', description: 'The name.' },
    mode: { enum: ['fast', 'slow'], enumDescriptions: ['Quick.', 'Careful.'] },
    debug: { type: 'boolean', title: 'Debug', default: false },
    env: { type: 'object' },
    steps: { type: 'array', items: { type: 'object', properties: { run: { type: 'string' }, uses: { type: 'string' } } } },
  },
};

async function complete(...lines: string[]) {
  const s = schemaFile(schema);
  const { text, position } = caret(withModeline(s, ...lines));
  return service().complete(source(path.join(tmpDir(), 'f.yaml'), text), position);
}

test('keys: required first, present keys left out, snippets for objects and lists', async () => {
  const r = await complete('mode: fast', '|');
  const labels = r!.items.sort((a, b) => a.sortText!.localeCompare(b.sortText!)).map((i) => i.label);
  assert.deepEqual(labels, ['name', 'debug', 'env', 'steps']);
  assert.equal(r!.items.find((i) => i.label === 'env')!.insertText, 'env:\n  $1');
  assert.equal(r!.items.find((i) => i.label === 'steps')!.insertText, 'steps:\n  - $1');
  assert.equal(r!.items.find((i) => i.label === 'debug')!.insertText, 'debug: ${1:false}');
});

test('values: enums with their descriptions, booleans', async () => {
  const r = await complete('mode: |');
  assert.deepEqual(r!.items.map((i) => i.label), ['fast', 'slow']);
  assert.deepEqual(r!.items[0].documentation, { kind: 'markdown', value: 'Quick.' });
  const b = await complete('debug: |');
  assert.deepEqual(b!.items.map((i) => i.label), ['true', 'false']);
});

test('keys inside list items', async () => {
  const r = await complete('name: a', 'steps:', '  - run: x', '    |');
  assert.deepEqual(r!.items.map((i) => i.label), ['uses']);
});

test('completion and hover on a Trainyard spec', async () => {
  const { text, position } = caret('version: 1\nkind: job\nrun: echo\nresources:\n  g|\n');
  const r = await service().complete(source(path.join(tmpDir(), 'a.trainyard.yaml'), text), position);
  assert.ok(r!.items.some((i) => i.label === 'gpus'));
  const h = caret('version: 1\nkind: j|ob\nrun: echo\n');
  const hover = await service().hoverAt(source(path.join(tmpDir(), 'b.trainyard.yaml'), h.text), h.position);
  assert.match(JSON.stringify(hover), /runs to completion/);
});

test('hover: title, description, type, default, source', async () => {
  const s = schemaFile(schema);
  const { text, position } = caret(withModeline(s, 'name: a', 'de|bug: true'));
  const h = await service().hoverAt(source(path.join(tmpDir(), 'f.yaml'), text), position);
  const md = (h!.contents as { value: string }).value;
  assert.match(md, /\*\*Debug\*\*/);
  assert.match(md, /type: `boolean`/);
  assert.match(md, /default: `false`/);
  assert.match(md, /Source: /);
});
