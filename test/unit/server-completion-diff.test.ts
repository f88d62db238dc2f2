// Completion cases found by comparing this server with yaml-language-server 2.0 on the same
// schemas and documents: each was wrong (or missing) here, and each test pins the fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CompletionItem, CompletionList, TextEdit } from 'vscode-languageserver';
import { parseYaml } from '../../core/yaml';
import { caret, schemaFile, service, source, tmpDir, withModeline } from './server-helpers';

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string' },
    model: {
      type: 'object',
      required: ['arch'],
      properties: {
        arch: { enum: ['resnet', 'vit'] },
        head: { type: 'object', properties: { classes: { type: 'integer' } } },
      },
    },
    optimizer: { enum: ['adam', 'sgd'] },
    tags: { type: 'array', items: { enum: ['nlp', 'vision', 'rl'] } },
    grid: { type: 'array', items: { type: 'array', items: { enum: ['p', 'q'] } } },
    limit: { type: 'string', examples: ['1', 'true', 'plain'] },
    old: { type: 'string', deprecationMessage: 'Use name.' },
    hidden: { type: 'string', doNotSuggest: true },
    resources: {
      type: 'object',
      properties: { gpus: { type: 'integer' }, memory: { type: 'string' } },
      defaultSnippets: [{ label: 'one gpu', body: { gpus: 1, memory: '${1:16G}' } }],
    },
    data: {
      oneOf: [
        { type: 'object', properties: { type: { const: 'hf' }, dataset: { type: 'string' }, split: { type: 'string' } }, required: ['type', 'dataset'], additionalProperties: false },
        { type: 'object', properties: { type: { const: 'local' }, path: { type: 'string' }, format: { enum: ['csv', 'parquet'] } }, required: ['type', 'path'], additionalProperties: false },
      ],
    },
    callbacks: {
      type: 'array',
      items: {
        anyOf: [
          { type: 'object', properties: { kind: { enum: ['early_stop'] }, patience: { type: 'integer' } }, required: ['kind'] },
          { type: 'object', properties: { kind: { enum: ['checkpoint'] }, every: { type: 'integer' } }, required: ['kind'] },
        ],
      },
    },
    stages: {
      type: 'array',
      items: { type: 'object', required: ['run'], properties: { run: { type: 'string' }, shell: { enum: ['bash', 'sh'] } }, defaultSnippets: [{ label: 'stage', body: { run: '$1', shell: 'bash' } }] },
    },
    nested: {
      type: 'object',
      properties: {
        inner: { type: 'object', properties: { list: { type: 'array', items: { $ref: '#/properties/model' } } } },
        stages: { $ref: '#/properties/stages' },
        resources: { $ref: '#/properties/resources' },
      },
    },
    debug: { type: 'boolean' },
  },
  if: { properties: { debug: { const: true } }, required: ['debug'] },
  then: { properties: { verbosity: { type: 'integer' } } },
  else: { properties: { quiet: { type: 'boolean' } } },
};

async function at(...lines: string[]): Promise<{ list: CompletionList; text: string }> {
  const s = schemaFile(schema);
  const { text, position } = caret(withModeline(s, ...lines));
  const list = (await service().complete(source(path.join(tmpDir(), 'f.yaml'), text), position)) ?? { isIncomplete: false, items: [] };
  return { list, text };
}

const labels = (l: CompletionList) => l.items.map((i) => i.label).sort();
const item = (l: CompletionList, label: string): CompletionItem => {
  const it = l.items.find((i) => i.label === label);
  assert.ok(it, `no item ${label} in ${labels(l).join(', ')}`);
  return it;
};

/** The document after choosing `it`, with snippet placeholders replaced by their defaults (or nothing). */
function apply(text: string, it: CompletionItem): string {
  const e = it.textEdit as TextEdit;
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  let t = e.newText;
  if (it.insertTextFormat === 2) t = t.replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '').replace(/\\([$}\\])/g, '$1');
  return text.slice(0, offset(e.range.start)) + t + text.slice(offset(e.range.end));
}

function parses(text: string): unknown {
  const r = parseYaml(text);
  assert.deepEqual(r.errors.map((e) => e.message), [], text);
  return r.docs[0].value;
}

test('oneOf/anyOf branches told apart by a const/enum field: only the matching branch once it is set, every branch before', async () => {
  assert.deepEqual(labels((await at('name: a', 'data:', '  type: hf', '  |')).list), ['dataset', 'split']);
  assert.deepEqual(labels((await at('name: a', 'data:', '  |')).list), ['dataset', 'format', 'path', 'split', 'type']);
  // the discriminator's own value still offers every branch
  assert.deepEqual(labels((await at('name: a', 'data:', '  type: |hf')).list), ['hf', 'local']);
  assert.deepEqual(labels((await at('name: a', 'callbacks:', '  - kind: checkpoint', '    |')).list), ['every']);
  assert.deepEqual(labels((await at('name: a', 'callbacks:', '  - kind: |')).list), ['checkpoint', 'early_stop']);
});

test('`- ` items of a list of enums, and of a list of lists', async () => {
  assert.deepEqual(labels((await at('name: a', 'tags:', '  - |')).list), ['nlp', 'rl', 'vision']);
  const mid = await at('name: a', 'tags:', '  - vi|sion');
  assert.equal(apply(mid.text, item(mid.list, 'rl')).split('\n')[3], '  - rl');
  assert.deepEqual(labels((await at('name: a', 'grid:', '  - - |')).list), ['p', 'q']);
});

test('choosing an item in the middle of a word replaces the whole word; a key keeps its value', async () => {
  const key = await at('name: a', 'optim|izer: adam');
  const it = item(key.list, 'optimizer');
  assert.equal((it.textEdit as TextEdit).newText, 'optimizer');
  assert.equal(apply(key.text, it).split('\n')[2], 'optimizer: adam');
  const value = await at('name: a', 'optimizer: ad|am  # chosen');
  assert.equal(apply(value.text, item(value.list, 'sgd')).split('\n')[2], 'optimizer: sgd  # chosen');
  const flow = await at('name: a', 'tags: [n|lp, rl]');
  assert.equal(apply(flow.text, item(flow.list, 'vision')).split('\n')[2], 'tags: [vision, rl]');
  // right after the colon: the value gets its separating space
  const colon = await at('name: a', 'optimizer:|');
  assert.equal(apply(colon.text, item(colon.list, 'sgd')).split('\n')[2], 'optimizer: sgd');
});

test('no key completion in a line indentation before its content, or before a comment', async () => {
  assert.deepEqual(labels((await at('name: a', 'model:', '|  arch: vit')).list), []);
  assert.deepEqual(labels((await at('name: a', '|# a comment')).list), []);
});

test('multi-line snippets are indented for the column they land at, also inside list items, and sent as-is', async () => {
  const deep = await at('name: a', 'nested:', '  inner:', '    list:', '      - |');
  const m = item(deep.list, 'head');
  assert.equal(m.insertTextMode, 1);
  const doc = parses(apply(deep.text, m)) as { nested: { inner: { list: unknown[] } } };
  assert.deepEqual(doc.nested.inner.list, [{ head: null }]);
  const arch = apply(deep.text, item(deep.list, 'arch'));
  assert.deepEqual((parses(arch) as { nested: { inner: { list: unknown[] } } }).nested.inner.list, [{ arch: 'resnet' }]);
  // an object key fills in its required keys
  const top = await at('name: a', '|');
  assert.deepEqual((parses(apply(top.text, item(top.list, 'model'))) as { model: unknown }).model, { arch: 'resnet' });
  // a list item's default snippet: its first line after the dash, the others under it
  const stage = await at('name: a', 'nested:', '  stages:', '    - |');
  const st = (item(stage.list, 'stage').textEdit as TextEdit).newText;
  assert.equal(st, 'run: $1\n      shell: bash');
});

test('defaultSnippets at a value position; an empty mapping offers its own', async () => {
  const v = await at('name: a', 'resources: |');
  const it = item(v.list, 'one gpu');
  assert.deepEqual((parses(apply(v.text, it)) as { resources: unknown }).resources, { gpus: 1, memory: '16G' });
  const nested = await at('name: a', 'nested:', '  resources: |');
  assert.equal((item(nested.list, 'one gpu').textEdit as TextEdit).newText, '\n    gpus: 1\n    memory: ${1:16G}');
  const list = await at('name: a', 'stages:', '  - |');
  assert.deepEqual((parses(apply(list.text, item(list.list, 'stage'))) as { stages: unknown }).stages, [{ run: null, shell: 'bash' }]);
});

test('string values that would read back as another type are quoted; a quoted scalar keeps its quotes', async () => {
  const v = await at('name: a', 'limit: |');
  assert.equal((item(v.list, '1').textEdit as TextEdit).newText, '"1"');
  assert.equal((item(v.list, 'true').textEdit as TextEdit).newText, '"true"');
  assert.equal((item(v.list, 'plain').textEdit as TextEdit).newText, 'plain');
  const q = await at('name: a', 'optimizer: "a|"');
  assert.equal(apply(q.text, item(q.list, 'sgd')).split('\n')[2], 'optimizer: "sgd"');
});

test('deprecated keys come last, tagged deprecated; doNotSuggest keys are left out', async () => {
  const { list } = await at('name: a', '|');
  const old = item(list, 'old');
  assert.deepEqual(old.tags, [1]);
  const sorted = [...list.items].sort((a, b) => a.sortText!.localeCompare(b.sortText!));
  assert.equal(sorted[sorted.length - 1].label, 'old');
  assert.ok(!labels(list).includes('hidden'));
});

test('flow mappings: keys stay on one line', async () => {
  const { list, text } = await at('name: a', 'model: {|}');
  const head = item(list, 'head');
  assert.equal((head.textEdit as TextEdit).newText, 'head: {$1}');
  assert.deepEqual((parses(apply(text, head)) as { model: unknown }).model, { head: {} });
});

test('if/then/else in an empty document: the else branch (no key written yet)', async () => {
  const empty = labels((await at('|')).list);
  assert.ok(empty.includes('quiet') && !empty.includes('verbosity'), empty.join(', '));
});

test('the second document of a file: its own keys, from its --- line on', async () => {
  const s = schemaFile(schema);
  const { text, position } = caret(`# yaml-language-server: $schema=${s}\nname: a\n---\n# yaml-language-server: $schema=${s}\n|\nmodel:\n  arch: vit\n`);
  const l = labels((await service().complete(source(path.join(tmpDir(), 'f.yaml'), text), position))!);
  assert.ok(l.includes('name') && !l.includes('model'), l.join(', '));
});

test('a Trainyard spec: `kind:` offers every kind; an empty spec offers kind and the skeletons', async () => {
  const k = caret('version: 1\nkind: |job\nrun: x\n');
  const kinds = await service().complete(source(path.join(tmpDir(), 'a.trainyard.yaml'), k.text), k.position);
  assert.deepEqual(labels(kinds!), ['job', 'pipeline', 'service', 'sweep']);
  const e = caret('|');
  const empty = await service().complete(source(path.join(tmpDir(), 'b.trainyard.yaml'), e.text), e.position);
  const job = item(empty!, 'job');
  assert.equal(job.kind, 15);
  const spec = parses(apply(e.text, job)) as { kind: string };
  assert.equal(spec.kind, 'job');
});

test('JSON files get JSON: quoted keys and strings, brackets, a comma before the next member', async () => {
  const s = schemaFile(schema);
  const svc = service({ schemas: { [s]: '**/conf.json' } });
  const { text, position } = caret('{\n  "name": "a",\n  |\n  "debug": true\n}\n');
  const list = (await svc.complete(source(path.join(tmpDir(), 'conf.json'), text), position))!;
  const opt = item(list, 'optimizer');
  assert.equal((opt.textEdit as TextEdit).newText, '"optimizer": ${1|"adam","sgd"|},');
  assert.deepEqual(JSON.parse(apply(text, opt)), { name: 'a', optimizer: 'adam', debug: true });
  const v = caret('{\n  "name": "a",\n  "optimizer": |\n}\n');
  const values = (await svc.complete(source(path.join(tmpDir(), 'conf.json'), v.text), v.position))!;
  assert.deepEqual(JSON.parse(apply(v.text, item(values, 'sgd'))), { name: 'a', optimizer: 'sgd' });
});
