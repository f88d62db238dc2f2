// Users' own schemas (modeline association) through the BUILT server over stdio: the cases a
// differential run against yaml-language-server 2.0 turned up where we were wrong or worse —
// branch choice in oneOf/anyOf, unevaluatedProperties echoes, empty documents, syntax errors
// that hid the schema errors after them, keys that are lists, schemas that cannot be used, a
// local schema with a remote $ref on first open, URL-encoded modeline paths, Python-style patterns.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import { LspClient, SERVER } from './lsp-helpers';

const skip = fs.existsSync(SERVER) ? false : 'dist/server.js not built';
let client: LspClient;
let dir: string;
let home: string;
let server: http.Server;
let port = 0;
let n = 0;

function schema(name: string, content: unknown): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** Opens a new document with a modeline naming `target` (as written) and returns its diagnostics as `line:char severity message`. */
async function check(target: string, ...lines: string[]): Promise<string[]> {
  const file = path.join(dir, `doc-${++n}.yaml`);
  const text = [`# yaml-language-server: $schema=${target}`, ...lines].join('\n') + '\n';
  fs.writeFileSync(file, text);
  const got = await client.open(pathToFileURL(file).href, text);
  return got.map(show);
}

function show(d: Diagnostic): string {
  return `${d.range.start.line}:${d.range.start.character} ${d.severity === 1 ? 'E' : d.severity === 2 ? 'W' : 'I'} ${d.message}`;
}

before(async () => {
  if (skip) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-user-schemas-'));
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-home-'));
  server = http.createServer((req, res) => {
    if (req.url === '/defs.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ definitions: { small: { type: 'number', maximum: 5 } } }));
    } else if (req.url === '/root.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ properties: { a: { $ref: 'defs.json#/definitions/small' } } }));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  client = new LspClient({ TRAINYARD_HOME: home });
  await client.initialize(pathToFileURL(dir).href);
});

after(async () => {
  if (skip) return;
  await client.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(home, { recursive: true, force: true });
});

const VARIANTS = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  properties: { r: { oneOf: [{ $ref: '#/$defs/A' }, { $ref: '#/$defs/B' }] } },
  $defs: {
    A: { type: 'object', properties: { kind: { const: 'a' }, size: { type: 'integer' } }, required: ['kind', 'size'], additionalProperties: false },
    B: { type: 'object', properties: { kind: { const: 'b' }, name: { type: 'string' } }, required: ['kind', 'name'], additionalProperties: false },
  },
};

test('oneOf: the branch whose discriminator matches is the one reported', { skip }, async () => {
  const s = schema('variants.json', VARIANTS);
  // fewer errors in branch B (only its `kind`), but `kind: a` says the user means A
  assert.deepEqual(await check(s, 'r: {kind: a, name: x}'), ['1:0 E missing required property `size`', '1:13 E property `name` is not allowed here; allowed: `kind`, `size`']);
  // no branch's discriminator matches: one message at the discriminator, listing its values
  assert.deepEqual(await check(s, 'r:', '  kind: c'), ['2:8 E expected `a` or `b`, got string "c" (did you mean `a`?)']);
  // a branch chosen by a matching discriminator reports its own problem
  assert.deepEqual(await check(s, 'r: {kind: b}'), ['1:0 E missing required property `name`']);
});

test('unevaluatedProperties beside a failing oneOf: the keys a branch names are not reported as unknown', { skip }, async () => {
  const s = schema('uneval.json', {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    oneOf: [
      { properties: { kind: { const: 'x' }, x: { type: 'string' } }, required: ['kind'] },
      { properties: { kind: { const: 'y' }, y: { type: 'integer' } }, required: ['kind'] },
    ],
    unevaluatedProperties: false,
  });
  assert.deepEqual(await check(s, 'kind: y', 'y: s'), ['2:3 E expected an integer, got string "s"']);
  assert.deepEqual(await check(s, 'kind: z'), ['1:6 E expected `x` or `y`, got string "z" (did you mean `x`?)']);
  // a key no branch names is still unknown
  assert.deepEqual(await check(s, 'kind: x', 'x: s', 'zzz: 1'), ['3:0 E property `zzz` is not allowed here']);
  assert.deepEqual(await check(s, 'kind: x', 'x: s'), []);
});

test('an explicit empty document (`---` alone) is null and checked; an empty or comment-only file is not', { skip }, async () => {
  const s = schema('named.json', { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] });
  assert.deepEqual(await check(s, '---'), ['1:0 E expected a mapping, got nothing']);
  assert.deepEqual(await check(s, 'name: a', '---'), ['2:0 E expected a mapping, got nothing']);
  assert.deepEqual(await check(s, '---', '# later', '---', 'name: a'), ['1:0 E expected a mapping, got nothing']);
  assert.deepEqual(await check(s, 'name: a', '...', '---'), ['3:0 E expected a mapping, got nothing']);
  assert.deepEqual(await check(s, '# only a comment'), []);
  assert.deepEqual(await check(s, 'name: a', '...'), []);
});

test('an unclosed quote or bracket is reported where it opens, and the keys after it are still checked', { skip }, async () => {
  const s = schema('closed.json', { type: 'object', properties: { name: { type: 'string' }, n: { type: 'integer' } }, additionalProperties: false });
  assert.deepEqual(await check(s, 'name: "unterminated', 'foo: 1'), ['1:6 E this string is never closed: a closing `"` is missing', '2:0 E property `foo` is not allowed here; allowed: `name`, `n`']);
  assert.deepEqual(await check(s, 'name: a', 'n: [1, 2', 'foo: 1'), ['2:3 E this list is never closed: a `]` is missing', '3:0 E property `foo` is not allowed here; allowed: `name`, `n`']);
  // an unknown key on the broken line is still unknown; its empty value is no extra problem
  assert.deepEqual(await check(s, 'key: {a: 1', 'bar: 2'), ['1:0 E property `key` is not allowed here; allowed: `name`, `n`', '1:5 E this mapping is never closed: a `}` is missing', '2:0 E property `bar` is not allowed here; allowed: `name`, `n`']);
  // js-yaml's "end of the stream or a document separator is expected", in words that say what to do
  assert.deepEqual(await check(s, 'name: a', '@bad: 2', 'n: x'), ['2:0 E `@` is reserved and cannot start a plain value; put the text in quotes', '3:3 E expected an integer, got string "x"']);
  assert.deepEqual(await check(s, 'name: a', '- x'), ['2:0 E a list item where a key is expected: indent it under its key, or check the indentation']);
});

test('a value whose content sat on a broken line below is not also reported empty', { skip }, async () => {
  const s = schema('list.json', { type: 'object', properties: { list: { type: 'array' } } });
  assert.deepEqual(await check(s, 'list:', '\t- a: 1'), ['2:0 E tabs are not allowed as indentation in YAML; indent with spaces']);
});

test('a list or mapping as a key is a warning; its value is still checked', { skip }, async () => {
  const s = schema('strings.json', { type: 'object', additionalProperties: { type: 'string' } });
  const warn = '1:2 W a list or mapping as a key: JSON keys are text, so this one is read as its text; most tools reject it';
  assert.deepEqual(await check(s, '? [a]', ': b'), [warn]);
  assert.deepEqual(await check(s, '? [a]', ': 1'), [warn, '2:2 E expected a string, got integer 1']);
});

test('a schema that cannot be used is one diagnostic on the modeline that says why and where', { skip }, async () => {
  const bad = schema('bad-type.json', { type: 'object', properties: { name: { type: 'strin' } } });
  const got = await check(bad, 'name: x');
  assert.equal(got.length, 1);
  assert.match(got[0], /^0:0 E schema .* is invalid at `\/properties\/name\/type`: type must be JSONType/);
  const ref = schema('bad-ref.json', { properties: { a: { $ref: '#/definitions/missing' } } });
  const r = await check(ref, 'a: 1');
  assert.equal(r.length, 1);
  assert.match(r[0], /its \$ref `#\/definitions\/missing` points to nothing/);
  // `false` is a valid schema: nothing is allowed
  assert.deepEqual(await check(schema('nothing.json', 'false'), 'a: 1'), ['1:0 E no value is allowed here']);
  assert.deepEqual(await check(schema('anything.json', 'true'), 'a: 1'), []);
});

test('a local schema with a remote $ref validates on the first open (downloads on)', { skip }, async () => {
  const s = schema('with-remote.json', { properties: { a: { $ref: `http://127.0.0.1:${port}/defs.json#/definitions/small` } } });
  assert.deepEqual(await check(s, 'a: 6'), ['1:3 E integer 6 must be <= 5']);
});

test('a relative modeline path written URL-encoded names the file', { skip }, async () => {
  schema('my schemas/s.json', { type: 'object', properties: { name: { type: 'string' } } });
  assert.deepEqual(await check('./my%20schemas/s.json', 'name: 1'), ['1:6 E expected a string, got integer 1']);
});

test('Python-style patterns (named groups, \\A and \\Z) are read, not dropped', { skip }, async () => {
  const s = schema('python.json', { properties: { v: { type: 'string', pattern: '\\A(?P<y>[0-9]{2})-(?P=y)\\Z' } } });
  assert.deepEqual(await check(s, 'v: 12-12'), []);
  assert.deepEqual(await check(s, 'v: 12-13'), ['1:3 E string "12-13" does not match the pattern `\\A(?P<y>[0-9]{2})-(?P=y)\\Z`']);
});

test('with downloads off, a remote schema (and its remote $refs) downloaded before is read from the on-disk cache', { skip }, async () => {
  const url = `http://127.0.0.1:${port}/root.json`;
  assert.deepEqual(await check(url, 'a: 6'), ['1:3 E integer 6 must be <= 5']);
  // a new server on the same cache, told not to download
  const offline = new LspClient({ TRAINYARD_HOME: home });
  try {
    await offline.initialize(pathToFileURL(dir).href);
    await offline.conn.sendNotification('workspace/didChangeConfiguration', { settings: { trainyard: { schemaDownload: { enable: false } } } });
    const open = async (target: string) => {
      const file = path.join(dir, `doc-${++n}.yaml`);
      const text = `# yaml-language-server: $schema=${target}\na: 6\n`;
      return (await offline.open(pathToFileURL(file).href, text)).map(show);
    };
    assert.deepEqual(await open(url), ['1:3 E integer 6 must be <= 5']);
    const never = await open(`http://127.0.0.1:${port}/never.json`);
    assert.equal(never.length, 1);
    assert.match(never[0], /^0:0 E schema http:\/\/127\.0\.0\.1:\d+\/never\.json was not downloaded: schema downloads are off/);
  } finally {
    await offline.close();
  }
});
