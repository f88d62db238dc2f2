/**
 * The facade the LSP handlers call: one object holding the document cache, settings and one
 * service per feature. Handlers in main.ts stay thin; tests drive this class directly.
 */
import type { CodeAction, CodeLens, CompletionList, Diagnostic, DocumentLink, DocumentSymbol, FoldingRange, Hover, Location, Position } from 'vscode-languageserver';
import { DocumentCache, type ParsedDocument } from './documents';
import { DiagnosticsService } from './diagnostics';
import { CompletionService } from './completion';
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
    const settings = await this.settings.get(doc.uri);
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

  async complete(doc: TextSource, position: Position): Promise<CompletionList | null> {
    const settings = await this.settings.get(doc.uri);
    if (!settings.completion || settings.claim === 'none') return null;
    return this.completion.complete(this.parsed(doc, settings), position, settings);
  }

  async hoverAt(doc: TextSource, position: Position): Promise<Hover | null> {
    const settings = await this.settings.get(doc.uri);
    if (!settings.hover || settings.claim === 'none') return null;
    return this.hover.hover(this.parsed(doc, settings), position, settings);
  }

  // One line per feature: settings, the parse, the service (server/<feature>.ts).
  async codeActions(doc: TextSource, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    const settings = await this.settings.get(doc.uri);
    return settings.claim === 'none' ? [] : this.actions.actions(this.parsed(doc, settings), diagnostics, settings);
  }

  async symbols(doc: TextSource): Promise<DocumentSymbol[]> {
    return documentSymbols(this.parsed(doc, await this.settings.get(doc.uri)));
  }

  async folding(doc: TextSource): Promise<FoldingRange[]> {
    return foldingRanges(this.parsed(doc, await this.settings.get(doc.uri)));
  }

  async documentLinks(doc: TextSource): Promise<DocumentLink[]> {
    const settings = await this.settings.get(doc.uri);
    return settings.claim === 'none' ? [] : this.links.links(this.parsed(doc, settings), settings);
  }

  async definition(doc: TextSource, position: Position): Promise<Location[] | null> {
    const settings = await this.settings.get(doc.uri);
    return settings.claim === 'none' ? null : this.links.definition(this.parsed(doc, settings), position, settings);
  }

  async codeLenses(doc: TextSource): Promise<CodeLens[]> {
    const settings = await this.settings.get(doc.uri);
    return settings.claim === 'none' ? [] : codeLenses(this.parsed(doc, settings), this.schemas, settings);
  }

  closed(uri: string): void {
    this.cache.delete(uri);
    this.settings.forget(uri);
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
