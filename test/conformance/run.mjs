// Conformance runner: drives any stdio YAML language server over JSON-RPC, the way an editor does,
// through suites of `<case>/{schema.json, valid/*.yaml, invalid/*.yaml}` and classifies each
// document: a valid one with any error-severity diagnostic is a *false error*, an invalid one with
// none is a *miss*. The schema is attached by a modeline on the first line
// (`# yaml-language-server: $schema=<file URI>`, any modeline already in the file is blanked so the
// lines stay put), which both our server and yaml-language-server honour.
//
//   import { runConformance, suitesUnder } from './run.mjs';
//   const r = await runConformance({ command: [process.execPath, 'dist/server.js', '--stdio'], suites });
//
// CLI: node test/conformance/run.mjs [--server "CMD ARGS"] [--settings JSON] [--details] [SUITE_ROOT…]
// (default server: our built dist/server.js; default roots: test/conformance/{own,schemastore} and
// ../shared/conformance).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = join(here, '..', '..');

/** Every `<case>` folder holding a schema.json under each root, as { suite, name, dir }. */
export function suitesUnder(roots) {
  const out = [];
  for (const { suite, root } of roots) {
    if (!existsSync(root)) continue;
    for (const name of readdirSync(root).sort()) {
      const dir = join(root, name);
      if (existsSync(join(dir, 'schema.json'))) out.push({ suite, name, dir });
    }
  }
  return out;
}

/** The default suites: ours (own, schemastore) and the shared sample when it is there. */
export function defaultSuites() {
  const shared = [join(repoRoot, '..', 'shared', 'conformance'), '/work/shared/conformance'].find((d) => existsSync(d));
  const roots = [
    { suite: 'schemastore', root: join(here, 'schemastore') },
    { suite: 'own', root: join(here, 'own') },
  ];
  const cases = suitesUnder(roots);
  // The shared github-workflow sample is the same SchemaStore suite: count it there unless we carry a copy.
  if (shared && !cases.some((c) => c.suite === 'schemastore' && c.name === 'github-workflow')) {
    cases.push(...suitesUnder([{ suite: 'schemastore', root: shared }]));
  }
  return cases;
}

/** The documents of a case: { kind: 'valid'|'invalid', file, path }. */
export function documentsOf(c) {
  const docs = [];
  for (const kind of ['valid', 'invalid']) {
    const d = join(c.dir, kind);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).sort()) if (/\.ya?ml$/.test(f)) docs.push({ kind, file: f, path: join(d, f) });
  }
  return docs;
}

const MODELINE = /^#\s*yaml-language-server\s*:/;

/**
 * The text sent to the server: our modeline first and again after every bare `---` (yaml-language-server
 * reads a modeline per YAML document), any modeline of the file blanked to `#`.
 */
export function withModeline(text, schemaPath) {
  const line = `# yaml-language-server: $schema=${pathToFileURL(schemaPath).href}`;
  const bom = text.startsWith('\ufeff') ? '\ufeff' : '';
  const body = text
    .slice(bom.length)
    .split('\n')
    .map((l) => (MODELINE.test(l) ? '#' : /^---\s*(#.*)?$/.test(l) ? `${l}\n${line}` : l))
    .join('\n');
  return `${bom}${line}\n${body}`;
}

class StdioLsp {
  constructor(command, settings, env) {
    this.settings = settings;
    this.proc = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => { this.stderr = (this.stderr + d).slice(-4000); });
    this.buf = Buffer.alloc(0);
    this.id = 0;
    this.pending = new Map();
    this.listeners = new Map(); // uri -> fn(diagnostics)
    this.exited = null;
    this.proc.on('exit', (code, sig) => {
      this.exited = { code, sig };
      for (const p of this.pending.values()) p.reject(new Error(`server exited (${code ?? sig})`));
      this.pending.clear();
    });
    this.proc.stdout.on('data', (d) => this.onData(d));
    this.proc.stdin.on('error', () => undefined);
  }

  onData(d) {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const h = this.buf.indexOf('\r\n\r\n');
      if (h < 0) return;
      const m = /Content-Length: *(\d+)/i.exec(this.buf.subarray(0, h).toString());
      const len = Number(m[1]);
      if (this.buf.length < h + 4 + len) return;
      const msg = JSON.parse(this.buf.subarray(h + 4, h + 4 + len).toString('utf8'));
      this.buf = this.buf.subarray(h + 4 + len);
      this.onMessage(msg);
    }
  }

  send(obj) {
    if (this.exited) return;
    const s = JSON.stringify({ jsonrpc: '2.0', ...obj });
    this.proc.stdin.write(`Content-Length: ${Buffer.byteLength(s)}\r\n\r\n${s}`);
  }

  request(method, params, timeoutMs = 30_000) {
    const id = ++this.id;
    this.send({ id, method, params });
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => { this.pending.delete(id); reject(new Error(`${method} timed out`)); }, timeoutMs);
      this.pending.set(id, { resolve: (v) => { clearTimeout(t); resolve(v); }, reject: (e) => { clearTimeout(t); reject(e); } });
    });
  }

  notify(method, params) { this.send({ method, params }); }

  onMessage(msg) {
    if (msg.id !== undefined && msg.method) {
      let result = null;
      if (msg.method === 'workspace/configuration') {
        result = (msg.params?.items ?? []).map((it) => (it.section ? it.section.split('.').reduce((o, k) => (o ?? {})[k], this.settings) ?? null : this.settings));
      }
      this.send({ id: msg.id, result });
      return;
    }
    if (msg.id !== undefined) {
      const p = this.pending.get(msg.id);
      if (p) {
        this.pending.delete(msg.id);
        if (msg.error) p.reject(new Error(msg.error.message));
        else p.resolve(msg.result);
      }
      return;
    }
    if (msg.method === 'textDocument/publishDiagnostics') this.listeners.get(msg.params.uri)?.(msg.params.diagnostics);
  }

  async start() {
    const root = pathToFileURL(repoRoot).href;
    await this.request('initialize', {
      processId: process.pid,
      rootUri: root,
      workspaceFolders: [{ uri: root, name: 'conformance' }],
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { synchronization: { didSave: true }, publishDiagnostics: { relatedInformation: true, versionSupport: true } },
      },
    }, 60_000);
    this.notify('initialized', {});
    this.notify('workspace/didChangeConfiguration', { settings: this.settings });
  }

  /**
   * Opens the document and resolves with the diagnostics it ends up with: the first publication,
   * then any later one that arrives within `settleMs` of the previous (some servers publish twice).
   */
  diagnose(uri, text, { settleMs, timeoutMs }) {
    return new Promise((resolve) => {
      let last = null;
      let settle = null;
      const done = (v) => { clearTimeout(timer); clearTimeout(settle); this.listeners.delete(uri); resolve(v); };
      const timer = setTimeout(() => done(last ?? { timeout: true }), timeoutMs);
      this.listeners.set(uri, (diagnostics) => {
        last = { diagnostics };
        clearTimeout(settle);
        if (settleMs <= 0) done(last);
        else settle = setTimeout(() => done(last), settleMs);
      });
      this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    });
  }

  async stop() {
    await this.request('shutdown', null, 5000).catch(() => undefined);
    this.notify('exit', null);
    await new Promise((r) => { if (this.exited) r(); else { this.proc.once('exit', r); setTimeout(() => { this.proc.kill('SIGKILL'); r(); }, 3000); } });
  }
}

/**
 * Runs every document of `cases` through one server process.
 * Returns { results: [{ suite, name, kind, file, errors: string[], outcome }], server }, where
 * outcome is 'ok' | 'false-error' | 'miss' | 'no-answer'.
 */
export async function runConformance({ command, settings = {}, env = {}, cases = defaultSuites(), settleMs = 0, timeoutMs = 15_000, concurrency = 8, onResult } = {}) {
  const lsp = new StdioLsp(command, settings, env);
  await lsp.start();
  const jobs = [];
  for (const c of cases) {
    const schema = join(c.dir, 'schema.json');
    for (const d of documentsOf(c)) jobs.push({ c, d, schema });
  }
  const results = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      const { c, d, schema } = jobs[i];
      const uri = pathToFileURL(d.path).href;
      const text = withModeline(readFileSync(d.path, 'utf8'), schema);
      const got = await lsp.diagnose(uri, text, { settleMs, timeoutMs });
      lsp.notify('textDocument/didClose', { textDocument: { uri } });
      let outcome;
      let errors = [];
      if (got.timeout) outcome = 'no-answer';
      else {
        errors = got.diagnostics.filter((x) => (x.severity ?? 1) === 1).map((x) => `${x.range.start.line}:${x.range.start.character} ${String(x.message).split('\n')[0]}`);
        outcome = d.kind === 'valid' ? (errors.length ? 'false-error' : 'ok') : errors.length ? 'ok' : 'miss';
      }
      results[i] = { suite: c.suite, name: c.name, kind: d.kind, file: d.file, errors, outcome };
      onResult?.(results[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  const stderr = lsp.stderr;
  await lsp.stop();
  return { results, stderr };
}

/** Totals per suite and overall: { [suite|'total']: { valid, falseErrors, invalid, misses, noAnswer } }. */
export function tally(results) {
  const t = {};
  const bump = (k, r) => {
    const x = (t[k] ??= { valid: 0, falseErrors: 0, invalid: 0, misses: 0, noAnswer: 0 });
    if (r.kind === 'valid') x.valid++;
    else x.invalid++;
    if (r.outcome === 'false-error') x.falseErrors++;
    if (r.outcome === 'miss') x.misses++;
    if (r.outcome === 'no-answer') x.noAnswer++;
  };
  for (const r of results) bump(r.suite, r);
  for (const r of results) bump('total', r);
  return t;
}

export function formatTally(t) {
  return Object.entries(t)
    .map(([k, x]) => `${k.padEnd(12)} false errors ${String(x.falseErrors).padStart(3)} / ${String(x.valid).padEnd(4)} valid   misses ${String(x.misses).padStart(3)} / ${String(x.invalid).padEnd(4)} invalid${x.noAnswer ? `   no answer ${x.noAnswer}` : ''}`)
    .join('\n');
}

export const servers = {
  trainyard: { command: [process.execPath, join(repoRoot, 'dist', 'server.js'), '--stdio'], settings: {}, settleMs: 0 },
  'yaml-language-server': {
    command: [process.execPath, join(repoRoot, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'],
    settings: { yaml: { validate: true, hover: false, completion: false, schemaStore: { enable: false } } },
    // It validates after a debounce and may publish more than once; take the last within 400 ms.
    settleMs: 400,
  },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (n) => { const i = args.indexOf(`--${n}`); return i < 0 ? undefined : args.splice(i, 2)[1]; };
  const details = args.includes('--details') ? (args.splice(args.indexOf('--details'), 1), true) : false;
  const name = opt('server-name') ?? 'trainyard';
  const cmd = opt('server');
  const base = servers[name] ?? servers.trainyard;
  const command = cmd ? cmd.match(/(?:[^\s"]+|"[^"]*")+/g).map((s) => s.replace(/^"|"$/g, '')) : base.command;
  const settingsArg = opt('settings');
  const settings = settingsArg ? JSON.parse(settingsArg) : base.settings;
  const cases = args.length ? suitesUnder(args.map((r) => ({ suite: r.split('/').filter(Boolean).pop(), root: resolve(r) }))) : defaultSuites();
  const { results } = await runConformance({ command, settings, cases, settleMs: base.settleMs });
  for (const r of results) if (r.outcome !== 'ok' || details) console.log(`${r.outcome.padEnd(11)} ${r.suite}/${r.name}/${r.kind}/${r.file}${r.errors.length ? `  — ${r.errors.slice(0, 3).join(' | ')}` : ''}`);
  console.log(formatTally(tally(results)));
}
