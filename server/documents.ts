/** Parsed documents, once per version: text → YAML documents with offsets + line index + modelines. */
import { IncrementalYaml, LineIndex, parseYaml, type ParsedYaml } from '../core/yaml';
import { findModelines, isJsonUri } from './schema/association';
import { isLineBreak } from '../core/yaml/chars';

export interface ParsedDocument {
  uri: string;
  version: number;
  text: string;
  lines: LineIndex;
  /** Undefined when the text was too large to parse. */
  yaml?: ParsedYaml;
  /** Modeline target per document index (a header modeline applies to all documents). */
  modelines: Array<string | undefined>;
  tooLarge: boolean;
  /** The text holds Go-template actions (`{{ .Values.x }}`: a Helm chart's template, not a manifest yet). */
  templated?: boolean;
}

/** Whether `text` has a `{{ … }}` template action (not the `${{ … }}` expressions of workflows and specs). */
export function hasTemplateActions(text: string): boolean {
  for (let i = text.indexOf('{{'); i >= 0; i = text.indexOf('{{', i + 2)) {
    if (i > 0 && text.charCodeAt(i - 1) === 0x24) continue; // `${{`
    const close = text.indexOf('}}', i + 2);
    if (close < 0) return false;
    // on one line, as template actions are written
    if (text.lastIndexOf('\n', close) < i) return true;
  }
  return false;
}

/** When no answer came to say "now", the chunk cache is filled after this long anyway. */
const PRIME_FALLBACK_MS = 200;

export class DocumentCache {
  private readonly byUri = new Map<string, ParsedDocument>();
  private readonly parsers = new Map<string, IncrementalYaml>();
  private readonly priming = new Map<string, { run: () => void; timer: NodeJS.Timeout }>();

  get(uri: string, version: number, text: () => string, maxSize: number): ParsedDocument {
    const hit = this.byUri.get(uri);
    // (a parse made before the settings arrived is kept unless the size limit changes the answer)
    if (hit && hit.version === version && hit.tooLarge === hit.text.length > maxSize) return hit;
    let parser = this.parsers.get(uri);
    if (!parser) {
      parser = new IncrementalYaml();
      this.parsers.set(uri, parser);
    }
    const parsed = parseDocument(uri, version, text(), maxSize, parser);
    this.byUri.set(uri, parsed);
    if (!parser.isPrimed && !parsed.tooLarge && !this.priming.has(uri)) {
      // Fill the chunk cache once the first answer is out (`answered`), not before: priming
      // parses the whole text again, and the first diagnostics should not wait for it.
      const p = parser;
      const run = () => {
        const pending = this.priming.get(uri);
        if (!pending || pending.run !== run) return;
        clearTimeout(pending.timer);
        this.priming.delete(uri);
        const latest = this.byUri.get(uri);
        if (this.parsers.get(uri) === p && latest && !p.isPrimed) p.prime(isJsonUri(uri) ? blankJsonComments(latest.text) : latest.text);
      };
      const timer = setTimeout(run, PRIME_FALLBACK_MS);
      timer.unref?.();
      this.priming.set(uri, { run, timer });
    }
    return parsed;
  }

  /** The answer for `uri` is out: idle work for it (priming its chunk cache) may run now. */
  answered(uri: string): void {
    const pending = this.priming.get(uri);
    if (pending) setImmediate(pending.run);
  }

  delete(uri: string): void {
    this.byUri.delete(uri);
    this.parsers.delete(uri);
    const pending = this.priming.get(uri);
    if (pending) clearTimeout(pending.timer);
    this.priming.delete(uri);
  }
}

export function parseDocument(uri: string, version: number, text: string, maxSize = Infinity, parser?: IncrementalYaml): ParsedDocument {
  const lines = LineIndex.of(text);
  if (text.length > maxSize) return { uri, version, text, lines, modelines: [], tooLarge: true };
  // (JSON with comments — tsconfig.json, devcontainer.json, .jsonc — is read without them)
  const source = isJsonUri(uri) ? blankJsonComments(text) : text;
  const yaml = parser ? parser.parse(source, lines) : parseYaml(source);
  const marks = findModelines(text);
  const modelines = yaml.docs.map((d, i) => {
    const prevEnd = i === 0 ? -1 : yaml.docs[i - 1].end;
    const own = marks.filter((m) => m.offset > prevEnd && (m.offset <= d.end || i === yaml.docs.length - 1));
    if (own.length) return own[0].target;
    const header = marks.find((m) => m.offset < (yaml.docs[0]?.start ?? 0));
    return header?.target;
  });
  return { uri, version, text, lines, yaml, modelines, tooLarge: false, templated: hasTemplateActions(text) };
}

/**
 * `text` with its `//` and `/* … *\/` comments (outside strings) replaced by spaces, line breaks
 * kept: offsets stay those of the text. Unchanged (the same string) when there are none.
 */
export function blankJsonComments(text: string): string {
  if (text.indexOf('//') < 0 && text.indexOf('/*') < 0) return text;
  let out = '';
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \\ */) i++;
      else if (c === 34 /* " */ || c === 10 || c === 13) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    if (c !== 47 /* / */) continue;
    const next = text.charCodeAt(i + 1);
    let end: number;
    if (next === 47) {
      end = i + 2;
      while (end < text.length && !isLineBreak(text.charCodeAt(end))) end++;
    } else if (next === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      end = close < 0 ? text.length : close + 2;
    } else continue;
    out += text.slice(from, i) + text.slice(i, end).replace(/[^\r\n]/g, ' ');
    from = end;
    i = end - 1;
  }
  return from === 0 ? text : out + text.slice(from);
}
