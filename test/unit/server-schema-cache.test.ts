// schemaCache.ts: what completion and hover remember per request (the document's schema, the
// subschemas at a pointer) is exactly what they computed each time before, and is asked for
// again when the settings, the parse or the compiled schema change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseDocument } from '../../server/documents';
import { SchemaService } from '../../server/schema/service';
import { schemaFor } from '../../server/schemaContext';
import { schemasAt } from '../../server/schema/navigate';
import { docSchema, NOT_READY, readyDocSchema, schemasAtCached } from '../../server/schemaCache';
import { DEFAULT_SETTINGS } from '../../server/settings';
import { schemaFile, tmpDir, withModeline } from './server-helpers';
import { pathToFileURL } from 'node:url';

const SCHEMA = {
  $id: 'https://example.com/s.json',
  type: 'object',
  properties: {
    jobs: { type: 'object', patternProperties: { '^[a-z_0-9]+$': { $ref: '#/definitions/job', description: 'A job (a $ref with siblings).' } } },
    env: { $ref: '#/definitions/env' },
    mode: { anyOf: [{ enum: ['a', 'b'] }, { $ref: '#/definitions/env' }] },
  },
  definitions: {
    job: {
      type: 'object',
      properties: { steps: { type: 'array', items: { $ref: '#/definitions/step' } }, 'runs-on': { type: 'string' } },
      allOf: [{ if: { required: ['x'] }, then: { properties: { y: { type: 'integer' } } }, else: { properties: { z: { type: 'boolean' } } } }],
    },
    step: { type: 'object', properties: { uses: { type: 'string' }, with: { $ref: '#/definitions/env' } } },
    env: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
  },
};

const POINTERS = ['', '/jobs', '/jobs/a', '/jobs/b_2', '/jobs/a/steps', '/jobs/a/steps/0', '/jobs/b_2/steps/7/with', '/jobs/a/steps/0/with/KEY', '/jobs/A', '/env/X', '/mode', '/nope', '/jobs/a/y', '/jobs/a/z'];

async function setup() {
  const schemas = new SchemaService();
  const s = schemaFile(SCHEMA);
  const text = withModeline(s, 'jobs:', '  a:', '    steps: []');
  const parsed = parseDocument(pathToFileURL(path.join(tmpDir(), 'f.yaml')).href, 1, text);
  return { schemas, parsed, uri: pathToFileURL(s).href };
}

test('the subschemas at a pointer are those schemasAt finds, one shared list per set of schemas', async () => {
  const { schemas, parsed } = await setup();
  const ds = (await schemaFor(schemas, parsed, 0, DEFAULT_SETTINGS))!;
  for (const p of POINTERS) assert.deepEqual(schemasAtCached(ds, p), schemasAt(ds.root, p, ds.deref), p);
  assert.equal(schemasAtCached(ds, '/jobs/a/steps/0'), schemasAtCached(ds, '/jobs/a/steps/0'));
  // two jobs, two steps: the same schemas, so the same list
  assert.equal(schemasAtCached(ds, '/jobs/a/steps/0'), schemasAtCached(ds, '/jobs/b_2/steps/7'));
  assert.equal(schemasAtCached(ds, '/jobs/a'), schemasAtCached(ds, '/jobs/zz'));
});

test('the subschemas of a Trainyard spec are those schemasAt finds', async () => {
  const schemas = new SchemaService();
  const text = 'version: 1\nkind: pipeline\nname: p\nstages:\n  a:\n    run: x\n    resources:\n      gpus: 1\n';
  const parsed = parseDocument(pathToFileURL(path.join(tmpDir(), 'p.trainyard.yaml')).href, 1, text);
  const ds = (await schemaFor(schemas, parsed, 0, DEFAULT_SETTINGS))!;
  for (const p of ['', '/stages', '/stages/a', '/stages/a/resources', '/stages/a/resources/gpus', '/env/X', '/kind']) assert.deepEqual(schemasAtCached(ds, p), schemasAt(ds.root, p, ds.deref), p);
});

test("a document's schema is remembered per parse and settings, and asked again when the compiled schema is gone", async () => {
  const { schemas, parsed, uri } = await setup();
  assert.equal(readyDocSchema(schemas, parsed, 0, DEFAULT_SETTINGS), NOT_READY);
  const first = await docSchema(schemas, parsed, 0, DEFAULT_SETTINGS);
  assert.ok(first);
  assert.equal(readyDocSchema(schemas, parsed, 0, DEFAULT_SETTINGS), first);
  // other settings (a new settings object), another parse: not known yet
  assert.equal(readyDocSchema(schemas, parsed, 0, { ...DEFAULT_SETTINGS }), NOT_READY);
  const again = parseDocument(parsed.uri, 2, parsed.text);
  assert.equal(readyDocSchema(schemas, again, 0, DEFAULT_SETTINGS), NOT_READY);
  // the schema file changed (forgotten): loaded again, not the old one
  schemas.forget(uri);
  assert.equal(readyDocSchema(schemas, parsed, 0, DEFAULT_SETTINGS), NOT_READY);
  const reloaded = await docSchema(schemas, parsed, 0, DEFAULT_SETTINGS);
  assert.notEqual(reloaded!.root, first!.root);
  assert.equal(readyDocSchema(schemas, parsed, 0, DEFAULT_SETTINGS), reloaded);
});

