/**
 * The Trainyard language server. Transport from the command line (`--stdio`, `--node-ipc`,
 * `--socket=N`), as vscode-languageserver reads it. Handlers stay thin: the LanguageService
 * facade holds one service per feature; this file only wires them to the connection.
 */
import './startFlags';
import type { CompletionParams, Diagnostic, HoverParams, InitializeParams, InitializeResult, Message, RequestMessage, ResponseMessage } from 'vscode-languageserver/node';
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, CodeActionKind, DidChangeWatchedFilesNotification, CodeLensRefreshRequest } from './protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { cancelledError, LanguageService, type Cancel } from './languageService';
import type { CompletionOptions } from './completion';
import { startWarmup } from './warmup';
import { Activity, consoleToClient, transportFromArgs } from './transport';
import { FastLane } from './fastLane';
import { LargeGarbage, OptimisingTier } from './memory';

/** Requests a cancel never stops (the session's own lifecycle). */
const NOT_CANCELLABLE = new Set(['initialize', 'shutdown']);

// Completion and hover answered as they are read when nothing is queued before them (server/fastLane.ts).
const lane = new FastLane((msg) => void transport?.writer.write(msg), () => cancelledError().toJson());
const strategy = {
  messageStrategy: lane.messageStrategy,
  connectionStrategy: {
    // A request cancelled while it still waits in the queue is answered RequestCancelled at
    // once and never runs. (One already running sees its token; the handlers check it.)
    cancelUndispatched: (message: Message): ResponseMessage | undefined => {
      const req = message as RequestMessage;
      if (NOT_CANCELLABLE.has(req.method)) return undefined;
      return { jsonrpc: '2.0', id: req.id, error: cancelledError().toJson() };
    },
  },
};
// --stdio and --node-ipc through server/transport.ts; --socket/--pipe as the library reads them.
const activity = new Activity();
// (after an answer, stdin is watched only while nothing already read waits in the queue)
const transport = transportFromArgs(process.argv, activity, { answeredOnly: () => lane.takeAnsweredOnly(), when: () => lane.idle && !lane.flushing });
lane.afterFlush = transport?.watch;
if (transport) {
  // every message the server writes goes past the lane (an answer ends its request's time with the library)
  const write = transport.writer.write.bind(transport.writer);
  transport.writer.write = (msg) => {
    lane.written(msg);
    return write(msg);
  };
}
const connection = transport ? createConnection(ProposedFeatures.all, lane.track(transport.reader), transport.writer, strategy) : createConnection(ProposedFeatures.all, strategy);
let shutdownReceived = false;
if (transport?.stdio) {
  // What the library does for its own stdio transport: stdout is the protocol's, so console
  // output goes to the client's log; the client closing stdin ends the server.
  consoleToClient(connection.console);
  transport.reader.onClose(() => process.exit(shutdownReceived ? 0 : 1));
}
const documents = new TextDocuments(TextDocument);
const service = new LanguageService();
/** How this client takes completion items (from its capabilities). */
let completionOptions: CompletionOptions = { lean: true };
/** Whether the client watches files for the server when asked (dynamic registration). */
let watchFiles = false;
/** Whether the client re-asks for code lenses when told (workspace/codeLens/refresh). */
let lensRefresh = false;

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const canPull = params.capabilities.workspace?.configuration === true;
  service.settings.setPull(canPull ? (uri) => connection.workspace.getConfiguration({ scopeUri: uri, section: 'trainyard' }) : undefined);
  // (editors that pass settings at start: `initializationOptions.trainyard`)
  service.settings.setInitializationOptions(params.initializationOptions);
  // (VS Code checks .json files by their `$schema` key itself: the extension says `jsonSchemaKey: false`)
  service.schemas.jsonSchemaKey = (params.initializationOptions as { jsonSchemaKey?: unknown } | undefined)?.jsonSchemaKey !== false;
  const folders = (params.workspaceFolders ?? []).map((f) => f.uri).concat(params.rootUri ? [params.rootUri] : []);
  service.schemas.workspaceFolders = [...new Set(folders)].flatMap((u) => {
    try {
      return [fileURLToPath(u)];
    } catch {
      return [];
    }
  });
  // Clients that resolve items (they say which properties) get long lists' documentation on resolve.
  const lazyDocs = params.capabilities.textDocument?.completion?.completionItem?.resolveSupport !== undefined;
  watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  lensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
  // (clients without snippets, e.g. Neovim's built-in omnifunc, get plain text)
  const snippets = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
  completionOptions = { lean: true, lazyDocs, snippets };
  // (this answer is written as the handler returns, before anything read after it is answered)
  lane.enabled = true;
  return {
    capabilities: {
      // (saves: a schema file edited in the editor is read again, see schemasChanged)
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      completionProvider: { triggerCharacters: [':', ' ', '-', '"', '/', '.'], resolveProvider: lazyDocs },
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

// A settings pull answered after PULL_TIMEOUT_MS: the file was checked with the defaults; again with its settings.
service.settings.lateAnswer = (uri) => {
  const doc = documents.get(uri);
  if (doc) void publish(doc);
};

connection.onDidChangeConfiguration((params) => {
  // Clients that cannot answer workspace/configuration push the settings here instead.
  if (!service.settings.canPull) service.settings.setPushed((params.settings as Record<string, unknown> | null)?.trainyard);
  service.settings.invalidate();
  for (const d of documents.all()) void publish(d);
  // (lenses depend on settings too: Restricted Mode turns them off, trust turns them on)
  if (lensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
});

const largeGarbage = new LargeGarbage();
const optimising = new OptimisingTier();

/** Per URI, the latest diagnostics run: only it may publish (an older one's result is stale). */
const runs = new Map<string, number>();
let lastRun = 0;

async function publish(doc: TextDocument): Promise<void> {
  const version = doc.version;
  const run = ++lastRun;
  runs.set(doc.uri, run);
  // stale: a newer version, newer settings (a later run for this URI), or the document closed
  const isCurrent = () => runs.get(doc.uri) === run && documents.get(doc.uri) === doc && doc.version === version;
  let list: Diagnostic[];
  optimising.document(doc.getText().length);
  const started = performance.now();
  try {
    list = await service.diagnose(doc, isCurrent);
  } catch (err) {
    connection.console.error(`diagnostics of ${doc.uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    list = [];
  }
  optimising.worked(performance.now() - started);
  // A newer run is on its way: this result is stale, that one publishes.
  if (!isCurrent()) return;
  // Always publish, even an empty or unchanged list.
  // Idle work for the document (priming its incremental parser) waits until they are written.
  void connection.sendDiagnostics({ uri: doc.uri, version, diagnostics: list }).then(() => service.answered(doc.uri), () => undefined);
  // (a big document's old texts are freed by a full collection: start one if they piled up)
  largeGarbage.check();
}

// onDidChangeContent also fires when a document opens.
documents.onDidChangeContent((e) => void publish(e.document));
documents.onDidClose((e) => {
  runs.delete(e.document.uri);
  service.closed(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

// Every request: the document, then the token (a request cancelled before it starts answers
// RequestCancelled; the facade checks the token again after each wait); results go out as they
// are, without a promise when the answer is known at once (completion and hover while typing).
function completion(params: CompletionParams, token?: Cancel) {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  if (token?.isCancellationRequested) return cancelledError();
  return service.complete(doc, params.position, completionOptions, token);
}
function hover(params: HoverParams, token?: Cancel) {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  if (token?.isCancellationRequested) return cancelledError();
  return service.hoverAt(doc, params.position, token);
}
connection.onCompletion(completion);
lane.on('textDocument/completion', (params, token) => completion(params as CompletionParams, token));

connection.onCompletionResolve((item, token) => (token.isCancellationRequested ? cancelledError() : service.resolveCompletion(item)));

connection.onHover(hover);
lane.on('textDocument/hover', (params, token) => hover(params as HoverParams, token));

// The other features: documents.get → the facade, nothing else.
connection.onCodeAction((params, token) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  return token.isCancellationRequested ? cancelledError() : service.codeActions(doc, params.context.diagnostics, token);
});
connection.onDocumentSymbol((params, token) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  return token.isCancellationRequested ? cancelledError() : service.symbols(doc, token);
});
connection.onFoldingRanges((params, token) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  return token.isCancellationRequested ? cancelledError() : service.folding(doc, token);
});
connection.onDocumentLinks((params, token) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  return token.isCancellationRequested ? cancelledError() : service.documentLinks(doc, token);
});
connection.onDefinition((params, token) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  return token.isCancellationRequested ? cancelledError() : service.definition(doc, params.position, token);
});
connection.onCodeLens((params, token) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  return token.isCancellationRequested ? cancelledError() : service.codeLenses(doc, token);
});

// A validator compiled this session is written to the cache in the background: let those writes
// finish before the client's `exit` (bounded, so a stuck disk never holds the shutdown).
connection.onShutdown(() => {
  shutdownReceived = true;
  return Promise.race([service.schemas.idle(), new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
});

// While no document is open, warm the YAML path up in idle turns (server/warmup.ts): the first
// file opened later is parsed by optimised code. It waits for the client to be quiet, yields to
// every message and stops at the first open.
connection.onInitialized(() => {
  startWarmup(() => documents.all().length > 0, { client: activity });
  // Schema files changed outside the editor (a checkout, a generator) are reported by the client.
  if (watchFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{json,yaml,yml}' }] }).catch(() => undefined);
});

/**
 * A file was saved or changed on disk: schemas whose file (or a file they refer to) changed are
 * read again and every open document is checked again. (A document's own schema is also checked
 * for changes each time the document is.)
 */
function schemasChanged(): void {
  if (service.schemas.refresh().length === 0) return;
  for (const d of documents.all()) void publish(d);
}
connection.onDidChangeWatchedFiles(() => schemasChanged());

documents.listen(connection);
// (after listen, replacing TextDocuments' own handler, which only reports documents it has open)
connection.onDidSaveTextDocument(() => schemasChanged());
connection.listen();
