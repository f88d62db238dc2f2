/**
 * Starts the Trainyard language server (dist/server.js, over IPC) once a document it may check
 * is open, and stops it on deactivation. The client sends the server every YAML and JSON file
 * (and the files the catalog knows by name, such as `MLproject`); the server's
 * `trainyard.languageServer.claim` setting decides which of them get diagnostics, so the
 * selection here stays wide and the policy stays in one place.
 *
 * Settings are pulled by the server per resource (`workspace/configuration`); this client only
 * adjusts what it answers: in Restricted Mode, `schemaDownload.enable` is always false
 * (DESIGN.md: fetching remote schemas is off there). Granting trust tells the server to pull
 * again.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, DidChangeConfigurationNotification, type DocumentSelector, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { log } from './log';

/** What the server is sent: YAML and JSON by language and by name, and extension-less catalog names. */
export const DOCUMENT_SELECTOR: DocumentSelector = [
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', language: 'json' },
  { scheme: 'file', language: 'jsonc' },
  { scheme: 'file', pattern: '**/*.{yaml,yml,json}' },
  // (MLflow finds its project file in any letter case; these are the spellings in use)
  { scheme: 'file', pattern: '**/{MLproject,MLProject,mlproject}' },
  { scheme: 'untitled', language: 'yaml' },
];

export class TrainyardLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext) {
    const wanted = (doc: vscode.TextDocument) => vscode.languages.match(DOCUMENT_SELECTOR as vscode.DocumentSelector, doc) > 0;
    if (vscode.workspace.textDocuments.some(wanted)) {
      void this.start();
    } else {
      const sub = vscode.workspace.onDidOpenTextDocument((doc) => {
        if (!wanted(doc)) return;
        sub.dispose();
        void this.start();
      });
      this.disposables.push(sub);
    }
    // Trust granted: remote schemas may be fetched now; the server pulls its settings again.
    this.disposables.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        void this.client?.sendNotification(DidChangeConfigurationNotification.type, { settings: null }).catch(() => undefined);
      }),
    );
  }

  /** The running client (for tests and commands); undefined until a checked document opened. */
  get languageClient(): LanguageClient | undefined {
    return this.client;
  }

  private async start(): Promise<void> {
    if (this.client) return;
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      synchronize: { configurationSection: 'trainyard' },
      // VS Code's JSON support validates .json files by their `$schema` key: the server leaves those to it
      initializationOptions: { jsonSchemaKey: false },
      middleware: {
        workspace: {
          configuration: async (params, token, next) => {
            const result = await next(params, token);
            if (!Array.isArray(result)) return result;
            return result.map((value, i) => (params.items[i]?.section === 'trainyard' ? restrict(value) : value));
          },
        },
      },
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

/**
 * The `trainyard` section as the server sees it: in Restricted Mode schema downloads are off, and
 * so are the Run / Render lenses (their commands refuse to run there).
 */
export function restrict(value: unknown, trusted = vscode.workspace.isTrusted): unknown {
  if (trusted) return value;
  const v = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const sd = v.schemaDownload && typeof v.schemaDownload === 'object' ? (v.schemaDownload as Record<string, unknown>) : {};
  const ls = v.languageServer && typeof v.languageServer === 'object' ? (v.languageServer as Record<string, unknown>) : {};
  return { ...v, schemaDownload: { ...sd, enable: false }, languageServer: { ...ls, codeLens: false } };
}
