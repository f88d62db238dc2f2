// A user's own schema file changes while documents using it are open: the server reads it again
// (on the document's next check, on a save, on the client's file-change notice) and checks again.
// Schemas written in YAML are read too. Drives the built server over stdio.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, SERVER, brief } from './lsp-helpers';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-lsp-schemas-'));
const env = { TRAINYARD_HOME: path.join(home, '.trainyard') };
const file = (name: string) => path.join(home, name);
const uriOf = (name: string) => pathToFileURL(file(name)).href;
const portSchema = (type: string | string[]) => JSON.stringify({ type: 'object', properties: { port: { type } } }, null, 2);

before(() => {
  assert.ok(fs.existsSync(SERVER), 'build first: node esbuild.mjs');
});

test('an edited schema file is read again: at the next change of the document, and on the file-change notice with every open document checked again', async () => {
  fs.writeFileSync(file('port.schema.json'), portSchema('integer'));
  const c = new LspClient(env);
  await c.initialize();
  const a = uriOf('a.yaml');
  const b = uriOf('b.yaml');
  const text = '# yaml-language-server: $schema=./port.schema.json\nport: http\n';
  assert.deepEqual((await c.open(a, text)).map(brief), ['1:6-1:10 type']);
  assert.deepEqual((await c.open(b, text)).map(brief), ['1:6-1:10 type']);

  // the schema now allows strings: a's next change sees it
  fs.writeFileSync(file('port.schema.json'), portSchema(['integer', 'string']));
  assert.deepEqual(await c.change(a, 2, `${text}# touched\n`), []);

  // and back; b is not edited, the client reports the file change: b is checked again
  fs.writeFileSync(file('port.schema.json'), portSchema('boolean'));
  const nextB = c.nextDiagnostics(b);
  const nextA = c.nextDiagnostics(a);
  await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('port.schema.json'), type: 2 }] });
  assert.deepEqual((await nextB).diagnostics.map(brief), ['1:6-1:10 type']);
  assert.match(String((await nextA).diagnostics[0]?.message), /boolean/);
  await c.close();
});

test('a schema that was missing is used once it exists; a file it refers to is watched too; a save triggers the check', async () => {
  const c = new LspClient(env);
  await c.initialize();
  const doc = uriOf('later.yaml');
  const text = '# yaml-language-server: $schema=./later.schema.json\nport: http\n';
  const first = await c.open(doc, text);
  assert.equal(first.length, 1);
  assert.match(String(first[0].message), /does not exist/);

  // created, with a $ref to a second file that does not exist yet
  fs.writeFileSync(file('later.schema.json'), JSON.stringify({ type: 'object', properties: { port: { $ref: './port-def.json' } } }));
  const second = await c.change(doc, 2, `${text}\n`);
  assert.equal(second.length, 1);
  assert.match(String(second[0].message), /port-def\.json/);

  // the referenced file appears; saving any document makes the server look
  fs.writeFileSync(file('port-def.json'), JSON.stringify({ type: 'integer' }));
  const next = c.nextDiagnostics(doc);
  await c.conn.sendNotification('textDocument/didSave', { textDocument: { uri: uriOf('port-def.json') } });
  assert.deepEqual((await next).diagnostics.map(brief), ['1:6-1:10 type']);
  await c.close();
});

test('a schema written in YAML', async () => {
  fs.writeFileSync(
    file('svc.schema.yaml'),
    ['# a schema in YAML', 'type: object', 'properties:', '  replicas: {type: integer, minimum: 1}', '  mode: {enum: [train, serve]}', 'additionalProperties: false', ''].join('\n'),
  );
  fs.writeFileSync(file('broken.schema.yaml'), 'type: object\nproperties: [unclosed\n');
  const c = new LspClient(env);
  await c.initialize();
  const d = await c.open(uriOf('svc.yaml'), '# yaml-language-server: $schema=./svc.schema.yaml\nreplicas: 0\nmode: tune\nextra: 1\n');
  assert.deepEqual(d.map(brief), ['1:10-1:11 minimum', '2:6-2:10 enum', '3:0-3:5 additionalProperties']);
  const bad = await c.open(uriOf('bad.yaml'), '# yaml-language-server: $schema=./broken.schema.yaml\nreplicas: 1\n');
  assert.equal(bad.length, 1);
  assert.match(String(bad[0].message), /broken\.schema\.yaml is not valid YAML/);
  await c.close();
});

test('a client that can watch files is asked to watch JSON and YAML files', async () => {
  const c = new LspClient(env);
  const registered = new Promise<unknown>((resolve) => {
    c.conn.onRequest('client/registerCapability', (params: unknown) => {
      resolve(params);
      return null;
    });
  });
  await c.conn.sendRequest('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } });
  await c.conn.sendNotification('initialized', {});
  const params = (await registered) as { registrations: Array<{ method: string; registerOptions: { watchers: Array<{ globPattern: string }> } }> };
  const reg = params.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
  assert.ok(reg, JSON.stringify(params));
  assert.deepEqual(reg.registerOptions.watchers.map((w) => w.globPattern), ['**/*.{json,yaml,yml}']);
  await c.close();
});
