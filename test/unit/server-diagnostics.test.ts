import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { schemaFile, service, source, tmpDir, withModeline } from './server-helpers';

const schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string' },
    mode: { enum: ['fast', 'slow'] },
    tag: { type: 'string', pattern: '^v[0-9]+$', patternErrorMessage: 'tags look like v1, v2' },
    size: { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^[0-9]+[KMG]$' }] },
    old: { type: 'string', deprecationMessage: 'use `name` instead' },
    port: { type: 'integer', errorMessage: 'a port is a number such as 8080' },
    nested: { type: 'object', required: ['x'], properties: { x: { type: 'number' } } },
  },
};

async function diags(...lines: string[]) {
  const s = schemaFile(schema);
  const text = withModeline(s, ...lines);
  const list = await service().diagnose(source(path.join(tmpDir(), 'f.yaml'), text));
  return list.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`);
}

test('unknown property → its key, with did-you-mean', async () => {
  assert.deepEqual(await diags('name: a', 'mdoe: fast'), ['2:0-2:4 property `mdoe` is not allowed here (did you mean `mode`?)']);
});

test('missing property → the key of the object lacking it; the first line for the root', async () => {
  assert.deepEqual(await diags('mode: fast', 'nested:', '  y: 1'), ['1:0-1:10 missing required property `name`', '2:0-2:6 missing required property `x`']);
});

test('type, enum and pattern → the value; patternErrorMessage and errorMessage honoured', async () => {
  assert.deepEqual(await diags('name: 1', 'mode: quick', 'tag: x1', 'port: http'), [
    '1:6-1:7 expected a string, got integer 1',
    '2:6-2:11 string "quick" is not one of `fast`, `slow`',
    '3:5-3:7 tags look like v1, v2',
    '4:6-4:10 a port is a number such as 8080',
  ]);
});

test('anyOf errors merge into one message', async () => {
  assert.deepEqual(await diags('name: a', 'size: [1]'), ['2:6-2:9 expected an integer or a string, got a list']);
  assert.deepEqual(await diags('name: a', 'size: 12X'), ['2:6-2:9 string "12X" does not match the pattern `^[0-9]+[KMG]$`']);
});

test('deprecationMessage gives a warning at the key', async () => {
  assert.deepEqual(await diags('name: a', 'old: x'), ['2:0-2:3 use `name` instead']);
});

test('a syntax error does not hide schema errors elsewhere', async () => {
  const out = await diags('name: a', 'mode: [1, {]', 'tag: bad');
  assert.equal(out.length, 2);
  assert.match(out[0], /^2:\d+-2:\d+ missed comma/);
  assert.equal(out[1], '3:5-3:8 tags look like v1, v2');
});

test('a schema that cannot be loaded gives one clear diagnostic', async () => {
  const text = '# yaml-language-server: $schema=./missing.json\na: 1\n';
  const list = await service().diagnose(source(path.join(tmpDir(), 'f.yaml'), text));
  assert.equal(list.length, 1);
  assert.match(String(list[0].message), /does not exist/);
});

test('files over the size limit get one "too large" diagnostic', async () => {
  const svc = service({ languageServer: { maxFileSize: 1000 } });
  const list = await svc.diagnose(source(path.join(tmpDir(), 'f.yaml'), withModeline('x.json', 'a: ' + 'x'.repeat(2000))));
  assert.equal(list.length, 1);
  assert.match(String(list[0].message), /too large to check/);
});

test('files without a schema are not claimed; modeline none turns checks off', async () => {
  assert.deepEqual(await service().diagnose(source(path.join(tmpDir(), 'plain.yaml'), 'a: [1, {]\n')), []);
  assert.deepEqual(await service().diagnose(source(path.join(tmpDir(), 'x.yaml'), '# yaml-language-server: $schema=none\na: [\n')), []);
});

test('Trainyard specs go through core/spec', async () => {
  const list = await service().diagnose(source(path.join(tmpDir(), 'a.trainyard.yaml'), 'version: 1\nkind: job\nrun: echo\nresources:\n  gpus: two\n'));
  assert.equal(list.length, 1);
  assert.equal(list[0].range.start.line, 4);
});

test('a failed oneOf behind a $ref gives ONE message naming what each branch accepts', async () => {
  const s = schemaFile({
    definitions: {
      permissions: { oneOf: [{ type: 'string', enum: ['read-all', 'write-all'] }, { $ref: '#/definitions/event' }] },
      event: { type: 'object', additionalProperties: { enum: ['read', 'write'] } },
    },
    type: 'object',
    properties: { permissions: { $ref: '#/definitions/permissions' }, jobs: { additionalProperties: { properties: { permissions: { $ref: '#/definitions/permissions' } } } } },
  });
  const file = path.join(tmpDir(), 'w.yaml');
  const out = async (...lines: string[]) => (await service().diagnose(source(file, withModeline(s, ...lines)))).map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message}`);
  assert.deepEqual(await out('permissions: 123'), ['1:13 expected one of: a string (`read-all` or `write-all`) or a mapping, got integer 123']);
  assert.deepEqual(await out('jobs:', '  a:', '    permissions: [1]'), ['3:17 expected one of: a string (`read-all` or `write-all`) or a mapping, got a list']);
  assert.deepEqual(await out('permissions: read'), ['1:13 expected `read-all`, `write-all` or a mapping, got string "read" (did you mean `read-all`?)']);
  // a branch that fails deeper still reports its own problem
  assert.deepEqual(await out('permissions:', '  contents: none'), ['2:12 string "none" is not one of `read`, `write`']);
});

test('a relative $ref to a schema file next to the schema is loaded (recursively); a missing one is one clear diagnostic', async () => {
  const dir = tmpDir();
  fs.writeFileSync(path.join(dir, 'schema.json'), JSON.stringify({ type: 'object', properties: { image: { $ref: 'common.json#/definitions/image' } }, additionalProperties: false }));
  fs.writeFileSync(path.join(dir, 'common.json'), JSON.stringify({ definitions: { image: { $ref: 'sub/deeper.json' } } }));
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.writeFileSync(path.join(dir, 'sub', 'deeper.json'), JSON.stringify({ type: 'string', pattern: '^[a-z]+:' }));
  const file = path.join(tmpDir(), 'f.yaml');
  const msgs = async (...lines: string[]) => (await service().diagnose(source(file, withModeline(path.join(dir, 'schema.json'), ...lines)))).map((d) => d.message);
  assert.deepEqual(await msgs('image: ubuntu:22.04'), []);
  assert.deepEqual(await msgs('image: 1'), ['expected a string, got integer 1']);
  fs.writeFileSync(path.join(dir, 'broken.json'), JSON.stringify({ properties: { x: { $ref: 'gone.json' } } }));
  const list = await service().diagnose(source(file, withModeline(path.join(dir, 'broken.json'), 'x: 1')));
  assert.equal(list.length, 1);
  assert.match(String(list[0].message), /refers to .*gone\.json, which cannot be loaded: schema file .* does not exist/);
});

test('patterns are unicode regexps, falling back per pattern when one is not valid with the u flag', async () => {
  const s = schemaFile({ properties: { name: { pattern: '^\\p{Lu}' }, id: { pattern: '^[\\w-.]+$' } } });
  const file = path.join(tmpDir(), 'f.yaml');
  const msgs = async (...lines: string[]) => (await service().diagnose(source(file, withModeline(s, ...lines)))).map((d) => d.message);
  assert.deepEqual(await msgs('name: Élan', 'id: a-b.c'), []);
  assert.deepEqual(await msgs('name: élan', 'id: a b'), ['string "élan" does not match the pattern `^\\p{Lu}`', 'string "a b" does not match the pattern `^[\\w-.]+$`']);
});

test('a text starting with a byte-order mark: the modeline is seen and positions stay right', async () => {
  const list = await service().diagnose(source(path.join(tmpDir(), 'f.yaml'), '\ufeff' + withModeline(schemaFile(schema), 'name: a', 'mdoe: fast')));
  assert.deepEqual(list.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`), ['2:0-2:4 property `mdoe` is not allowed here (did you mean `mode`?)']);
  const missing = await service().diagnose(source(path.join(tmpDir(), 'g.yaml'), '\ufeff# yaml-language-server: $schema=./missing.json\na: 1\n'));
  assert.equal(missing.length, 1);
  assert.deepEqual(missing[0].range.start, { line: 0, character: 1 });
});

test('a top-level $schema key associates YAML and .json files, .json ones not when the client checks those itself (VS Code)', async () => {
  const s = schemaFile(schema);
  const dir = tmpDir();
  const json = (name: string) => source(path.join(dir, name), JSON.stringify({ $schema: s, bad: 1 }));
  assert.ok((await service().diagnose(json('tsconfig.json'))).length > 0);
  assert.ok((await service().diagnose(json('x.jsonc'))).length > 0);
  assert.ok((await service().diagnose(source(path.join(dir, 'x.yaml'), `$schema: ${s}\nbad: 1\n`))).length > 0);
  const vscode = service();
  vscode.schemas.jsonSchemaKey = false;
  assert.equal((await vscode.diagnose(json('tsconfig.json'))).length, 0);
  assert.equal((await vscode.diagnose(json('x.jsonc'))).length, 0);
  assert.ok((await vscode.diagnose(source(path.join(dir, 'x.yaml'), `$schema: ${s}\nbad: 1\n`))).length > 0);
  // the trainyard.schemas setting still applies to .json files
  const svc = service({ schemas: { [s]: '**/conf.json' } });
  svc.schemas.jsonSchemaKey = false;
  assert.ok((await svc.diagnose(source(path.join(dir, 'conf.json'), JSON.stringify({ $schema: 'whatever.json', bad: 1 })))).length > 0);
});

test('the $schema key that names the schema is not "not allowed" by a closed schema', async () => {
  const s = schemaFile({ type: 'object', properties: { name: { type: 'string' } }, additionalProperties: false });
  const dir = tmpDir();
  const yaml = await service().diagnose(source(path.join(dir, 'a.yaml'), `$schema: ${s}\nname: x\nextra: 1\n`));
  assert.deepEqual(yaml.map((d) => d.range.start.line), [2], JSON.stringify(yaml));
  const json = await service().diagnose(source(path.join(dir, 'a.json'), JSON.stringify({ $schema: s, name: 'x' })));
  assert.deepEqual(json, []);
  // the same key deeper down, or not a string, is an ordinary property
  const nested = await service().diagnose(source(path.join(dir, 'b.yaml'), `# yaml-language-server: $schema=${s}\n$schema: 1\nname: x\n`));
  assert.equal(nested.length, 1, JSON.stringify(nested));
});

test('a modeline path may hold spaces (the rest of the line, quotes removed)', async () => {
  const dir = tmpDir();
  fs.mkdirSync(path.join(dir, 'my schemas'));
  fs.writeFileSync(path.join(dir, 'my schemas', 's.json'), JSON.stringify({ type: 'object', properties: { name: { type: 'string' } } }));
  for (const line of ['# yaml-language-server: $schema=./my schemas/s.json  ', '# yaml-language-server: $schema="./my schemas/s.json"', "# yaml-language-server: $schema='./my schemas/s.json'", '# yaml-language-server: $schema=./my%20schemas/s.json']) {
    const ds = await service().diagnose(source(path.join(dir, 'x.yaml'), `${line}\nname: 1\n`));
    assert.deepEqual(ds.map((d) => [d.range.start.line, d.code]), [[1, 'type']], `${line}: ${JSON.stringify(ds)}`);
  }
});

test("a oneOf's own errorMessage wins over the closest branch's problem", async () => {
  const s = schemaFile({
    type: 'object',
    properties: {
      rule: {
        type: 'object',
        properties: { action: { type: 'string' }, onExitCodes: { type: 'object' }, onPodConditions: { type: 'array' } },
        oneOf: [{ required: ['onExitCodes'] }, { required: ['onPodConditions'] }],
        errorMessage: { oneOf: 'a rule needs exactly one of `onExitCodes` and `onPodConditions`' },
      },
      plain: { type: 'object', oneOf: [{ required: ['a'] }, { required: ['b'] }] },
    },
  });
  const run = async (...lines: string[]) =>
    (await service().diagnose(source(path.join(tmpDir(), 'f.yaml'), withModeline(s, ...lines)))).map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.character} ${d.message}`);
  assert.deepEqual(await run('rule:', '  action: Ignore'), ['1:0-4 a rule needs exactly one of `onExitCodes` and `onPodConditions`']);
  // (both: the value that matches two forms is underlined)
  assert.deepEqual(await run('rule: {action: Ignore, onExitCodes: {}, onPodConditions: []}'), ['1:6-60 a rule needs exactly one of `onExitCodes` and `onPodConditions`']);
  // without one, the closest branch speaks
  assert.match((await run('plain: {c: 1}'))[0], /missing required property `a`|missing required property `b`/);
});

test('JSON with comments (tsconfig.json, .jsonc) is checked without them, ranges unchanged', async () => {
  const s = schemaFile({ type: 'object', properties: { port: { type: 'integer' }, url: { type: 'string' } }, additionalProperties: false });
  const dir = tmpDir();
  const text = `{\n  // the port\n  "$schema": "${s}",\n  /* a block\n     comment */ "port": "80", // trailing\n  "url": "http://x//y/*z*/",\n}\n`;
  for (const name of ['conf.json', 'conf.jsonc']) {
    const ds = await service().diagnose(source(path.join(dir, name), text));
    assert.deepEqual(ds.map((d) => [d.range.start.line, d.range.start.character, d.code]), [[4, 24, 'type']], JSON.stringify(ds));
  }
});

test('a trainyard.schemas glob starting with / is rooted at the workspace folder', async () => {
  const dir = tmpDir();
  const s = schemaFile({ type: 'object', properties: { name: { type: 'string' } } });
  const svc = service({ schemas: { [s]: '/conf/*.yaml' } });
  svc.schemas.workspaceFolders = [dir];
  const open = (rel: string) => svc.diagnose(source(path.join(dir, rel), 'name: 1\n'));
  assert.equal((await open('conf/a.yaml')).length, 1);
  assert.equal((await open('x/conf/a.yaml')).length, 0);
  assert.equal((await open('a.yaml')).length, 0);
});
