// Hover cases found by comparing this server with yaml-language-server 2.0 on the same schemas
// and documents: each was wrong (or missing) here, and each test pins the fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { caret, schemaFile, service, source, tmpDir, withModeline } from './server-helpers';

const schema = {
  type: 'object',
  properties: {
    optimizer: { type: 'string', title: 'Optimizer', enum: ['adam', 'sgd'], markdownEnumDescriptions: ['**Adam**', 'Plain SGD'] },
    tags: { type: 'array', items: { enum: ['nlp', 'vision'] } },
    model: { type: 'object', description: 'The model.', properties: { arch: { type: 'string', description: 'Architecture.' } } },
    run: { type: 'string', description: 'The command.' },
    data: {
      oneOf: [
        { type: 'object', properties: { type: { const: 'hf' }, split: { type: 'string', description: 'HF split.' } } },
        { type: 'object', properties: { type: { const: 'local' }, split: { type: 'string', description: 'Local split.' } } },
      ],
    },
  },
};

async function hover(...lines: string[]): Promise<string | undefined> {
  const s = schemaFile(schema);
  const { text, position } = caret(withModeline(s, ...lines));
  const h = await service().hoverAt(source(path.join(tmpDir(), 'f.yaml'), text), position);
  return h ? (h.contents as { value: string }).value : undefined;
}

test('hover right after `key:` with no value yet, or on a block scalar header: the key', async () => {
  assert.match((await hover('optimizer: |')) ?? '', /\*\*Optimizer\*\*/);
  assert.match((await hover('optimizer:|')) ?? '', /\*\*Optimizer\*\*/);
  assert.match((await hover('run: |', '  echo hi')) ?? '', /The command\./);
});

test('no hover in indentation or on blank lines (not the enclosing mapping); an empty `- ` item: what the items are', async () => {
  assert.equal(await hover('model:', '|  arch: x'), undefined);
  assert.equal(await hover('model:', '  arch: x', '|', 'run: y'), undefined);
  const item = (await hover('tags:', '  - |', '  - nlp')) ?? '';
  assert.match(item, /one of `nlp`, `vision`/);
  assert.doesNotMatch(item, /type: `array`/);
});

test('hover on a list item value without a description of its own: the values it may take', async () => {
  assert.match((await hover('tags:', '  - nl|p')) ?? '', /one of `nlp`, `vision`/);
  // with descriptions: the value's own
  assert.match((await hover('optimizer: sg|d')) ?? '', /`sgd`: Plain SGD/);
});

test('hover follows the oneOf branch the object is in', async () => {
  const md = (await hover('data:', '  type: local', '  spl|it: x')) ?? '';
  assert.match(md, /Local split\./);
  assert.doesNotMatch(md, /HF split\./);
});

test("a user schema's source is a link to its file", async () => {
  assert.match((await hover('ru|n: x')) ?? '', /\*Source: \[schema\.json\]\(file:\/\/\/[^)]*schema\.json\)\*/);
});
