/**
 * The facade the LSP handlers call: one object holding the document cache, settings and one
 * service per feature. Handlers in main.ts stay thin; tests drive this class directly.
 */
import { LSPErrorCodes, ResponseError } from './protocol';
import type { CancellationToken, CodeAction, CodeLens, CompletionItem, CompletionList, Diagnostic, DocumentLink, DocumentSymbol, FoldingRange, Hover, Location, Position } from 'vscode-languageserver';
import { DocumentCache, type ParsedDocument } from './documents';
import { DiagnosticsService } from './diagnostics';
import { CompletionService, type CompletionOptions } from './completion';
import { HoverService } from './hover';
import { SchemaService } from './schema/service';
import { DEFAULT_SETTINGS, SettingsProvider, type ConfigurationPull, type ServerSettings } from './settings';
import { MlChecksService } from './mlChecks';
import { CodeActionService } from './codeActions';
import { LinkService } from './links';
import { documentSymbols } from './symbols';
import { foldingRanges } from './folding';
import { codeLenses } from './codeLens';
import { findModelines } from './schema/association';

export interface TextSource {
  uri: string;
  version: number;
  getText(): string;
}

/** What requests are given to notice they were cancelled (an LSP CancellationToken). */
export type Cancel = Pick<CancellationToken, 'isCancellationRequested'>;

/** The answer to a request cancelled before it finished (LSP RequestCancelled). */
export function cancelledError(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
}

/** Throws the RequestCancelled error when `token` says so (the handler's caller sends it as the answer). */
function check(token: Cancel | undefined): void {
  if (token?.isCancellationRequested) throw cancelledError();
}

/** Synchronous work longer than this lets the event loop turn before more (a cancel may be waiting). */
const YIELD_AFTER_MS = 4;

export class LanguageService {
  readonly settings: SettingsProvider;
  readonly schemas: SchemaService;
  private readonly cache = new DocumentCache();
  private readonly diagnostics: DiagnosticsService;
  private readonly completion: CompletionService;
  private readonly hover: HoverService;
  private readonly ml: MlChecksService;
  private readonly actions: CodeActionService;
  private readonly links: LinkService;

  constructor(opts: { pull?: ConfigurationPull; schemas?: SchemaService } = {}) {
    this.settings = new SettingsProvider(opts.pull);
    this.schemas = opts.schemas ?? new SchemaService();
    this.diagnostics = new DiagnosticsService(this.schemas);
    this.completion = new CompletionService(this.schemas);
    this.hover = new HoverService(this.schemas);
    this.ml = new MlChecksService(this.schemas);
    this.actions = new CodeActionService(this.schemas);
    this.links = new LinkService(this.schemas);
  }

  parsed(doc: TextSource, settings: ServerSettings): ParsedDocument {
    return this.cache.get(doc.uri, doc.version, () => doc.getText(), settings.maxFileSize);
  }

  /** Settings already answered are used at once (no await, no microtask); else their promise. */
  private settingsOf(uri: string): ServerSettings | Promise<ServerSettings> {
    const p = this.settings.get(uri);
    const known = this.settled.get(p);
    if (known) return known;
    return p.then((s) => {
      this.settled.set(p, s);
      return s;
    });
  }

  private readonly settled = new WeakMap<Promise<ServerSettings>, ServerSettings>();

  /**
   * Settings and the parse for a request, with its cancellation checked after each wait: after
   * the settings round trip, and after a long parse (one event-loop turn, so a cancel sent
   * meanwhile is read) — the natural points before the feature's own work.
   */
  private async prepare(doc: TextSource, token: Cancel | undefined): Promise<{ settings: ServerSettings; parsed: ParsedDocument }> {
    let settings = this.settingsOf(doc.uri);
    if (settings instanceof Promise) {
      settings = await settings;
      check(token);
    }
    const t = performance.now();
    const parsed = this.parsed(doc, settings);
    if (token && performance.now() - t > YIELD_AFTER_MS) {
      await nextTurn();
      check(token);
    }
    return { settings, parsed };
  }

  async diagnose(doc: TextSource, isCurrent?: () => boolean): Promise<Diagnostic[]> {
    if (!this.settings.has(doc.uri)) {
      // Ask first, then parse while the answer travels: the JSON-RPC writer sends on the next
      // turn of the event loop, so let that turn pass before the (synchronous) parse.
      void this.settings.get(doc.uri);
      // The schema a modeline names can start loading too (its file is read meanwhile).
      const text = doc.getText();
      if (text.length <= DEFAULT_SETTINGS.maxFileSize) this.schemas.prefetchModelines(doc.uri, findModelines(text).map((m) => m.target));
      await nextTurn();
      // (closed or changed meanwhile: the newer version answers)
      if (isCurrent && !isCurrent()) return [];
      this.whileSettingsArrive(doc);
    }
    let settings = this.settingsOf(doc.uri);
    if (settings instanceof Promise) {
      settings = await settings;
      // (a newer version or newer settings came while they did: that run answers, this one drops)
      if (isCurrent && !isCurrent()) return [];
    }
    const parsed = this.parsed(doc, settings);
    const list = await this.diagnostics.diagnose(parsed, settings, isCurrent);
    if (parsed.tooLarge || !this.diagnostics.claims(parsed, settings)) return list;
    const ml = this.ml.check(parsed, settings);
    return ml.length ? [...list, ...ml].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character) : list;
  }

  /**
   * The first answer for a file waits for its settings (a round trip to the client); meanwhile
   * parse it and start loading the schema its modeline names (local files only: whether
   * downloads are allowed is a setting). Both are cached, so the answer only gets faster.
   */
  private whileSettingsArrive(doc: TextSource): void {
    const parsed = this.cache.get(doc.uri, doc.version, () => doc.getText(), DEFAULT_SETTINGS.maxFileSize);
    if (!parsed.tooLarge) this.schemas.prefetchModelines(parsed.uri, parsed.modelines);
  }

  /** The diagnostics of `uri` are sent: idle work for it (priming its incremental parser) may run. */
  answered(uri: string): void {
    this.cache.answered(uri);
  }

  /**
   * Completion at `position`. Synchronous (no promise) when the settings and the document's
   * schema are known — the usual case while typing; `opts` shape the items for the client.
   */
  complete(doc: TextSource, position: Position, opts?: CompletionOptions, token?: Cancel): CompletionList | null | Promise<CompletionList | null> {
    const settings = this.settingsOf(doc.uri);
    if (settings instanceof Promise) return this.prepare(doc, token).then(({ settings: s }) => this.completeWith(doc, position, s, opts, token));
    return this.completeWith(doc, position, settings, opts, token);
  }

  private completeWith(doc: TextSource, position: Position, settings: ServerSettings, opts: CompletionOptions | undefined, token: Cancel | undefined): CompletionList | null | Promise<CompletionList | null> {
    if (!settings.completion || settings.claim === 'none') return null;
    const r = this.completion.complete(this.parsed(doc, settings), position, settings, opts);
    return r instanceof Promise ? r.then((list) => (check(token), list)) : r;
  }

  /** completionItem/resolve: the documentation a long list left out. */
  resolveCompletion(item: CompletionItem): CompletionItem {
    return this.completion.resolve(item);
  }

  /** Hover at `position`; synchronous when the settings and the document's schema are known. */
  hoverAt(doc: TextSource, position: Position, token?: Cancel): Hover | null | Promise<Hover | null> {
    const settings = this.settingsOf(doc.uri);
    if (settings instanceof Promise) return this.prepare(doc, token).then(({ settings: s }) => this.hoverWith(doc, position, s, token));
    return this.hoverWith(doc, position, settings, token);
  }

  private hoverWith(doc: TextSource, position: Position, settings: ServerSettings, token: Cancel | undefined): Hover | null | Promise<Hover | null> {
    if (!settings.hover || settings.claim === 'none') return null;
    const r = this.hover.hover(this.parsed(doc, settings), position, settings);
    return r instanceof Promise ? r.then((h) => (check(token), h)) : r;
  }

  // One line per feature: settings and the parse (cancellation checked after each), the service (server/<feature>.ts).
  async codeActions(doc: TextSource, diagnostics: Diagnostic[], token?: Cancel): Promise<CodeAction[]> {
    const { settings, parsed } = await this.prepare(doc, token);
    if (settings.claim === 'none') return [];
    const actions = await this.actions.actions(parsed, diagnostics, settings);
    check(token);
    return actions;
  }

  async symbols(doc: TextSource, token?: Cancel): Promise<DocumentSymbol[]> {
    return documentSymbols((await this.prepare(doc, token)).parsed);
  }

  async folding(doc: TextSource, token?: Cancel): Promise<FoldingRange[]> {
    return foldingRanges((await this.prepare(doc, token)).parsed);
  }

  async documentLinks(doc: TextSource, token?: Cancel): Promise<DocumentLink[]> {
    const { settings, parsed } = await this.prepare(doc, token);
    if (settings.claim === 'none') return [];
    const links = await this.links.links(parsed, settings);
    check(token);
    return links;
  }

  async definition(doc: TextSource, position: Position, token?: Cancel): Promise<Location[] | null> {
    const { settings, parsed } = await this.prepare(doc, token);
    if (settings.claim === 'none') return null;
    const found = await this.links.definition(parsed, position, settings);
    check(token);
    return found;
  }

  async codeLenses(doc: TextSource, token?: Cancel): Promise<CodeLens[]> {
    const { settings, parsed } = await this.prepare(doc, token);
    return settings.claim === 'none' || !settings.codeLens ? [] : codeLenses(parsed, this.schemas, settings);
  }

  closed(uri: string): void {
    this.cache.delete(uri);
    this.diagnostics.forget(uri);
    this.settings.forget(uri);
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
