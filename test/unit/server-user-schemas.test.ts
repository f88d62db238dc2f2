// Users' own JSON Schemas (every draft) against small documents: the cases a comparison with
// yaml-language-server turned up (false errors, echoes, ranges, messages, schemas that failed to
// compile, hover and completion through `$ref`s into other files).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Hover } from 'vscode-languageserver';
import { caret, schemaFile, service, source, tmpDir, withModeline } from './server-helpers';

const D7 = 'http://json-schema.org/draft-07/schema#';
const D19 = 'https://json-schema.org/draft/2019-09/schema';
const D20 = 'https://json-schema.org/draft/2020-12/schema';

async function diags(schema: unknown, ...lines: string[]) {
  const text = withModeline(schemaFile(schema), ...lines);
  const list = await service().diagnose(source(path.join(tmpDir(), 'config.yaml'), text));
  return list.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`);
}

test('multipleOf with a decimal step: no false error from floating point (19.99 of 0.01, 0.3 of 0.1)', async () => {
  const schema = { $schema: D7, type: 'object', properties: { price: { type: 'number', multipleOf: 0.01 }, f: { multipleOf: 0.1 } } };
  assert.deepEqual(await diags(schema, 'price: 19.99', 'f: 0.3'), []);
  assert.deepEqual(await diags(schema, 'price: 0.07', 'f: 1.1'), []);
  assert.deepEqual(await diags(schema, 'price: 0.001'), ['1:7-1:12 number 0.001 must be a multiple of 0.01']);
});

test('contains: the items that do not match are not problems; min/maxContains say which way it fails', async () => {
  const schema = { $schema: D20, type: 'object', properties: { ports: { type: 'array', contains: { type: 'integer', minimum: 1000 }, minContains: 2, maxContains: 3 }, any: { type: 'array', contains: { const: 'main' } } } };
  assert.deepEqual(await diags(schema, 'ports: [1000, 2000, 1]', 'any: [x, main]'), []);
  assert.deepEqual(await diags(schema, 'ports: [1000, 1]', 'any: [x, y]'), [
    '1:7-1:16 the list needs at least 2 items matching `contains`, has 1',
    '2:5-2:11 the list must contain `main`',
  ]);
  assert.deepEqual(await diags(schema, 'ports: [1000, 2000, 3000, 4000]'), ['1:7-1:31 the list may have at most 3 items matching `contains`, has 4']);
});

test('propertyNames: one problem per bad name, at the name, saying why', async () => {
  const schema = { $schema: D7, type: 'object', propertyNames: { pattern: '^[a-z_]+$', maxLength: 8 } };
  assert.deepEqual(await diags(schema, 'abc: 1', 'Bad: 2', 'toolongname: 3'), [
    '2:0-2:3 property name `Bad` does not match the pattern `^[a-z_]+$`',
    '3:0-3:11 property name `toolongname` must be at most 8 characters long',
  ]);
});

test('too many items (unevaluatedItems, items: false, additionalItems): at the first one too many', async () => {
  const s20 = { $schema: D20, type: 'array', prefixItems: [{ type: 'string' }], unevaluatedItems: false };
  assert.deepEqual(await diags(s20, '- x', '- 1'), ['2:2-2:3 the list may have at most 1 item']);
  const s7 = { $schema: D7, type: 'object', properties: { point: { type: 'array', items: [{ type: 'number' }, { type: 'number' }], additionalItems: false } } };
  assert.deepEqual(await diags(s7, 'point: [1, 2, 3, 4]'), ['1:14-1:15 the list may have at most 2 items (2 too many, from this one)']);
});

test('dependentRequired / dependencies: at the key that needs the missing one', async () => {
  const schema = { $schema: D19, type: 'object', dependentRequired: { card: ['billing'] } };
  assert.deepEqual(await diags(schema, 'name: me', 'card: x'), ['2:0-2:4 `card` needs `billing` as well']);
});

test('a property whose schema is `false`: at its key, as not allowed', async () => {
  const schema = { $schema: D7, type: 'object', properties: { any: true, never: false } };
  assert.deepEqual(await diags(schema, 'any: 1', 'never: 1'), ['2:0-2:5 property `never` is not allowed here']);
});

test('enum/const: a quoted "1" where the number 1 is allowed says so (no did-you-mean)', async () => {
  const schema = { $schema: D7, type: 'object', properties: { e: { enum: [1, true, 'x'] }, v: { const: 2 } } };
  assert.deepEqual(await diags(schema, 'e: "1"', 'v: "2"'), [
    '1:3-1:6 string "1" is not one of `1`, `true`, `x` (a string: write it without quotes for the number 1)',
    '2:3-2:6 expected `2`, got string "2" (a string: write it without quotes for the number 2)',
  ]);
  const text = withModeline(schemaFile(schema), 'e: "true"');
  const d = await service().diagnose(source(path.join(tmpDir(), 'c.yaml'), text));
  assert.equal(d[0].data, undefined, 'no "did you mean" quick fix');
});

test('patterns JavaScript cannot read: leading (?i) becomes a flag; others are ignored instead of failing the schema', async () => {
  const schema = { $schema: D7, type: 'object', properties: { b: { type: 'string', pattern: '(?i)^abc$' }, c: { type: 'string', pattern: '^(?<x>a)(?<x>b)$' }, n: { type: 'integer' } }, patternProperties: { '^[(': { type: 'string' } } };
  assert.deepEqual(await diags(schema, 'b: ABC', 'c: anything'), []);
  assert.deepEqual(await diags(schema, 'b: xyz', 'n: x'), ['1:3-1:6 string "xyz" does not match the pattern `(?i)^abc$`', '2:3-2:4 expected an integer, got string "x"']);
});

test('uniqueItems: at the repeated item', async () => {
  assert.deepEqual(await diags({ $schema: D7, type: 'array', uniqueItems: true }, '- {a: 1}', '- {a: 2}', '- {a: 1}'), ['3:2-3:8 item 3 is the same as item 1; the items must be unique']);
});

test('an empty list item is underlined at its dash, not at the end of the item above', async () => {
  const schema = { $schema: D7, type: 'object', properties: { steps: { type: 'array', items: { type: 'object' } } } };
  assert.deepEqual(await diags(schema, 'steps:', '  - name: b', '  -'), ['3:2-3:3 expected a mapping, got nothing']);
});

test('an empty document (nothing or only comments) is not checked; an explicit null is', async () => {
  const schema = { $schema: D7, type: 'object', required: ['a'] };
  assert.deepEqual(await diags(schema), []);
  assert.deepEqual(await diags(schema, '# nothing yet'), []);
  assert.deepEqual(await diags(schema, '~'), ['1:0-1:1 expected a mapping, got nothing']);
});

test('hover and completion follow a relative $ref into another schema file, and its own #/ refs there', async () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'common.json'), JSON.stringify({ $schema: D7, definitions: { db: { type: 'object', properties: { url: { type: 'string', description: 'Connection URL' }, pool: { $ref: '#/definitions/pool' } } }, pool: { type: 'integer', description: 'Pool size' } } }));
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.writeFileSync(path.join(dir, 'sub', 'port.json'), JSON.stringify({ type: 'integer', description: 'TCP port' }));
  const main = path.join(dir, 's.json');
  fs.writeFileSync(main, JSON.stringify({ $schema: D7, type: 'object', properties: { db: { $ref: 'common.json#/definitions/db' }, port: { $ref: './sub/port.json' } } }));
  const svc = service();
  const doc = path.join(dir, 'app.yaml');
  let version = 0;
  const hoverAt = async (marked: string) => {
    const { text, position } = caret(withModeline(main, ...marked.split('\n')));
    return ((await svc.hoverAt(source(doc, text, ++version), position)) as Hover | null)?.contents as { value: string } | undefined;
  };
  assert.match((await hoverAt('db:\n  po|ol: 3\nport: 80'))!.value, /Pool size/);
  assert.match((await hoverAt('db:\n  pool: 3\npo|rt: 80'))!.value, /TCP port/);
  const { text, position } = caret(withModeline(main, 'db:', '  pool: 3', '  |'));
  const r = await svc.complete(source(doc, text, ++version), position);
  assert.deepEqual(r!.items.map((i) => i.label), ['url']);
});

test('completion inside a $dynamicRef (2020-12) / $recursiveRef (2019-09) tree', async () => {
  const dyn = schemaFile({ $schema: D20, $dynamicAnchor: 'node', type: 'object', properties: { data: { description: 'payload' }, children: { type: 'array', items: { $dynamicRef: '#node' } } } });
  const rec = schemaFile({ $schema: D19, $recursiveAnchor: true, type: 'object', properties: { name: { type: 'string' }, kids: { type: 'array', items: { $recursiveRef: '#' } } } });
  for (const [s, lines, want] of [
    [dyn, ['children:', '  - data: 1', '    |'], ['children']],
    [rec, ['kids:', '  - name: a', '    |'], ['kids']],
  ] as const) {
    const { text, position } = caret(withModeline(s, ...lines));
    const r = await service().complete(source(path.join(tmpDir(), 'tree.yaml'), text), position);
    assert.deepEqual(r!.items.map((i) => i.label), want);
  }
});

test('hover shows deprecationMessage / deprecated and examples', async () => {
  const s = schemaFile({ $schema: D19, type: 'object', properties: { old: { type: 'string', deprecationMessage: 'use new' }, was: { type: 'string', deprecated: true }, image: { type: 'string', examples: ['nginx:1', 'redis:7'] } } });
  const h = async (marked: string) => {
    const { text, position } = caret(withModeline(s, marked));
    return ((await service().hoverAt(source(path.join(tmpDir(), 'h.yaml'), text), position)) as Hover).contents as { value: string };
  };
  assert.match((await h('o|ld: x')).value, /\*\*Deprecated:\*\* use new/);
  assert.match((await h('w|as: x')).value, /\*\*Deprecated\.\*\*/);
  assert.match((await h('im|age: x')).value, /examples: `nginx:1`, `redis:7`/);
});

test('contains and propertyNames behind $refs: still no echoes, and the items\' own errors stay', async () => {
  const arr = { $schema: D7, type: 'array', items: { $ref: '#/definitions/i' }, contains: { $ref: '#/definitions/c' }, definitions: { i: { type: 'integer' }, c: { type: 'integer', minimum: 10 } } };
  assert.deepEqual(await diags(arr, '- 1', '- x', '- 3'), ['1:0-3:3 the list must contain an item matching `contains`', '2:2-2:3 expected an integer, got string "x"']);
  const names = { $schema: D7, type: 'object', definitions: { n: { pattern: '^[a-z]+$' } }, propertyNames: { $ref: '#/definitions/n' } };
  assert.deepEqual(await diags(names, 'alpha: 1', 'Bad: 2'), ['2:0-2:3 property name `Bad` does not match the pattern `^[a-z]+$`']);
});

test('an empty list item where each oneOf branch only requires keys: one type problem, not also "matches more than one"', async () => {
  const step = { type: 'object', oneOf: [{ required: ['uses'] }, { required: ['run'] }], properties: { uses: { type: 'string' }, run: { type: 'string' } } };
  const schema = { $schema: D7, type: 'object', properties: { steps: { type: 'array', items: step } } };
  const got = await diags(schema, 'steps:', '  - uses: a', '  -', '  - run: b');
  assert.equal(got.length, 1, got.join('\n'));
  assert.match(got[0], /^3:2-3:3 .*mapping/);
  // a mapping that has both keys still says it matches more than one form
  assert.equal((await diags(schema, 'steps:', '  - {uses: a, run: b}')).length, 1);
});
