/**
 * Small helpers the feature services share: which format a YAML document is (Trainyard spec or a
 * catalog entry), spans → LSP ranges with trailing blank lines trimmed, and values by pointer.
 */
import type { Range } from 'vscode-languageserver';
import type { OffsetSpan, Span, YamlDocument } from '../core/yaml';
import { parentPointer } from '../core/yaml';
import type { ParsedDocument } from './documents';
import { isSpecUri } from './diagnostics';
import type { SchemaService } from './schema/service';
import type { ServerSettings } from './settings';
import { toRange } from './ranges';
import { fileURLToPath } from 'node:url';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `trainyard` for Trainyard specs, else the catalog entry's name (`dvc`, `deepspeed`…), else undefined. */
export function formatOf(schemas: SchemaService, parsed: ParsedDocument, docIndex: number, settings: ServerSettings): string | undefined {
  if (isSpecUri(parsed.uri)) return 'trainyard';
  const doc = parsed.yaml?.docs[docIndex];
  if (!doc) return undefined;
  const assoc = schemas.associate(parsed.uri, doc.value, parsed.modelines[docIndex], settings.schemas, parsed.templated);
  if (assoc.kind !== 'schema') return undefined;
  return schemas.catalog.byUri(assoc.uri)?.name ?? assoc.name;
}

/** The document's file path (file: URIs), else undefined. */
export function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** `end` moved back over trailing whitespace (collection spans end at the next line's start). */
export function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && (text[e - 1] === ' ' || text[e - 1] === '\n' || text[e - 1] === '\r' || text[e - 1] === '\t')) e--;
  return e;
}

/** The whole member: key (when there is one) to the value's last character. */
export function memberSpan(text: string, span: OffsetSpan): Span {
  const start = span.key ? span.key[0] : span.value[0];
  const end = Math.max(span.key ? span.key[1] : start, trimEnd(text, span.value[0], span.value[1]));
  return [start, end];
}

/** The span of `pointer` (or its nearest ancestor in the map). */
export function lookupSpan(doc: YamlDocument, pointer: string): { span: OffsetSpan; exact: boolean } | undefined {
  let p = pointer;
  const exact = doc.map.get(p);
  if (exact) return { span: exact, exact: true };
  while (p !== '') {
    p = parentPointer(p);
    const s = doc.map.get(p);
    if (s) return { span: s, exact: false };
  }
  return undefined;
}

/** Where to underline a finding about `pointer`: scalars at their value, collections at their key, the root at its first line. */
export function findingRange(parsed: ParsedDocument, doc: YamlDocument, pointer: string, value: unknown): Range {
  const found = lookupSpan(doc, pointer);
  if (!found) return toRange(parsed.lines, doc.start, doc.start);
  const { span, exact } = found;
  const collection = value !== null && typeof value === 'object';
  if (span.key && (!exact || collection)) return toRange(parsed.lines, span.key[0], span.key[1]);
  if (!span.key && (collection || !exact)) {
    const s = span.value[0];
    let nl = parsed.text.indexOf('\n', s);
    if (nl < 0 || nl > span.value[1]) nl = trimEnd(parsed.text, s, span.value[1]);
    return toRange(parsed.lines, s, Math.max(s + 1, trimEnd(parsed.text, s, nl)));
  }
  return toRange(parsed.lines, span.value[0], trimEnd(parsed.text, span.value[0], span.value[1]));
}

/** The text of a scalar's value span without its quotes: [start, end) of the content. */
export function scalarContent(text: string, span: Span): Span {
  const q = text[span[0]];
  if ((q === '"' || q === "'") && span[1] - span[0] >= 2 && text[span[1] - 1] === q) return [span[0] + 1, span[1] - 1];
  return [span[0], trimEnd(text, span[0], span[1])];
}
