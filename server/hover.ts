/** Hover from the schema: title, description, type, default, the enum value's description, the schema's source. */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { ParsedDocument } from './documents';
import type { SchemaService } from './schema/service';
import type { ServerSettings } from './settings';
import { docAt, nodeAt, valueAtPointer } from './cursor';
import { schemaFor } from './schemaContext';
import { schemasAt, type Schema } from './schema/navigate';
import { toRange } from './ranges';

export class HoverService {
  constructor(private readonly schemas: SchemaService) {}

  async hover(parsed: ParsedDocument, position: Position, settings: ServerSettings): Promise<Hover | null> {
    if (!parsed.yaml) return null;
    const offset = parsed.lines.offset(position.line, position.character);
    const docIndex = docAt(parsed, offset);
    const doc = parsed.yaml.docs[docIndex];
    const node = nodeAt(doc, offset);
    if (!node || node.pointer === '') return null;
    const schema = await schemaFor(this.schemas, parsed, docIndex, settings);
    if (!schema) return null;
    const subs = schemasAt(schema.root, node.pointer, schema.deref);
    if (subs.length === 0) return null;
    const value = valueAtPointer(doc.value, node.pointer);
    const md = describe(subs, value, node.onKey, schema.source);
    if (!md) return null;
    const span = node.onKey && node.span.key ? node.span.key : node.span.value;
    return { contents: { kind: MarkupKind.Markdown, value: md }, range: toRange(parsed.lines, span[0], span[1]) };
  }
}

function first<T>(subs: Schema[], f: (s: Schema) => T | undefined): T | undefined {
  for (const s of subs) {
    const v = f(s);
    if (v !== undefined) return v;
  }
  return undefined;
}

export function describe(subs: Schema[], value: unknown, onKey: boolean, source: string): string | undefined {
  const parts: string[] = [];
  const title = first(subs, (s) => (typeof s.title === 'string' ? s.title : undefined));
  if (title) parts.push(`**${title}**`);
  const text = first(subs, (s) => (typeof s.markdownDescription === 'string' ? s.markdownDescription : undefined)) ?? first(subs, (s) => (typeof s.description === 'string' ? s.description : undefined));
  if (text) parts.push(text);
  const types = [...new Set(subs.flatMap((s) => (Array.isArray(s.type) ? s.type : typeof s.type === 'string' ? [s.type] : [])))];
  const facts: string[] = [];
  if (types.length) facts.push(`type: \`${types.join(' | ')}\``);
  const dflt = first(subs, (s) => s.default);
  if (dflt !== undefined) facts.push(`default: \`${JSON.stringify(dflt)}\``);
  if (facts.length) parts.push(facts.join(' · '));
  if (!onKey && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) {
    for (const s of subs) {
      if (!Array.isArray(s.enum)) continue;
      const i = s.enum.indexOf(value);
      const d = (s.markdownEnumDescriptions ?? s.enumDescriptions)?.[i];
      if (i >= 0 && typeof d === 'string') {
        parts.push(`\`${String(value)}\`: ${d}`);
        break;
      }
    }
  } else if (onKey) {
    const en = first(subs, (s) => (Array.isArray(s.enum) ? s.enum : undefined));
    if (en) parts.push(`one of ${en.slice(0, 12).map((v: unknown) => `\`${String(v)}\``).join(', ')}${en.length > 12 ? ', …' : ''}`);
  }
  if (parts.length === 0) return undefined;
  parts.push(`*Source: ${source}*`);
  return parts.join('\n\n');
}
