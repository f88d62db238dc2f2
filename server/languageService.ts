/**
 * The facade the LSP handlers call: one object holding the document cache, settings and one
 * service per feature. Handlers in main.ts stay thin; tests drive this class directly.
 */
import type { CompletionList, Diagnostic, Hover, Position } from 'vscode-languageserver';
import { DocumentCache, type ParsedDocument } from './documents';
import { DiagnosticsService } from './diagnostics';
import { CompletionService } from './completion';
import { HoverService } from './hover';
import { SchemaService } from './schema/service';
import { SettingsProvider, type ConfigurationPull, type ServerSettings } from './settings';

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

  constructor(opts: { pull?: ConfigurationPull; schemas?: SchemaService } = {}) {
    this.settings = new SettingsProvider(opts.pull);
    this.schemas = opts.schemas ?? new SchemaService();
    this.diagnostics = new DiagnosticsService(this.schemas);
    this.completion = new CompletionService(this.schemas);
    this.hover = new HoverService(this.schemas);
  }

  parsed(doc: TextSource, settings: ServerSettings): ParsedDocument {
    return this.cache.get(doc.uri, doc.version, () => doc.getText(), settings.maxFileSize);
  }

  async diagnose(doc: TextSource, isCurrent?: () => boolean): Promise<Diagnostic[]> {
    const settings = await this.settings.get(doc.uri);
    return this.diagnostics.diagnose(this.parsed(doc, settings), settings, isCurrent);
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

  closed(uri: string): void {
    this.cache.delete(uri);
    this.settings.forget(uri);
  }
}
