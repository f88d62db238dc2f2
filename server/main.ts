/**
 * The Trainyard language server. Transport from the command line (`--stdio`, `--node-ipc`,
 * `--socket=N`), as vscode-languageserver reads it. Handlers stay thin: the LanguageService
 * facade holds one service per feature; this file only wires them to the connection.
 */
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  CodeActionKind,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { LanguageService } from './languageService';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const service = new LanguageService();

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const canPull = params.capabilities.workspace?.configuration === true;
  service.settings.setPull(canPull ? (uri) => connection.workspace.getConfiguration({ scopeUri: uri, section: 'trainyard' }) : undefined);
  const folders = (params.workspaceFolders ?? []).map((f) => f.uri).concat(params.rootUri ? [params.rootUri] : []);
  service.schemas.workspaceFolders = [...new Set(folders)].flatMap((u) => {
    try {
      return [fileURLToPath(u)];
    } catch {
      return [];
    }
  });
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [':', ' ', '-', '"', '/', '.'], resolveProvider: false },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      documentLinkProvider: { resolveProvider: false },
      definitionProvider: true,
      codeLensProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'trainyard-language-server' },
  };
});

connection.onDidChangeConfiguration((params) => {
  // Clients that cannot answer workspace/configuration push the settings here instead.
  if (!service.settings.canPull) service.settings.setPushed((params.settings as Record<string, unknown> | null)?.trainyard);
  service.settings.invalidate();
  for (const d of documents.all()) void publish(d);
});

async function publish(doc: TextDocument): Promise<void> {
  const version = doc.version;
  const isCurrent = () => documents.get(doc.uri)?.version === version;
  let list: Diagnostic[];
  try {
    list = await service.diagnose(doc, isCurrent);
  } catch (err) {
    connection.console.error(`diagnostics of ${doc.uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    list = [];
  }
  // A newer version is on its way: this result is stale, that one publishes.
  if (!isCurrent()) return;
  // Always publish, even an empty or unchanged list.
  // Idle work for the document (priming its incremental parser) waits until they are written.
  void connection.sendDiagnostics({ uri: doc.uri, version, diagnostics: list }).then(() => service.answered(doc.uri), () => undefined);
}

// onDidChangeContent also fires when a document opens.
documents.onDidChangeContent((e) => void publish(e.document));
documents.onDidClose((e) => {
  service.closed(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onCompletion(async (params, token) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc || token.isCancellationRequested) return null;
  return service.complete(doc, params.position);
});

connection.onHover(async (params, token) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc || token.isCancellationRequested) return null;
  return service.hoverAt(doc, params.position);
});

// The other features: documents.get → the facade, nothing else.
connection.onCodeAction(async (params, token) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc || token.isCancellationRequested) return null;
  return service.codeActions(doc, params.context.diagnostics);
});
connection.onDocumentSymbol(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  return doc ? service.symbols(doc) : null;
});
connection.onFoldingRanges(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  return doc ? service.folding(doc) : null;
});
connection.onDocumentLinks(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  return doc ? service.documentLinks(doc) : null;
});
connection.onDefinition(async (params, token) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc || token.isCancellationRequested) return null;
  return service.definition(doc, params.position);
});
connection.onCodeLens(async (params) => {
  const doc = documents.get(params.textDocument.uri);
  return doc ? service.codeLenses(doc) : null;
});

documents.listen(connection);
connection.listen();
