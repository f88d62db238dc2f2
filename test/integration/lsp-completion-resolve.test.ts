// Completion items on the wire (the BUILT server over stdio): lean (a client takes `textEdit`
// over `insertText`, so only the edit is sent); a client that resolves items (resolveSupport)
// gets a long list's documentation through completionItem/resolve, a short list's inline; a
// client that does not gets documentation inline and no resolveProvider.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompletionItem, CompletionList, InitializeResult, MarkupContent } from 'vscode-languageserver';
import { LspClient, SERVER } from './lsp-helpers';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-lsp-resolve-'));
const description = (i: number) => `Property number ${i}. ` + 'It is described at length, as big schemas do. '.repeat(12);
const LONG = { type: 'object', properties: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`p${i}`, { type: 'string', description: description(i) }])) };
const SHORT = { type: 'object', properties: { name: { type: 'string', description: 'The name.' }, size: { type: 'integer', description: 'How big.' } } };

function file(name: string, content: string): string {
  const f = path.join(home, name);
  fs.writeFileSync(f, content);
  return pathToFileURL(f).href;
}

const longSchema = path.join(home, 'long.schema.json');
const shortSchema = path.join(home, 'short.schema.json');

before(() => {
  assert.ok(fs.existsSync(SERVER), 'build first: node esbuild.mjs');
  fs.writeFileSync(longSchema, JSON.stringify(LONG));
  fs.writeFileSync(shortSchema, JSON.stringify(SHORT));
});

async function start(resolveSupport: boolean): Promise<{ c: LspClient; init: InitializeResult }> {
  const c = new LspClient({ TRAINYARD_HOME: home });
  const completionItem = { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], ...(resolveSupport ? { resolveSupport: { properties: ['documentation', 'detail'] } } : {}) };
  const init = (await c.conn.sendRequest('initialize', { processId: process.pid, rootUri: null, workspaceFolders: null, capabilities: { textDocument: { completion: { completionItem } } } })) as InitializeResult;
  await c.conn.sendNotification('initialized', {});
  return { c, init };
}

async function complete(c: LspClient, schema: string, name: string): Promise<CompletionList> {
  const uri = file(name, `# yaml-language-server: $schema=${schema}\n\n`);
  await c.open(uri, fs.readFileSync(path.join(home, name), 'utf8'));
  return (await c.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 0 } })) as CompletionList;
}

test('a client that resolves items: a long list sends documentation on resolve, a short one inline', async () => {
  const { c, init } = await start(true);
  assert.equal((init.capabilities.completionProvider as { resolveProvider?: boolean }).resolveProvider, true);
  const list = await complete(c, longSchema, 'long.yaml');
  assert.equal(list.items.length, 40);
  for (const it of list.items) {
    assert.equal(it.documentation, undefined, `${it.label}: no documentation in the list`);
    assert.equal(it.insertText, undefined, `${it.label}: lean, the edit only`);
    assert.ok(it.textEdit && 'range' in it.textEdit && it.textEdit.newText === `${it.label}: $1`);
    assert.ok(it.data !== undefined);
  }
  const p7 = list.items.find((i) => i.label === 'p7')!;
  const resolved = (await c.conn.sendRequest('completionItem/resolve', p7)) as CompletionItem;
  assert.deepEqual(resolved.documentation, { kind: 'markdown', value: description(7) });
  assert.equal(resolved.label, 'p7');
  assert.deepEqual(resolved.textEdit, p7.textEdit);
  // an item of an earlier list still resolves
  await complete(c, shortSchema, 'short-after.yaml');
  assert.deepEqual(((await c.conn.sendRequest('completionItem/resolve', list.items[0])) as CompletionItem).documentation, { kind: 'markdown', value: description(Number(String(list.items[0].label).slice(1))) });
  // a short list keeps its documentation inline
  const short = await complete(c, shortSchema, 'short.yaml');
  assert.deepEqual(short.items.find((i) => i.label === 'name')!.documentation, { kind: 'markdown', value: 'The name.' });
  assert.equal(short.items.find((i) => i.label === 'name')!.data, undefined);
  await c.close();
});

test('a client that does not resolve items gets documentation inline', async () => {
  const { c, init } = await start(false);
  assert.equal((init.capabilities.completionProvider as { resolveProvider?: boolean }).resolveProvider, false);
  const list = await complete(c, longSchema, 'long2.yaml');
  assert.equal(list.items.length, 40);
  for (const it of list.items) {
    assert.equal((it.documentation as MarkupContent).value, description(Number(String(it.label).slice(1))));
    assert.equal(it.insertText, undefined);
    assert.equal(it.data, undefined);
  }
  await c.close();
});
