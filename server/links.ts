/**
 * Document links and go to definition. Links: every file reference (server/pathRefs.ts) that
 * exists on disk. Definition: a pipeline's `needs` entry → that stage's key; a `${{ params.x }}`
 * of a sweep → the matrix parameter; a file reference → the file.
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
