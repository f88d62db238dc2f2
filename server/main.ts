/**
 * The Trainyard language server. Transport from the command line (`--stdio`, `--node-ipc`,
 * `--socket=N`), as vscode-languageserver reads it. Handlers stay thin: each feature is one
 * service class; this file only wires them to the connection.
 */
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type Diagnostic, type InitializeResult } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticsService } from './diagnostics';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const diagnostics = new DiagnosticsService();

connection.onInitialize(
  (): InitializeResult => ({
    capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
    serverInfo: { name: 'trainyard-language-server' },
  }),
);

function publish(doc: TextDocument): void {
  let list: Diagnostic[];
  try {
    list = diagnostics.diagnose(doc);
  } catch (err) {
    connection.console.error(`diagnostics of ${doc.uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    list = [];
  }
  // Always publish, even an empty list: that is what clears fixed problems.
  void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: list });
}

// onDidChangeContent also fires when a document opens.
documents.onDidChangeContent((e) => publish(e.document));
documents.onDidClose((e) => void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }));

documents.listen(connection);
connection.listen();
