/**
 * The protocol's values (enumerations, ResponseError) the services use, imported from the
 * library in this one module. The bundler gives every module that imports values from a CommonJS
 * package its own copy of the package's exports (~300 getters each for vscode-languageserver):
 * imported here once, not in a dozen modules (~0.5 MB less at start). Types are imported from the
 * library directly (they cost nothing at run time).
 */
export { CodeActionKind, CompletionItemKind, CompletionItemTag, DiagnosticSeverity, DiagnosticTag, FoldingRangeKind, InsertTextFormat, InsertTextMode, LSPErrorCodes, MarkupKind, ResponseError, SymbolKind } from 'vscode-languageserver';
