// Drives the BUILT server (dist/server.js --stdio) over JSON-RPC, as an editor does.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-languageserver/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';

export const SERVER = path.join(__dirname, '..', '..', 'dist', 'server.js');

export class LspClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  private readonly waiters: Array<{ uri: string; resolve: (d: PublishDiagnosticsParams) => void }> = [];
  readonly published: PublishDiagnosticsParams[] = [];

  constructor(env: NodeJS.ProcessEnv = {}) {
    this.proc = spawn(process.execPath, [SERVER, '--stdio'], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      const i = this.waiters.findIndex((w) => w.uri === p.uri);
      if (i >= 0) this.waiters.splice(i, 1)[0].resolve(p);
    });
    this.conn.listen();
  }

  async initialize(rootUri: string | null = null): Promise<void> {
    await this.conn.sendRequest('initialize', { processId: process.pid, rootUri, capabilities: {}, workspaceFolders: null });
    await this.conn.sendNotification('initialized', {});
  }

  /** The next diagnostics published for `uri` (register before sending the change). */
  nextDiagnostics(uri: string): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, resolve }));
  }

  async open(uri: string, text: string, version = 1): Promise<Diagnostic[]> {
    const next = this.nextDiagnostics(uri);
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    return (await next).diagnostics;
  }

  async change(uri: string, version: number, text: string): Promise<Diagnostic[]> {
    const next = this.nextDiagnostics(uri);
    await this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return (await next).diagnostics;
  }

  async close(): Promise<void> {
    await this.conn.sendRequest('shutdown').catch(() => undefined);
    await this.conn.sendNotification('exit').catch(() => undefined);
    await new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null) resolve();
      else this.proc.once('exit', () => resolve());
    });
    this.conn.dispose();
  }
}

export function brief(d: Diagnostic): string {
  return `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code}`;
}
