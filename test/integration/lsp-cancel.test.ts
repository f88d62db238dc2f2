// Cancellation over the wire (the BUILT server over stdio): a request and its $/cancelRequest
// written in one write reach the server together, so the cancel is read while the request still
// waits in the queue; the answer is then always a RequestCancelled (-32800) error, never a result,
// for every request kind. Requests not cancelled are answered normally before and after.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SERVER } from './lsp-helpers';

const REQUEST_CANCELLED = -32800;

interface Msg {
  id?: number;
  method?: string;
  params?: any;
  result?: any;
  error?: { code: number; message: string };
}

/** A bare JSON-RPC client: frames are built by hand, so several can go out in one write. */
class RawClient {
  readonly proc: ChildProcess;
  private buf = Buffer.alloc(0);
  private nextId = 1;
  private readonly answers = new Map<number, (m: Msg) => void>();
  private readonly diagnostics: Array<{ uri: string; resolve: () => void }> = [];

  constructor(env: NodeJS.ProcessEnv) {
    this.proc = spawn(process.execPath, [SERVER, '--stdio'], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
    this.proc.stdout!.on('data', (d: Buffer) => this.onData(d));
  }

  static frame(m: Msg): string {
    const body = JSON.stringify({ jsonrpc: '2.0', ...m });
    return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  }

  private onData(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const h = this.buf.indexOf('\r\n\r\n');
      if (h < 0) return;
      const len = Number(/Content-Length: *(\d+)/i.exec(this.buf.subarray(0, h).toString())![1]);
      if (this.buf.length < h + 4 + len) return;
      const m = JSON.parse(this.buf.subarray(h + 4, h + 4 + len).toString('utf8')) as Msg;
      this.buf = this.buf.subarray(h + 4 + len);
      if (m.id !== undefined && m.method) this.proc.stdin!.write(RawClient.frame({ id: m.id, result: null }));
      else if (m.id !== undefined) this.answers.get(m.id)?.(m);
      else if (m.method === 'textDocument/publishDiagnostics') {
        const i = this.diagnostics.findIndex((w) => w.uri === m.params.uri);
        if (i >= 0) this.diagnostics.splice(i, 1)[0].resolve();
      }
    }
  }

  /** Sends the frames in one write; resolves with the answers to the requests among them. */
  send(...msgs: Msg[]): Promise<Msg[]> {
    const waits = msgs.filter((m) => m.id !== undefined && m.method).map((m) => new Promise<Msg>((resolve) => this.answers.set(m.id!, resolve)));
    this.proc.stdin!.write(msgs.map(RawClient.frame).join(''));
    return Promise.all(waits);
  }

  id(): number {
    return this.nextId++;
  }

  async request(method: string, params: unknown): Promise<Msg> {
    return (await this.send({ id: this.id(), method, params }))[0];
  }

  notify(method: string, params: unknown): void {
    this.proc.stdin!.write(RawClient.frame({ method, params }));
  }

  open(uri: string, text: string): Promise<void> {
    const done = new Promise<void>((resolve) => this.diagnostics.push({ uri, resolve }));
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    return done;
  }

  async close(): Promise<void> {
    await this.request('shutdown', null);
    this.notify('exit', null);
    if (this.proc.exitCode === null) await new Promise((resolve) => this.proc.once('exit', resolve));
  }
}

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-lsp-cancel-'));
let c: RawClient;
const uri = pathToFileURL(path.join(home, 'big.trainyard.yaml')).href;
// a large pipeline: symbols, folding, links, code lenses all have work to do
const STAGES = 1500;
const text = ['version: 1', 'kind: pipeline', 'name: big', 'stages:']
  .concat(
    Array.from({ length: STAGES }, (_, i) => [`  s${i}:`, `    run: python train.py --shard ${i}`, '    resources:', '      gpus: 1', ...(i ? ['    needs: [s' + (i - 1) + ']'] : [])]).flat(),
  )
  .join('\n');
const at = { line: 5, character: 6 };
const td = { textDocument: { uri } };
const REQUESTS: Array<[string, unknown]> = [
  ['textDocument/completion', { ...td, position: at }],
  ['textDocument/hover', { ...td, position: at }],
  ['textDocument/documentSymbol', td],
  ['textDocument/foldingRange', td],
  ['textDocument/documentLink', td],
  ['textDocument/codeLens', td],
  ['textDocument/definition', { ...td, position: { line: 8, character: 14 } }],
  ['textDocument/codeAction', { ...td, range: { start: at, end: at }, context: { diagnostics: [] } }],
];

before(async () => {
  assert.ok(fs.existsSync(SERVER), 'build first: node esbuild.mjs');
  c = new RawClient({ TRAINYARD_HOME: home });
  const init = await c.request('initialize', { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null });
  assert.ok(init.result?.capabilities);
  c.notify('initialized', {});
  await c.open(uri, text);
});

after(async () => {
  await c.close();
});

test('a request cancelled in the same write as it is answered RequestCancelled, for every request kind', async () => {
  for (const [method, params] of REQUESTS) {
    const id = c.id();
    const [answer] = await c.send({ id, method, params }, { method: '$/cancelRequest', params: { id } });
    assert.equal(answer.result, undefined, `${method}: no result once cancelled`);
    assert.equal(answer.error?.code, REQUEST_CANCELLED, `${method}: ${JSON.stringify(answer.error)}`);
  }
});

test('requests not cancelled are answered, before and after cancelled ones', async () => {
  const symbols = await c.request('textDocument/documentSymbol', td);
  assert.equal(symbols.error, undefined);
  assert.ok(Array.isArray(symbols.result) && symbols.result.length > 0);
  // a cancel for another request leaves this one alone
  const id = c.id();
  const [completion] = await c.send({ id, method: 'textDocument/completion', params: { ...td, position: at } }, { method: '$/cancelRequest', params: { id: id + 1000 } });
  assert.equal(completion.error, undefined);
  assert.ok(completion.result.items.length > 0);
  const hover = await c.request('textDocument/hover', { ...td, position: { line: 1, character: 2 } });
  assert.match(JSON.stringify(hover.result), /pipeline/);
  // a cancel arriving after the answer changes nothing
  const late = await c.request('textDocument/foldingRange', td);
  c.notify('$/cancelRequest', { id: c.id() - 1 });
  assert.ok(Array.isArray(late.result) && late.result.length >= STAGES);
  const again = await c.request('textDocument/codeLens', td);
  assert.ok(Array.isArray(again.result) && again.result.length > STAGES);
});
