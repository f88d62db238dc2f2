// Validators kept as code (server/schema/validatorCache.ts): the code a later server loads gives
// exactly the diagnostics Ajv's own compile gives; keys follow the schema; foreign files are
// ignored; the bundled catalog's validators come precompiled from dist/validators.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LanguageService } from '../../server/languageService';
import { SchemaService } from '../../server/schema/service';
import { SchemaCompiler, prepareSchema, RUNTIME } from '../../server/schema/compiler';
import { SchemaLoader } from '../../server/schema/loader';
import { Catalog } from '../../server/schema/catalog';
import { ValidatorCache, bundledValidatorsDir } from '../../server/schema/validatorCache';
import { schemaFile, tmpDir, withModeline } from './server-helpers';

const SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', pattern: '^[a-z]+$', patternErrorMessage: 'lower-case letters only' },
    old: { type: 'string', deprecationMessage: '`old` is deprecated; use `name`' },
    url: { type: 'string', format: 'uri' },
    size: { anyOf: [{ type: 'integer', minimum: 1 }, { enum: ['auto'] }] },
    mode: { oneOf: [{ $ref: '#/definitions/fast' }, { $ref: '#/definitions/slow' }] },
    tags: { type: 'array', items: { type: 'string' }, uniqueItems: true },
    title: { type: 'string', pattern: '^\\p{Lu}' },
    slug: { type: 'string', pattern: '^[\\w-.]+$' },
  },
  definitions: {
    fast: { type: 'object', properties: { fast: { const: true } }, required: ['fast'], additionalProperties: false },
    slow: { type: 'object', properties: { delay: { type: 'number' } }, required: ['delay'], additionalProperties: false },
  },
};

const DOCS = [
  ['name: ok', 'size: 2', 'mode: {fast: true}', 'tags: [a, b]'],
  ['name: Bad', 'old: x', 'url: "not a uri"', 'size: 0', 'mode: {fast: false}', 'tags: [a, a]', 'extra: 1'],
  ['size: huge', 'mode: {delay: "1s"}'],
  ['mode: 3'],
  ['name: ok', 'title: Élan', 'slug: a-b.c'],
  ['name: ok', 'title: élan', 'slug: a b'],
];

function service(cache: ValidatorCache | undefined): { svc: LanguageService; compiler: SchemaCompiler } {
  const compiler = new SchemaCompiler(cache);
  return { svc: new LanguageService({ schemas: new SchemaService(undefined, new SchemaLoader(), compiler) }), compiler };
}

async function diagnoseAll(svc: LanguageService, schema: string): Promise<string> {
  const out = [];
  for (const [i, lines] of DOCS.entries()) {
    const text = withModeline(schema, ...lines);
    out.push(await svc.diagnose({ uri: pathToFileURL(path.join(path.dirname(schema), `doc${i}.yaml`)).href, version: 1, getText: () => text }));
  }
  return JSON.stringify(out);
}

test('a validator loaded from the cache reports exactly what the compiled one does', async () => {
  const dir = tmpDir();
  const schema = schemaFile(SCHEMA);
  const cache = () => new ValidatorCache(() => dir, () => undefined);
  const plain = await diagnoseAll(service(undefined).svc, schema);
  assert.match(plain, /lower-case letters only/);
  assert.match(plain, /deprecated/);
  assert.match(plain, /élan\\" does not match/, 'unicode patterns (through the stored code too)');
  assert.doesNotMatch(plain, /Élan\\" does not match|a-b\.c/);
  // first server: compiles, and stores the code (root + anyOf/oneOf branches)
  const first = service(cache());
  assert.equal(await diagnoseAll(first.svc, schema), plain);
  await first.compiler.idle();
  const key = prepareSchema(pathToFileURL(schema).href, SCHEMA).key;
  assert.ok(fs.existsSync(path.join(dir, `${key}.js`)), 'the validator is stored under its key');
  assert.ok(fs.existsSync(path.join(dir, `${key}.subs.js`)), 'and its branch validators');
  // a later server: loads the code, same diagnostics (including merged anyOf/oneOf messages)
  const loaded = cache().load(key, RUNTIME);
  assert.equal(loaded?.from, 'cache');
  assert.equal(await diagnoseAll(service(cache()).svc, schema), plain);
});

test('an edited schema gets a new key; a damaged or foreign cache file is ignored', async () => {
  const dir = tmpDir();
  const uri = 'file:///x/schema.json';
  const a = prepareSchema(uri, SCHEMA);
  const b = prepareSchema(uri, { ...SCHEMA, required: [] });
  assert.notEqual(a.key, b.key);
  assert.equal(prepareSchema(uri, JSON.parse(JSON.stringify(SCHEMA))).key, a.key, 'same schema, same key');
  assert.notEqual(prepareSchema(uri, SCHEMA, [{ uri: 'file:///x/common.json', schema: { type: 'string' } }]).key, a.key, 'the documents it refers to are part of the key');
  const cache = new ValidatorCache(() => dir, () => undefined);
  fs.writeFileSync(path.join(dir, `${a.key}.js`), 'module.exports = () => true; // not ours\n');
  assert.equal(cache.load(a.key, RUNTIME), undefined, 'no header: ignored');
  fs.writeFileSync(path.join(dir, `${a.key}.js`), `// trainyard validator 1 ${b.key}\nmodule.exports = () => true;\n`);
  assert.equal(cache.load(a.key, RUNTIME), undefined, "another key's header: ignored");
  fs.writeFileSync(path.join(dir, `${a.key}.js`), `// trainyard validator 1 ${a.key}\nrequire("child_process");\n`);
  assert.equal(cache.load(a.key, RUNTIME), undefined, 'only the validator runtime can be required');
  // and the server still validates (compiling again) with such a file in the way
  const compiler = new SchemaCompiler(cache);
  const r = compiler.compile(uri, SCHEMA);
  assert.ok(r.ok);
  assert.ok(r.ok && r.compiled.validate({ name: 'Bad' }).errors.length > 0);
});

test('the bundled catalog validators are precompiled into dist/validators and used from there', async () => {
  const dir = bundledValidatorsDir(path.join(__dirname, '..', '..', 'dist'));
  assert.ok(dir, 'dist/validators exists (the build writes it)');
  const index = JSON.parse(fs.readFileSync(path.join(dir!, 'index.json'), 'utf8')) as Record<string, string>;
  const catalog = Catalog.load();
  const empty = tmpDir();
  const cache = new ValidatorCache(() => empty, () => dir);
  for (const entry of catalog.entries.filter((e) => e.name !== 'trainyard')) {
    const raw = JSON.parse(fs.readFileSync(new URL(entry.uri), 'utf8'));
    const key = prepareSchema(entry.uri, raw).key;
    assert.equal(index[entry.name], key, `${entry.name}: dist/validators is up to date with schemas/`);
    assert.equal(cache.load(key, RUNTIME)?.from, 'bundled', `${entry.name} loads precompiled`);
  }
  assert.deepEqual(fs.readdirSync(empty), [], 'nothing compiled or written for bundled schemas');
});

test('stored code is ASCII (V8 would hold it two bytes a character), and non-ASCII values and patterns mean the same through it', async () => {
  const dir = tmpDir();
  const UNI = { type: 'object', properties: { unit: { enum: ['µs', 'ms'], description: 'Zeit – in µs' }, name: { type: 'string', pattern: '^[ä-ü]+$' }, emoji: { const: '🚀' } }, additionalProperties: false };
  const schema = schemaFile(UNI);
  const cache = () => new ValidatorCache(() => dir, () => undefined);
  const docs = [['unit: µs', 'name: äöü', 'emoji: 🚀'], ['unit: us', 'name: abc', 'emoji: x']];
  const run = async (svc: LanguageService) => {
    const out = [];
    for (const [i, lines] of docs.entries()) {
      const text = withModeline(schema, ...lines);
      out.push((await svc.diagnose({ uri: pathToFileURL(path.join(path.dirname(schema), `u${i}.yaml`)).href, version: 1, getText: () => text })).map((d) => `${d.range.start.line} ${d.code}`));
    }
    return out;
  };
  const first = service(cache());
  const plain = await run(first.svc);
  assert.deepEqual(plain, [[], ['1 enum', '2 pattern', '3 const']]);
  await first.compiler.idle();
  const key = prepareSchema(pathToFileURL(schema).href, UNI).key;
  for (const f of [`${key}.js`, `${key}.subs.js`]) assert.doesNotMatch(fs.readFileSync(path.join(dir, f), 'utf8'), /[^\x00-\x7f]/, f);
  assert.equal(cache().load(key, RUNTIME)?.from, 'cache');
  assert.deepEqual(await run(service(cache()).svc), plain);
});
