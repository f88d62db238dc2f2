import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { CompletionList, Hover } from 'vscode-languageserver';
import { LspClient, SERVER, brief } from './lsp-helpers';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-lsp-'));
const env = { TRAINYARD_HOME: home };
const uriOf = (name: string) => pathToFileURL(path.join(home, name)).href;

before(() => {
  assert.ok(fs.existsSync(SERVER), 'build first: node esbuild.mjs');
});

test('a broken Trainyard spec: diagnostics with exact ranges', async () => {
  const c = new LspClient(env);
  await c.initialize();
  const d = await c.open(uriOf('broken.trainyard.yaml'), 'version: 1\nkind: job\nrun: echo hi\nresourcs:\n  gpus: 1\n');
  assert.deepEqual(d.map(brief), ['3:0-3:8 unknown-key']);
  assert.match(String(d[0].message), /resources/);
  await c.close();
});

test('diagnostics after every change, even when unchanged or empty', async () => {
  const c = new LspClient(env);
  await c.initialize();
  const uri = uriOf('every.trainyard.yaml');
  assert.equal((await c.open(uri, 'version: 1\nkind: job\nrun: echo\n')).length, 0);
  for (let v = 2; v <= 4; v++) assert.equal((await c.change(uri, v, 'version: 1\nkind: job\nrun: echo\n')).length, 0);
  assert.equal((await c.change(uri, 5, 'version: 1\nkind: jb\nrun: echo\n')).length, 1);
  assert.equal(c.published.filter((p) => p.uri === uri).length, 5);
  await c.close();
});

test('modeline association; a remote schema from a loopback server, then offline from the cache', async () => {
  const schema = JSON.stringify({ type: 'object', properties: { port: { type: 'integer' } }, additionalProperties: false });
  let hits = 0;
  const srv = http.createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(schema);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/s.json`;
  const text = `# yaml-language-server: $schema=${url}\nport: http\nextra: 1\n`;
  const c = new LspClient(env);
  await c.initialize();
  assert.deepEqual((await c.open(uriOf('remote.yaml'), text)).map(brief), ['1:6-1:10 type', '2:0-2:5 additionalProperties']);
  await c.close();
  srv.closeAllConnections();
  await new Promise<void>((r) => srv.close(() => r()));
  assert.equal(hits, 1);
  // offline now: a fresh server reads it from the disk cache
  const c2 = new LspClient(env);
  await c2.initialize();
  assert.deepEqual((await c2.open(uriOf('remote2.yaml'), text)).map(brief), ['1:6-1:10 type', '2:0-2:5 additionalProperties']);
  // a URL that was never cached: one clear diagnostic
  const d = await c2.open(uriOf('remote3.yaml'), `# yaml-language-server: $schema=${url}-missing\nport: 1\n`);
  assert.equal(d.length, 1);
  assert.match(String(d[0].message), /cannot download schema/);
  await c2.close();
});

test('files over the size limit: one "too large" diagnostic', async () => {
  const c = new LspClient(env);
  await c.initialize();
  const big = 'version: 1\nkind: job\nrun: echo\nenv:\n' + Array.from({ length: 200_000 }, (_, i) => `  K${i}: "${'x'.repeat(20)}"`).join('\n') + '\n';
  const d = await c.open(uriOf('big.trainyard.yaml'), big);
  assert.equal(d.length, 1);
  assert.equal(d[0].code, 'too-large');
  await c.close();
});

test('completion and hover on a Trainyard spec', async () => {
  const c = new LspClient(env);
  await c.initialize();
  const uri = uriOf('complete.trainyard.yaml');
  await c.open(uri, 'version: 1\nkind: job\nrun: echo\nresources:\n  \n');
  const list = (await c.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 4, character: 2 } })) as CompletionList;
  assert.ok(list.items.some((i) => i.label === 'gpus'));
  const hover = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 7 } })) as Hover;
  assert.match(JSON.stringify(hover.contents), /runs to completion/);
  await c.close();
});

test('a schema compiled in a session is in the validator cache once shutdown is answered; exit codes follow the protocol', async () => {
  const own = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-lsp-cache-'));
  const schemaFile = path.join(own, 'model.schema.json');
  fs.writeFileSync(schemaFile, JSON.stringify({ type: 'object', properties: { layers: { type: 'integer', minimum: 1 } }, required: ['layers'] }));
  const c = new LspClient({ TRAINYARD_HOME: own });
  await c.initialize();
  const d = await c.open(pathToFileURL(path.join(own, 'model.yaml')).href, `# yaml-language-server: $schema=${pathToFileURL(schemaFile).href}\nlayers: 0\n`);
  assert.deepEqual(d.map(brief), ['1:8-1:9 minimum']);
  // shutdown right after the first answer: the compiled validator still reaches the disk
  await c.conn.sendRequest('shutdown');
  const cached = fs.readdirSync(path.join(own, 'validator-cache')).filter((f) => /^[0-9a-f]{40}\.js$/.test(f));
  assert.equal(cached.length, 1, `validator-cache holds ${JSON.stringify(fs.readdirSync(path.join(own, 'validator-cache')))}`);
  const exited = new Promise<number | null>((resolve) => c.proc.once('exit', (code) => resolve(code)));
  await c.conn.sendNotification('exit');
  assert.equal(await exited, 0, 'exit after shutdown: 0');
  c.conn.dispose();
  // a client that goes away without shutdown (stdin closed): the server ends, with 1
  const c2 = new LspClient({ TRAINYARD_HOME: own });
  await c2.initialize();
  const exited2 = new Promise<number | null>((resolve) => c2.proc.once('exit', (code) => resolve(code)));
  c2.proc.stdin!.end();
  assert.equal(await exited2, 1);
  c2.conn.dispose();
});

test('the bin without a transport says how to start it (exit 2); --version and --help answer', () => {
  const bin = path.join(__dirname, '..', '..', 'bin', 'trainyard-language-server.js');
  const none = spawnSync(process.execPath, [bin], { encoding: 'utf8', input: '' });
  assert.equal(none.status, 2);
  assert.match(none.stderr, /usage: trainyard-language-server --stdio/);
  assert.equal(none.stdout, '');
  const version = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
  assert.equal(version.status, 0);
  assert.equal(version.stdout.trim(), JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version);
  const help = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--node-ipc/);
});
