/**
 * The protocol library's values (enumerations, ResponseError, the connection and transport
 * classes) the server uses, imported from the library in this one module. The bundler gives every
 * module that imports values from a CommonJS package its own copy of the package's exports (~300
 * getters each for vscode-languageserver): imported here once, not in fourteen modules (~0.5 MB
 * less at start). Types are imported from the library directly (they cost nothing at run time).
 */
export {
  AbstractMessageReader,
  AbstractMessageWriter,
  CodeActionKind,
  CodeLensRefreshRequest,
  CompletionItemKind,
  CompletionItemTag,
  createConnection,
  DiagnosticSeverity,
  DiagnosticTag,
  DidChangeWatchedFilesNotification,
  FoldingRangeKind,
  InsertTextFormat,
  InsertTextMode,
  IPCMessageReader,
  IPCMessageWriter,
  LSPErrorCodes,
  MarkupKind,
  ProposedFeatures,
  ResponseError,
  SymbolKind,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
