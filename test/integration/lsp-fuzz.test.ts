/**
 * Fuzzing the BUILT server over stdio: thousands of random edits (partial lines, 100 KB lines,
 * deep nesting, lone and reversed surrogates, tabs, NULs, CRs, deleted ranges, anchors and
 * aliases) applied as incremental didChange to real documents: Trainyard specs, a Kubernetes
 * Deployment, a DeepSpeed JSON config, a big DVC pipeline (chunked incremental parsing).
 *
 * Asserted: the server never exits, every request (completion, hover) and every document
 * version's diagnostics arrive within a bound, and at checkpoints and after the last edit the
 * diagnostics equal those a second, fresh server publishes when it opens the same text.
 *
 * Seeded: `FUZZ_SEED=<n>` replays a run (every failure prints its seed and the edit count);
 * `FUZZ_EDITS` (default 2000) and `FUZZ_SECONDS` (default 30) bound it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-languageserver/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SERVER } from './lsp-helpers';
import { seededRandom as prng } from '../../core/orchestrate/plan';

const root = path.join(__dirname, '..', '..');
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : (Date.now() % 1_000_000) + 1;
const EDITS = Number(process.env.FUZZ_EDITS ?? 2000);
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 30);
/** How long one answer may take (a loaded CI machine, a 100 KB line): beyond this the server "hangs". */
const BOUND_MS = 15_000;


function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${BOUND_MS} ms`)), BOUND_MS);
    }),
  ]);
}

/** A stdio client that waits for the diagnostics of a given document version. */
class Server {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  exited: string | undefined;
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private waiters: Array<{ uri: string; version: number; resolve: (d: Diagnostic[]) => void; reject: (e: Error) => void }> = [];

  constructor(home: string) {
    this.proc = spawn(process.execPath, [SERVER, '--stdio'], { env: { ...process.env, TRAINYARD_HOME: home }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.resume();
    this.proc.on('exit', (code, signal) => {
      this.exited = `the server exited (code ${code}, signal ${signal})`;
      for (const w of this.waiters.splice(0)) w.reject(new Error(this.exited));
    });
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      // (a closed document's clearing has no version; only versioned publications count here)
      if (p.version === undefined) return;
      this.latest.set(p.uri, p);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri !== p.uri || p.version! < w.version) return true;
        w.resolve(p.diagnostics);
        return false;
      });
    });
    this.conn.onError(() => undefined);
    this.conn.listen();
  }

  async initialize(rootUri: string): Promise<void> {
    await withTimeout(this.conn.sendRequest('initialize', { processId: process.pid, rootUri, capabilities: {}, workspaceFolders: null }), 'initialize');
    await this.conn.sendNotification('initialized', {});
  }

  /** Forgets what was published for `uri` (before opening it again from version 1). */
  forget(uri: string): void {
    this.latest.delete(uri);
  }

  /** Diagnostics published for `version` (or a later one) of `uri`. */
  diagnostics(uri: string, version: number): Promise<Diagnostic[]> {
    const have = this.latest.get(uri);
    if (have && have.version !== undefined && have.version >= version) return Promise.resolve(have.diagnostics);
    if (this.exited) return Promise.reject(new Error(this.exited));
    return withTimeout(new Promise((resolve, reject) => this.waiters.push({ uri, version, resolve, reject })), `diagnostics of version ${version}`);
  }

  async close(): Promise<void> {
    if (!this.exited) {
      await this.conn.sendRequest('shutdown').catch(() => undefined);
      await this.conn.sendNotification('exit').catch(() => undefined);
      await new Promise<void>((resolve) => (this.proc.exitCode !== null || this.exited ? resolve() : this.proc.once('exit', () => resolve())));
    }
    this.conn.dispose();
  }
}

interface Seed {
  name: string;
  text: string;
}

function seeds(): Seed[] {
  const read = (p: string) => fs.readFileSync(path.join(root, p), 'utf8');
  const out: Seed[] = [];
  for (const f of fs.readdirSync(path.join(root, 'examples')).filter((n) => n.endsWith('.trainyard.yaml'))) out.push({ name: f, text: read(`examples/${f}`) });
  for (const f of ['pipeline.trainyard.yaml', 'anchors.trainyard.yaml', 'sweep.trainyard.yaml']) {
    const p = `test/fixtures/specs/valid/${f}`;
    if (fs.existsSync(path.join(root, p))) out.push({ name: `fixture-${f}`, text: read(p) });
  }
  out.push({ name: 'deployment.yaml', text: read('test/fixtures/thirdparty/kubernetes-deployment/valid.yaml') });
  out.push({ name: 'ds_config_zero3.json', text: read('test/fixtures/thirdparty/deepspeed/valid/zero3-offload-nvme.json') });
  // > 8 KB and free of anchors: the chunked incremental parser takes it after the first parse
  const stages = Array.from({ length: 260 }, (_, i) => `  stage${i}:\n    cmd: python step.py --part ${i}\n    deps:\n      - data/part-${i}.csv\n      - step.py\n    outs:\n      - out/part-${i}.parquet\n    params:\n      - lr\n`);
  out.push({ name: 'dvc.yaml', text: `stages:\n${stages.join('')}` });
  return out;
}

const FRAGMENTS = [': ', ':', '- ', '  ', '    ', '\n', '\r\n', '\r', '\t', '\u0000', '#', ' # c', '"', "'", '[', ']', '{', '}', ', ', '? ', '&a ', '*a', '<<: *a', '!!str ', '|\n  x\n', '>-\n  y\n', '---\n', '...\n', '~', 'null', 'true', '0x1F', '.inf', '1e3', '"\\u00e9"', 'é', '日本', '\uD83D\uDE80', '\uD800', '\uDC00', '\uDC00\uD800', 'kind: ', 'run: ', 'resources:\n  gpus: 2\n', 'apiVersion: v1\n', '"auto"', 'gpus: -1'];

type Edit = { start: number; end: number; text: string; what: string };

function randomEdit(r: () => number, text: string, lines: string[]): Edit {
  const at = () => Math.floor(r() * (text.length + 1));
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const k = r();
  if (text.length > 160_000) {
    // keep documents bounded: cut a big slice
    const s = Math.floor(r() * text.length * 0.5);
    return { start: s, end: s + Math.floor(text.length * 0.4), text: '', what: 'trim' };
  }
  if (k < 0.25) {
    const s = at();
    return { start: s, end: s, text: pick(FRAGMENTS), what: 'fragment' };
  }
  if (k < 0.4) {
    // part of another line, as typing or pasting does
    const line = pick(lines) ?? '';
    const a = Math.floor(r() * (line.length + 1));
    const s = at();
    return { start: s, end: s, text: line.slice(a, a + 1 + Math.floor(r() * 30)) + (r() < 0.5 ? '\n' : ''), what: 'partial line' };
  }
  if (k < 0.6) {
    const s = at();
    return { start: s, end: Math.min(text.length, s + 1 + Math.floor(r() * (r() < 0.9 ? 12 : 400))), text: '', what: 'delete' };
  }
  if (k < 0.7) {
    const s = at();
    return { start: s, end: Math.min(text.length, s + Math.floor(r() * 8)), text: pick(FRAGMENTS) + pick(FRAGMENTS), what: 'replace' };
  }
  if (k < 0.73) {
    const s = at();
    const deep = r() < 0.5 ? `${'['.repeat(50 + Math.floor(r() * 250))}1${']'.repeat(Math.floor(r() * 300))}` : Array.from({ length: 30 + Math.floor(r() * 90) }, (_, i) => `${' '.repeat(i * 2)}k${i}:`).join('\n') + ' v\n';
    return { start: s, end: s, text: deep, what: 'deep nesting' };
  }
  if (k < 0.734) {
    const s = at();
    const unit = pick(['x', 'ab ', '\t', '"', '\uD800', 'é', '- ']);
    return { start: s, end: s, text: `k: ${unit.repeat(Math.ceil(100_000 / unit.length))}\n`, what: 'huge line' };
  }
  if (k < 0.8) {
    // duplicate a line (duplicate keys, repeated list items)
    const line = pick(lines) ?? '';
    const s = text.indexOf('\n', at());
    const pos = s < 0 ? text.length : s + 1;
    return { start: pos, end: pos, text: line + '\n', what: 'duplicate line' };
  }
  if (k < 0.85) {
    // re-indent a line
    const s = text.lastIndexOf('\n', at() - 1) + 1;
    return r() < 0.5 ? { start: s, end: s, text: pick(['  ', '\t', ' ']), what: 'indent' } : { start: s, end: Math.min(text.length, s + 2), text: '', what: 'dedent' };
  }
  if (k < 0.9) {
    const s = at();
    return { start: s, end: s, text: String.fromCharCode(Math.floor(r() * 0x10000)), what: 'random code unit' };
  }
  const s = at();
  return { start: s, end: s, text: pick(['a: &a {x: 1}\nb: *a\n', 'c:\n  <<: *a\n  y: 2\n', '*a: 1\n', '? [k]\n: v\n', '- *zzz\n']), what: 'anchors' };
}

test(`fuzz: random edits never crash or hang the server, and end where a fresh open does (seed ${SEED})`, { timeout: (SECONDS + 120) * 1000 }, async (t) => {
  assert.ok(fs.existsSync(SERVER), 'build first: node esbuild.mjs');
  t.diagnostic(`seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
  const r = prng(SEED);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-fuzz-'));
  const ws = path.join(home, 'ws');
  fs.mkdirSync(ws);
  for (const f of ['train.py', 'prepare.py', 'evaluate.py', 'serve.py', 'common.py', 'step.py']) fs.writeFileSync(path.join(ws, f), '');
  const wsUri = pathToFileURL(ws).href;
  const a = new Server(home);
  const b = new Server(home);
  const log: string[] = [];
  let edits = 0;
  let requests = 0;
  let checks = 0;
  const fail = (e: unknown): never => {
    throw new Error(`seed ${SEED}, after ${edits} edits (replay: FUZZ_SEED=${SEED} FUZZ_EDITS=${EDITS}): ${(e as Error).message}\nlast edits:\n  ${log.slice(-8).join('\n  ')}`);
  };
  /** The fresh server's diagnostics for `text` (opened, read, closed). */
  const fresh = async (uri: string, text: string): Promise<Diagnostic[]> => {
    b.forget(uri);
    await b.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: uri.endsWith('.json') ? 'json' : 'yaml', version: 1, text } });
    const d = await b.diagnostics(uri, 1);
    await b.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    return d;
  };
  try {
    await a.initialize(wsUri);
    await b.initialize(wsUri);
    const docs = seeds().map((s) => ({ ...s, uri: pathToFileURL(path.join(ws, s.name)).href }));
    const perDoc = Math.max(1, Math.floor(EDITS / docs.length));
    const started = Date.now();
    for (const [n, d] of docs.entries()) {
      // each document gets its share of the time
      const deadline = started + (SECONDS * 1000 * (n + 1)) / docs.length;
      let doc = TextDocument.create(d.uri, d.uri.endsWith('.json') ? 'json' : 'yaml', 1, d.text);
      await a.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: d.uri, languageId: doc.languageId, version: 1, text: d.text } });
      await a.diagnostics(d.uri, 1).catch(fail);
      const lines = d.text.split('\n');
      for (let i = 0; i < perDoc && Date.now() < deadline; i++) {
        const text = doc.getText();
        const e = randomEdit(r, text, lines);
        const range = { start: doc.positionAt(e.start), end: doc.positionAt(e.end) };
        const version = doc.version + 1;
        doc = TextDocument.update(doc, [{ range, text: e.text }], version);
        log.push(`${d.name} v${version} ${e.what} @${e.start}-${e.end} ${JSON.stringify(e.text.length > 60 ? `${e.text.slice(0, 60)}…(${e.text.length})` : e.text)}`);
        edits++;
        await a.conn.sendNotification('textDocument/didChange', { textDocument: { uri: d.uri, version }, contentChanges: [{ range, text: e.text }] });
        // Mostly wait for each version; sometimes send a burst (stale versions are dropped).
        if (r() < 0.8) await a.diagnostics(d.uri, version).catch(fail);
        if (r() < 0.15) {
          const pos = doc.positionAt(Math.floor(r() * (doc.getText().length + 1)));
          requests += 2;
          await withTimeout(a.conn.sendRequest('textDocument/completion', { textDocument: { uri: d.uri }, position: pos }), `completion at v${version}`).catch(fail);
          await withTimeout(a.conn.sendRequest('textDocument/hover', { textDocument: { uri: d.uri }, position: pos }), `hover at v${version}`).catch(fail);
        }
        if (a.exited) fail(new Error(a.exited));
        if (i === perDoc - 1 || i % 100 === 99) {
          // checkpoint: what the edited document shows equals a fresh open of its text
          const got = await a.diagnostics(d.uri, version).catch(fail);
          const want = await fresh(d.uri, doc.getText()).catch(fail);
          checks++;
          try {
            assert.deepEqual(got, want);
          } catch (err) {
            fail(new Error(`diagnostics after the edits differ from a fresh open of the same text:\n${(err as Error).message.slice(0, 3000)}`));
          }
        }
      }
      // and the last version, even if the loop stopped on the deadline
      const got = await a.diagnostics(d.uri, doc.version).catch(fail);
      const want = await fresh(d.uri, doc.getText()).catch(fail);
      checks++;
      try {
        assert.deepEqual(got, want);
      } catch (err) {
        fail(new Error(`final diagnostics differ from a fresh open:\n${(err as Error).message.slice(0, 3000)}`));
      }
      await a.conn.sendNotification('textDocument/didClose', { textDocument: { uri: d.uri } });
    }
    assert.equal(a.exited, undefined);
    assert.equal(b.exited, undefined);
    t.diagnostic(`${edits} edits, ${requests} requests, ${checks} comparisons with a fresh server`);
    assert.ok(edits >= docs.length * 5, `only ${edits} edits ran in ${SECONDS} s`);
  } finally {
    await a.close();
    await b.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
});
