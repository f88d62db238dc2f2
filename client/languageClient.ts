/**
 * Starts the Trainyard language server (dist/server.js, over IPC) for spec documents. The
 * client starts lazily, when the first spec document is open, and is stopped on deactivation.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { isSpecDocument, SPEC_GLOB } from './specFiles';
import { log } from './log';

export class TrainyardLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext) {
    if (vscode.workspace.textDocuments.some(isSpecDocument)) {
      void this.start();
    } else {
      const sub = vscode.workspace.onDidOpenTextDocument((doc) => {
        if (!isSpecDocument(doc)) return;
        sub.dispose();
        void this.start();
      });
      this.disposables.push(sub);
    }
  }

  private async start(): Promise<void> {
    if (this.client) return;
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: 'file', language: 'yaml', pattern: SPEC_GLOB }],
      synchronize: { configurationSection: 'trainyard' },
    };
    this.client = new LanguageClient('trainyard', 'Trainyard Language Server', serverOptions, clientOptions);
    try {
      await this.client.start();
      log().info('language server started');
    } catch (err) {
      log().error(`language server failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) await c.stop().catch(() => undefined);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    void this.stop();
  }
}
