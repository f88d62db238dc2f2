/**
 * Diagnostics of one document: too large → one diagnostic; YAML problems; then per YAML
 * document the schema that applies (Trainyard specs through core/spec's richer checks, any
 * other schema through generic JSON Schema validation). A syntax error only drops schema
 * complaints on its own lines.
 */
import { DiagnosticSeverity } from './protocol';
import type { Diagnostic } from 'vscode-languageserver';
import { loadSpecText } from '../core/spec';
import type { Problem, Severity } from '../core/spec/model';
import type { ParsedDocument } from './documents';
import type { SchemaService } from './schema/service';
import type { ServerSettings } from './settings';
import { validateDocument, validationValue } from './validation/schemaValidation';
import { toRange } from './ranges';
import { findModelines, uriPath } from './schema/association';
import { specFixData } from './fixData';
import { yaml11ReaderOf, yaml11Warnings } from './yaml11';

const SPEC_NAME = /\.trainyard\.ya?ml$/i;

export function isSpecUri(uri: string): boolean {
  return SPEC_NAME.test(uriPath(uri));
}

export class DiagnosticsService {
  /**
   * Documents checked before (until closed). A document's first check records nothing for the
   * next one: an open that is never edited would pay for it, and an edit's check records anyway.
   */
  private readonly checked = new Set<string>();

  constructor(private readonly schemas: SchemaService) {}

  /** `uri` was closed. */
  forget(uri: string): void {
    this.checked.delete(uri);
  }

  /** True when the server checks this document under `settings.claim`. */
  claims(doc: ParsedDocument, settings: ServerSettings): boolean {
    if (settings.claim === 'none' || !settings.validate) return false;
    if (settings.claim === 'specs') return isSpecUri(doc.uri);
    return true;
  }

  async diagnose(doc: ParsedDocument, settings: ServerSettings, isCurrent: () => boolean = () => true): Promise<Diagnostic[]> {
    if (!this.claims(doc, settings)) return [];
    if (doc.tooLarge) {
      return [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: Math.min(doc.text.indexOf('\n') >>> 0, 80) } },
          severity: DiagnosticSeverity.Warning,
          source: 'trainyard',
          code: 'too-large',
          message: `this file is too large to check (${(doc.text.length / 1024 / 1024).toFixed(1)} MB; the limit is ${(settings.maxFileSize / 1024 / 1024).toFixed(1)} MB)`,
        },
      ];
    }
    if (isSpecUri(doc.uri)) return specDiagnostics(doc, settings);
    const yaml = doc.yaml!;
    const remember = this.checked.has(doc.uri);
    this.checked.add(doc.uri);
    const out: Diagnostic[] = [];
    const syntaxLines = new Set<number>();
    const syntaxSpans: Array<[number, number]> = [];
    const claimedAny = { value: false };
    const perDoc: Diagnostic[][] = [];
    for (let i = 0; i < yaml.docs.length; i++) {
      const d = yaml.docs[i];
      const assoc = this.schemas.associate(doc.uri, d.value, doc.modelines[i], settings.schemas, doc.templated);
      if (assoc.kind === 'none') continue;
      claimedAny.value = true;
      if (this.isSpecSchema(assoc.uri)) {
        perDoc.push(specDiagnostics(doc, settings));
        continue;
      }
      // (a schema file edited since it was read is read again: a stat per file, no reading)
      this.schemas.refresh(assoc.uri);
      let res = this.schemas.ready(assoc.uri);
      if (!res) {
        res = await this.schemas.get(assoc.uri, settings.schemaDownload);
        if (!isCurrent()) return [];
      }
      if (!res.ok) {
        perDoc.push([{ range: schemaRefRange(doc, i), severity: DiagnosticSeverity.Error, source: 'trainyard', code: 'schema-unavailable', message: res.error }]);
        continue;
      }
      if (syntaxLines.size === 0) {
        for (const e of yaml.errors) {
          if (e.code !== 'yaml-syntax') continue;
          syntaxSpans.push([e.start, e.end]);
          for (let l = doc.lines.lineOf(e.start); l <= doc.lines.lineOf(e.end); l++) syntaxLines.add(l);
        }
      }
      perDoc.push(validateDocument({ doc: d, text: doc.text, lines: doc.lines, schema: res.compiled, syntaxLines, syntaxSpans, emptyAt: emptyDocumentMarker(doc, i), remember }));
      // scalars the format's own tool reads differently (YAML 1.1)
      const reader = yaml11ReaderOf(assoc.name);
      if (reader) {
        const compiled = res.compiled;
        perDoc.push(yaml11Warnings(d, doc.text, doc.lines, reader, (v) => compiled.validate(validationValue(compiled, v)).errors));
      }
    }
    // Files no schema claims are left to other tools (no YAML problems either).
    if (!claimedAny.value) return [];
    for (const e of yaml.errors) {
      out.push({ range: toRange(doc.lines, e.start, e.end), severity: e.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning, source: 'trainyard', code: e.code, message: e.message });
    }
    for (const list of perDoc) out.push(...list);
    return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }

  private isSpecSchema(uri: string): boolean {
    return this.schemas.catalog.byName('trainyard')?.uri === uri;
  }
}

const MARKER = /^(---|\.\.\.)(?=[ \t\r\n#]|$)/gm;

/**
 * An explicit empty document (`---` with nothing after it, before the next `---` or the end) is
 * a null document, checked like any other and reported at its `---`; an empty or comment-only
 * file holds no document at all. The span of the marker that starts document `index` when it is
 * empty, else undefined.
 */
function emptyDocumentMarker(doc: ParsedDocument, index: number): readonly [number, number] | undefined {
  const docs = doc.yaml?.docs ?? [];
  const d = docs[index];
  if (!d || d.value !== null || d.start !== d.end) return undefined;
  // where document `index` may start: after the end of the last document before it with content,
  // past one marker for each empty document between
  let from = 0;
  let empties = 0;
  for (let j = index - 1; j >= 0; j--) {
    const p = docs[j];
    if (p.value === null && p.start === p.end) empties++;
    else {
      from = p.end;
      break;
    }
  }
  const next = docs.slice(index + 1).find((x) => !(x.value === null && x.start === x.end));
  const to = next ? next.start : doc.text.length;
  const found: Array<[number, number, string]> = [];
  MARKER.lastIndex = from;
  for (let m = MARKER.exec(doc.text); m && m.index < to; m = MARKER.exec(doc.text)) found.push([m.index, m.index + 3, m[1]]);
  // a `...` that ends the document before, right before a `---`, starts nothing
  const starts = found.filter((f, k) => !(f[2] === '...' && found[k + 1]?.[2] === '---'));
  const m = starts[empties];
  return m ? [m[0], m[1]] : undefined;
}

function schemaRefRange(doc: ParsedDocument, index: number): Diagnostic['range'] {
  // the modeline (the file's first), without a byte-order mark or trailing blanks
  const mark = findModelines(doc.text)[0];
  if (mark) {
    const rest = doc.text.slice(mark.offset);
    const line = rest.slice(0, rest.search(/[\r\n\u2028\u2029]|$/));
    return toRange(doc.lines, mark.offset + (line.startsWith('\ufeff') ? 1 : 0), mark.offset + line.trimEnd().length);
  }
  const d = doc.yaml?.docs[index];
  const s = d?.map.get('/$schema');
  if (s) return toRange(doc.lines, s.value[0], s.value[1]);
  return toRange(doc.lines, d?.start ?? 0, (d?.start ?? 0) + 1);
}

/** A spec's problems as `trainyard validate` gives them, with this editor's `trainyard.defaultTarget` (if set) for bodies that name no target. */
function specDiagnostics(doc: ParsedDocument, settings: ServerSettings): Diagnostic[] {
  const loaded = loadSpecText(doc.text, fileOf(doc.uri), settings.defaultTarget ? { defaultTarget: settings.defaultTarget } : {});
  return loaded.problems.map(toDiagnostic);
}

export function toDiagnostic(p: Problem): Diagnostic {
  const data = specFixData(p);
  return {
    ...(data ? { data } : {}),
    range: {
      start: { line: Math.max(0, p.range.start.line - 1), character: Math.max(0, p.range.start.column - 1) },
      end: { line: Math.max(0, p.range.end.line - 1), character: Math.max(0, p.range.end.column - 1) },
    },
    severity: severity(p.severity),
    source: 'trainyard',
    code: p.code,
    message: p.suggestion && !p.message.includes('did you mean') ? `${p.message} (did you mean \`${p.suggestion}\`?)` : p.message,
  };
}

function severity(s: Severity): DiagnosticSeverity {
  switch (s) {
    case 'error':
      return DiagnosticSeverity.Error;
    case 'warning':
      return DiagnosticSeverity.Warning;
    case 'info':
      return DiagnosticSeverity.Information;
    default: {
      const never: never = s;
      throw new Error(`unknown severity ${String(never)}`);
    }
  }
}

function fileOf(uri: string): string {
  try {
    const u = new URL(uri);
    return u.protocol === 'file:' ? decodeURIComponent(u.pathname) : uri;
  } catch {
    return uri;
  }
}
