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

test('if/then/else: completion and hover offer the branch that applies to the value, both when it cannot be told', async () => {
  const cond = {
    type: 'object',
    properties: { items: { type: 'array', items: { $ref: '#/$defs/item' } } },
    $defs: {
      item: {
        type: 'object',
        properties: { kind: { enum: ['Service', 'Pod'] }, spec: { type: 'object' } },
        allOf: [
          { if: { properties: { kind: { const: 'Service' } }, required: ['kind'] }, then: { properties: { spec: { properties: { ports: { type: 'array', description: 'Service ports.' }, selector: { type: 'object' } } } } } },
          { if: { properties: { kind: { const: 'Pod' } }, required: ['kind'] }, then: { properties: { spec: { properties: { containers: { type: 'array', description: 'Pod containers.' } } } } } },
          { if: { properties: { kind: { pattern: '^S' } } }, then: { properties: { note: { type: 'string' } } }, else: { properties: { other: { type: 'string' } } } },
          { if: { properties: { kind: { minLength: 2 } } }, then: { properties: { undecided: { type: 'string' } } } },
        ],
      },
    },
  };
  const s = schemaFile(cond);
  const at = async (...lines: string[]) => {
    const { text, position } = caret(withModeline(s, ...lines));
    return service().complete(source(path.join(tmpDir(), 'f.yaml'), text), position);
  };
  const svc = (await at('items:', '  - kind: Service', '    spec:', '      |'))!.items.map((i) => i.label).sort();
  assert.deepEqual(svc, ['ports', 'selector']);
  const pod = (await at('items:', '  - kind: Service', '  - kind: Pod', '    spec:', '      |'))!.items.map((i) => i.label).sort();
  assert.deepEqual(pod, ['containers'], 'the second item is a Pod');
  // no kind yet: no `then` of a `required` if; the pattern if holds vacuously (no kind to test)
  const none = (await at('items:', '  - spec: {}', '    |'))!.items.map((i) => i.label).sort();
  assert.deepEqual(none, ['kind', 'note', 'undecided']);
  // an `if` it cannot decide (minLength) keeps its branch; `else` of the decided pattern if
  const pod2 = (await at('items:', '  - kind: Pod', '    |'))!.items.map((i) => i.label).sort();
  assert.deepEqual(pod2, ['other', 'spec', 'undecided']);
  // hover follows the value too
  const h = caret(withModeline(s, 'items:', '  - kind: Service', '    spec:', '      po|rts: []'));
  const hover = await service().hoverAt(source(path.join(tmpDir(), 'g.yaml'), h.text), h.position);
  assert.match(JSON.stringify(hover), /Service ports/);
});

test("inside flow collections on one line: keys of the mapping, a key's value, list items", async () => {
  const flow = {
    type: 'object',
    properties: {
      resources: { type: 'object', properties: { gpus: { type: 'integer' }, cpus: { type: 'integer' }, memory: { type: 'string' } } },
      env: { type: 'object', additionalProperties: { anyOf: [{ type: 'string' }, { type: 'object', properties: { secret: { type: 'string' } }, additionalProperties: false }] } },
      lr: { type: 'object', properties: { min: { type: 'number' }, max: { type: 'number' }, scale: { enum: ['linear', 'log'] } } },
      modes: { type: 'array', items: { enum: ['fast', 'slow'] } },
      steps: { type: 'array', items: { type: 'object', properties: { run: { type: 'string' }, uses: { type: 'string' }, shell: { enum: ['bash', 'sh'] } } } },
    },
  };
  const s = schemaFile(flow);
  const labels = async (...lines: string[]) => {
    const { text, position } = caret(withModeline(s, ...lines));
    const r = await service().complete(source(path.join(tmpDir(), 'f.yaml'), text), position);
    return (r?.items ?? []).map((i) => i.label).sort();
  };
  assert.deepEqual(await labels('resources: {gpus: 1, |}'), ['cpus', 'memory']);
  assert.deepEqual(await labels('resources: {|}'), ['cpus', 'gpus', 'memory']);
  assert.deepEqual(await labels('env:', '  A: {|}'), ['secret']);
  assert.deepEqual(await labels('lr: {min: 1, max: 2, scale: |}'), ['linear', 'log']);
  assert.deepEqual(await labels('lr: {min: 1, max: 2, scale: l|}'), ['linear', 'log']);
  assert.deepEqual(await labels('modes: [fast, |]'), ['fast', 'slow']);
  assert.deepEqual(await labels('steps:', '  - {run: make, |}'), ['shell', 'uses']);
  assert.deepEqual(await labels('steps:', '  - {run: make, shell: |}'), ['bash', 'sh']);
  // the replaced range is the word being typed, inside the braces
  const { text, position } = caret(withModeline(s, 'lr: {scale: lo|}'));
  const r = await service().complete(source(path.join(tmpDir(), 'g.yaml'), text), position);
  const edit = r!.items.find((i) => i.label === 'log')!.textEdit as { range: { start: { character: number }; end: { character: number } }; newText: string };
  assert.deepEqual([edit.range.start.character, edit.range.end.character, edit.newText], [12, 14, 'log']);
});

test('hover on a merge key or its alias explains the merge, not a copied key', async () => {
  const s = schemaFile({ type: 'object', properties: { job: { type: 'object', properties: { run: { type: 'string', description: 'Command to run.' }, name: { type: 'string', description: 'The name.' } } } } });
  const at = async (...lines: string[]) => {
    const { text, position } = caret(withModeline(s, ...lines));
    return JSON.stringify(await service().hoverAt(source(path.join(tmpDir(), 'f.yaml'), text), position));
  };
  const base = ['base: &d', '  run: echo hi'];
  assert.match(await at(...base, 'job:', '  <|<: *d', '  name: x'), /Merge key.*anchored as `&d`/);
  assert.match(await at(...base, 'job:', '  <<: *|d', '  name: x'), /Merge key/);
  assert.match(await at(...base, 'job:', '  <<: *d', '  na|me: x'), /The name\./);
});
