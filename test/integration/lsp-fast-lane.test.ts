// The BUILT server over stdio, with messages written in one piece as a fast client does: a
// completion or hover sent right behind a change (in the same write) is answered for the changed
// text, and answers keep coming for a burst of requests (server/fastLane.ts answers requests as
// they are read only when nothing read before them is still queued).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SERVER } from './lsp-helpers';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-lsp-lane-'));
let proc: ChildProcess;
let buf = Buffer.alloc(0);
const waiting = new Map<number, (m: Record<string, unknown>) => void>();
const diagnostics: Array<(m: Record<string, unknown>) => void> = [];

function frame(m: object): string {
  const body = JSON.stringify({ jsonrpc: '2.0', ...m });
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}
/** Writes all of `messages` in one write. */
function send(...messages: object[]): void {
  proc.stdin!.write(messages.map(frame).join(''));
}
function answer(id: number): Promise<Record<string, unknown>> {
  return new Promise((resolve) => waiting.set(id, resolve));
}
function nextDiagnostics(): Promise<Record<string, unknown>> {
  return new Promise((resolve) => diagnostics.push(resolve));
}

before(async () => {
  assert.ok(fs.existsSync(SERVER), 'build first: node esbuild.mjs');
  proc = spawn(process.execPath, [SERVER, '--stdio'], { env: { ...process.env, HOME: home, TRAINYARD_HOME: path.join(home, '.trainyard') }, stdio: ['pipe', 'pipe', 'inherit'] });
  proc.stdout!.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      const h = buf.indexOf('\r\n\r\n');
      if (h < 0) return;
      const len = Number(/Content-Length: *(\d+)/i.exec(buf.subarray(0, h).toString())![1]);
      if (buf.length < h + 4 + len) return;
      const msg = JSON.parse(buf.subarray(h + 4, h + 4 + len).toString('utf8')) as Record<string, unknown>;
      buf = buf.subarray(h + 4 + len);
      if (msg.method === 'workspace/configuration') send({ id: msg.id, result: [null] });
      else if (msg.method === 'textDocument/publishDiagnostics') diagnostics.shift()?.(msg);
      else if (typeof msg.id === 'number' && !msg.method) waiting.get(msg.id)?.(msg);
    }
  });
  const init = answer(1);
  send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } } });
  await init;
  send({ method: 'initialized', params: {} });
});
after(() => {
  proc.kill();
  fs.rmSync(home, { recursive: true, force: true });
});

const schema = path.join(home, 'lane.schema.json');
const labels = (m: Record<string, unknown>) => ((m.result as { items: Array<{ label: string }> } | null)?.items ?? []).map((i) => i.label).sort();

test('a completion or hover written together with the change before it answers for the changed text', async () => {
  fs.writeFileSync(schema, JSON.stringify({ type: 'object', properties: { alpha: { type: 'integer', description: 'The first.' }, beta: { type: 'integer', description: 'The second.' }, gamma: { type: 'string', description: 'The third.' } } }));
  const uri = pathToFileURL(path.join(home, 'lane.yaml')).href;
  const head = `# yaml-language-server: $schema=${pathToFileURL(schema).href}\n`;
  const opened = nextDiagnostics();
  send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text: `${head}alpha: 1\n\n` } } });
  await opened;
  let id = 10;
  for (let round = 0; round < 20; round++) {
    // each round: a change and a completion on the last line in one write; what the change added
    // must not be offered again
    const present = round % 2 === 0 ? ['alpha', 'beta'] : ['gamma'];
    const text = `${head}${present.map((k) => `${k}: ${k === 'gamma' ? 'x' : 1}`).join('\n')}\n\n`;
    const line = present.length + 1;
    const c = answer(++id);
    const h = answer(++id);
    send(
      { method: 'textDocument/didChange', params: { textDocument: { uri, version: round + 2 }, contentChanges: [{ text }] } },
      { id: id - 1, method: 'textDocument/completion', params: { textDocument: { uri }, position: { line, character: 0 } } },
      { id, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 1, character: 1 } } },
    );
    assert.deepEqual(labels(await c), ['alpha', 'beta', 'gamma'].filter((k) => !present.includes(k)), `round ${round}`);
    const hover = JSON.stringify((await h).result);
    assert.match(hover, present[0] === 'alpha' ? /The first/ : /The third/, `round ${round}`);
  }
});

test('a burst of requests written at once is answered, each once, in order', async () => {
  const uri = pathToFileURL(path.join(home, 'burst.yaml')).href;
  const opened = nextDiagnostics();
  send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text: `# yaml-language-server: $schema=${pathToFileURL(schema).href}\nalpha: 1\n` } } });
  await opened;
  const ids = Array.from({ length: 200 }, (_, i) => 1000 + i);
  const order: number[] = [];
  const all = Promise.all(ids.map((i) => answer(i).then((m) => order.push(m.id as number))));
  send(...ids.map((i) => ({ id: i, method: i % 2 ? 'textDocument/hover' : 'textDocument/completion', params: { textDocument: { uri }, position: { line: 1, character: i % 2 } } })));
  await all;
  assert.deepEqual(order, ids);
});
