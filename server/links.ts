/**
 * Document links and go to definition. Links: every file reference (server/pathRefs.ts) that
 * exists on disk. Definition: an alias (`*base`) → its anchor (`&base`, the last one before it
 * in its document); a pipeline's `needs` entry → that stage's key; a `${{ params.x }}` of a
 * sweep → the matrix parameter; a file reference → the file.
 */
import type { DocumentLink, Location, Position } from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import { childPointer, splitPointer } from '../core/yaml';
import type { ParsedDocument } from './documents';
import type { SchemaService } from './schema/service';
import type { ServerSettings } from './settings';
import { schemaFor } from './schemaContext';
import { docAt, nodeAt, valueAtPointer } from './cursor';
import { exists, pathRefs, type PathRef } from './pathRefs';
import { toRange } from './ranges';
import { formatOf, isObj } from './yamlNav';

export class LinkService {
  constructor(private readonly schemas: SchemaService) {}

  async refs(parsed: ParsedDocument, settings: ServerSettings, only?: number): Promise<PathRef[]> {
    const out: PathRef[] = [];
    const docs = parsed.yaml?.docs ?? [];
    for (let i = 0; i < docs.length; i++) {
      if (only !== undefined && i !== only) continue;
      const format = formatOf(this.schemas, parsed, i, settings);
      if (!format) continue;
      const schema = format === 'trainyard' ? await schemaFor(this.schemas, parsed, i, settings) : undefined;
      out.push(...pathRefs(parsed, i, format, schema));
    }
    return out;
  }

  async links(parsed: ParsedDocument, settings: ServerSettings): Promise<DocumentLink[]> {
    const out: DocumentLink[] = [];
    for (const r of await this.refs(parsed, settings)) {
      const kind = exists(r.abs);
      if (!kind) continue;
      out.push({ range: toRange(parsed.lines, r.span[0], r.span[1]), target: pathToFileURL(r.abs).href, tooltip: kind === 'dir' ? `Folder ${r.abs}` : `Open ${r.path}` });
    }
    return out;
  }

  async definition(parsed: ParsedDocument, position: Position, settings: ServerSettings): Promise<Location[] | null> {
    const yaml = parsed.yaml;
    if (!yaml) return null;
    const offset = parsed.lines.offset(position.line, position.character);
    const docIndex = docAt(parsed, offset);
    const doc = yaml.docs[docIndex];
    // *alias → its &anchor
    const anchor = anchorOf(parsed.text, offset, doc.start);
    if (anchor) return [{ uri: parsed.uri, range: toRange(parsed.lines, anchor[0], anchor[1]) }];
    const format = formatOf(this.schemas, parsed, docIndex, settings);
    if (format === 'trainyard' && isObj(doc.value)) {
      const node = nodeAt(doc, offset);
      // needs: [prepare] → the stage `prepare`
      if (node && !node.onKey && doc.value.kind === 'pipeline') {
        const segs = splitPointer(node.pointer);
        const v = valueAtPointer(doc.value, node.pointer);
        if (segs[0] === 'stages' && segs[2] === 'needs' && typeof v === 'string') {
          const target = doc.map.get(childPointer('/stages', v));
          if (target?.key) return [{ uri: parsed.uri, range: toRange(parsed.lines, target.key[0], target.key[1]) }];
        }
      }
      // ${{ params.lr }} → matrix.lr
      if (doc.value.kind === 'sweep') {
        const line = parsed.lines.lineOf(offset);
        const ls = parsed.lines.starts[line];
        const lineText = parsed.text.slice(ls, parsed.lines.starts[line + 1] ?? parsed.text.length);
        for (const m of lineText.matchAll(/\$\{\{\s*params\.([A-Za-z_][\w-]*)\s*\}\}/g)) {
          const a = ls + m.index!;
          if (offset < a || offset > a + m[0].length) continue;
          const target = doc.map.get(childPointer('/matrix', m[1]));
          if (target?.key) return [{ uri: parsed.uri, range: toRange(parsed.lines, target.key[0], target.key[1]) }];
        }
      }
    }
    for (const r of await this.refs(parsed, settings, docIndex)) {
      if (offset < r.span[0] || offset > r.span[1]) continue;
      if (exists(r.abs) !== 'file') continue;
      return [{ uri: pathToFileURL(r.abs).href, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }];
    }
    return null;
  }
}

/** Not in an anchor's name (YAML: flow indicators and white space). */
const NAME = '[^\\s,\\[\\]{}]+';

/** At `offset` an alias `*name`: where its anchor `&name` is (the last one before it, in the same document). */
function anchorOf(text: string, offset: number, docStart: number): [number, number] | undefined {
  let ls = offset;
  while (ls > 0 && text[ls - 1] !== '\n') ls--;
  let le = text.indexOf('\n', offset);
  if (le < 0) le = text.length;
  const line = text.slice(ls, le);
  let name: string | undefined;
  let aliasAt = -1;
  for (const m of line.matchAll(new RegExp(`(^|[\\s,\\[{:-])\\*(${NAME})`, 'g'))) {
    const a = ls + m.index! + m[1].length;
    if (inComment(line, a - ls)) break;
    if (offset >= a && offset <= a + 1 + m[2].length) {
      name = m[2];
      aliasAt = a;
    }
  }
  if (name === undefined) return undefined;
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  let found: [number, number] | undefined;
  const re = new RegExp(`(^|[\\s,\\[{:-])&${esc}(?=[\\s,\\]}]|$)`, 'gm');
  const scope = text.slice(docStart, aliasAt);
  for (const m of scope.matchAll(re)) {
    const a = docStart + m.index! + m[1].length;
    let l0 = a;
    while (l0 > 0 && text[l0 - 1] !== '\n') l0--;
    if (inComment(text.slice(l0, a), a - l0)) continue;
    found = [a, a + 1 + name.length];
  }
  return found;
}

/** Whether column `col` of `line` is inside a comment (a `#` after white space, outside quotes; roughly). */
function inComment(line: string, col: number): boolean {
  let q = '';
  for (let i = 0; i < col; i++) {
    const c = line[i];
    if (q) {
      if (c === q) q = '';
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s:,[{-]/.test(line[i - 1])) q = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return true;
  }
  return false;
}
