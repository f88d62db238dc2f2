/**
 * The position-aware YAML parse core/ and server/ share: text → documents (plain JSON value +
 * JSON-pointer → offset spans) + problems. Built on js-yaml's positioned event stream
 * (`parseEvents`, YAML 1.2, ~16× faster than the `yaml` package's parseDocument; see
 * docs/architecture.md "YAML parser").
 *
 * js-yaml stops at the first syntax error. To keep a syntax error from hiding everything after
 * it, the parse recovers: it blanks the offending line (spaces, so offsets stay put), records
 * the error, and parses again, a bounded number of times. The result is a pure function of the
 * text, so an edited document and a freshly opened one always agree.
 */
import { parseEvents, getScalarValue } from 'js-yaml';
import type { ParsedYaml, YamlError } from './types';
import { composeEvents, eventComposer, type YamlEvent } from './compose';
import { scanEvents, type FastEvent } from './fastEvents';
import { separatingTabsToSpaces } from './tabs';

/** Deeper than this and the document is refused (js-yaml's own guard). */
export const MAX_DEPTH = 100;
/** Syntax errors reported (and lines blanked) before the rest of the text is skipped. */
export const MAX_RECOVERIES = 12;
/** Lines walked back when the text left after giving up still does not parse. */
const GIVE_UP_LINES = 8;

/** `key: `, `- key: `, `- - "key": ` at the start of a line. */
const KEY_PREFIX = /^[ ]*(?:-[ ]+)*(?:[A-Za-z0-9_$][^:#\n]*|"[^"\n]*"|'[^'\n]*'):[ ]+/;

interface JsYamlError {
  name?: string;
  reason?: string;
  mark?: { position: number };
}

/** `fast` false skips the fast scanner (tests compare both paths). */
export function parseYaml(text: string, fast = true): ParsedYaml {
  const syntax: YamlError[] = [];
  let work = separatingTabsToSpaces(text);
  let lastLine = -1;
  let lastFrom = -1;
  /** Flow collections already read as one line (oneLineFlow), by their opening bracket. */
  const flattened = new Set<number>();
  for (let attempt = 0; ; attempt++) {
    let events: YamlEvent[];
    // The common subset first (the same events, much faster on a cold start); js-yaml for the rest.
    if (attempt === 0 && fast) {
      const quick = fastParse(text, work);
      if (quick) return quick;
    }
    try {
      events = parseEvents(work, { maxDepth: MAX_DEPTH }) as unknown as YamlEvent[];
    } catch (e) {
      const err = e as JsYamlError;
      if (err?.name !== 'YAMLException' || !err.mark) throw e;
      const at = Math.min(Math.max(0, err.mark.position), text.length);
      if (attempt >= MAX_RECOVERIES) {
        // Give up on the rest: blank from the error's line to the end. If what is left still does
        // not parse (an unclosed quote or bracket above that line), blank from earlier lines, a
        // few at most, rather than lose the whole document.
        let ls = lineStart(work, at);
        events = [];
        for (let back = 0; back <= GIVE_UP_LINES && ls >= 0; back++) {
          work = work.slice(0, ls) + blank(work.slice(ls));
          try {
            events = parseEvents(work, { maxDepth: MAX_DEPTH }) as unknown as YamlEvent[];
            break;
          } catch {
            ls = previousNonBlankLine(work, ls);
          }
        }
        return finish(text, events, syntax, true);
      }
      // A quoted scalar or flow collection never closed swallows the lines after it until one is
      // indented too little (or the text ends): the cause is its opening quote or bracket.
      const opener = UNCLOSED.test(String(err.reason ?? '')) ? unclosedOpener(work, at, String(err.reason)) : undefined;
      // ...unless the collection is closed after all, on a line indented less than js-yaml wants
      // (`args: [` … `]` with the `]` under the key): PyYAML and the `yaml` package read that, and
      // line breaks inside a flow collection are only spaces, so it is read as one line.
      if (opener?.kind === 'flow' && /^deficient/.test(String(err.reason)) && !flattened.has(opener.at)) {
        flattened.add(opener.at);
        const flat = oneLineFlow(work, opener.at);
        if (flat !== undefined) {
          work = flat;
          continue;
        }
      }
      if (opener) {
        const ole = lineEnd(work, opener.at);
        addSyntax(syntax, { code: 'yaml-syntax', message: opener.message, start: opener.at, end: Math.max(ole, opener.at + 1), severity: 'error' });
        // a list or mapping: everything it swallowed; a string: the rest of its line (the lines
        // after it are more likely keys than the string's continuation)
        const to = opener.kind === 'flow' ? Math.max(ole, /^deficient/.test(String(err.reason)) ? lineStart(work, at) : work.length) : ole;
        work = work.slice(0, opener.at) + blank(work.slice(opener.at, to)) + work.slice(to);
        lastLine = lineStart(work, opener.at);
        lastFrom = opener.at;
        continue;
      }
      let ls = lineStart(work, at);
      // First try to keep the key of a `key: broken value` line: blank only the value.
      let from = ls;
      if (ls !== lastLine) {
        const m = KEY_PREFIX.exec(work.slice(ls, lineEnd(work, ls)));
        if (m && ls + m[0].length <= at) from = ls + m[0].length;
      } else if (lastFrom === ls || isBlankLine(work, ls)) {
        // The same line again, already blank: the cause is earlier (an unclosed quote or
        // bracket); blank the nearest non-blank line before it instead.
        ls = previousNonBlankLine(work, ls);
        from = ls;
      }
      if (ls < 0) {
        addSyntax(syntax, syntaxError(err, at, text));
        return finish(text, [], syntax, true);
      }
      if (ls !== lastLine) addSyntax(syntax, syntaxError(err, at, text));
      lastLine = ls;
      lastFrom = from;
      const le = lineEnd(work, ls);
      work = work.slice(0, from) + blank(work.slice(from, le)) + work.slice(le);
      continue;
    }
    return finish(text, events, syntax, attempt > 0);
  }
}

/** Adds a syntax error unless the same one (place and words) is there already. */
function addSyntax(list: YamlError[], e: YamlError): void {
  if (!list.some((x) => x.start === e.start && x.end === e.end && x.message === e.message)) list.push(e);
}

/** js-yaml's reasons for a quoted scalar or flow collection that runs on past where it should end. */
const UNCLOSED = /^(?:deficient indentation|unexpected end of the (?:stream|document) within a (?:double quoted scalar|single quoted scalar|flow collection))/;

interface Opener {
  at: number;
  kind: 'quote' | 'flow';
  message: string;
}

/** Lines looked at, back from an error, for the quote or bracket left open. */
const OPENER_LINES = 200;

/**
 * The quote or bracket, on the error's line or before it, that is never closed: the nearest line
 * ending inside a quoted scalar, or the line whose brackets the lines after it do not close.
 */
function unclosedOpener(work: string, at: number, reason: string): Opener | undefined {
  const wantQuote = !/flow collection/.test(reason);
  const wantFlow = !/quoted scalar/.test(reason);
  const errLine = lineStart(work, at);
  // the line with the error holds the opener only when the text ended there
  let ls = /^deficient/.test(reason) ? previousLine(work, errLine) : errLine;
  let pending = 0;
  for (let n = 0; ls >= 0 && n < OPENER_LINES; n++, ls = previousLine(work, ls)) {
    const line = work.slice(ls, lineEnd(work, ls));
    const r = scanLine(line);
    if (r.quote >= 0 && wantQuote) {
      const q = line[r.quote];
      return { at: ls + r.quote, kind: 'quote', message: `this string is never closed: a closing \`${q}\` is missing` };
    }
    if (wantFlow) {
      const left = r.opens.length - pending;
      if (left > 0) {
        const o = r.opens[0];
        const list = line[o] === '[';
        return { at: ls + o, kind: 'flow', message: `this ${list ? 'list' : 'mapping'} is never closed: a \`${list ? ']' : '}'}\` is missing` };
      }
      pending = pending - r.opens.length + r.closes;
    }
    if (r.quote >= 0) return undefined;
  }
  return undefined;
}

/**
 * `work` with the flow collection opening at `at` on one line: each line break up to the line that
 * closes it becomes a space and comments on those lines are blanked (offsets stay put). Undefined
 * when the collection is not closed, or a quoted scalar in it spans lines (folding would change).
 */
function oneLineFlow(work: string, at: number): string | undefined {
  let ls = lineStart(work, at);
  let depth = 0;
  const joins: number[] = [];
  const blanks: Array<[number, number]> = [];
  for (let n = 0; ls >= 0 && ls < work.length && n < OPENER_LINES; n++) {
    const le = lineEnd(work, ls);
    const r = scanLine(work.slice(ls === lineStart(work, at) ? at : ls, le));
    if (r.quote >= 0) return undefined;
    depth += r.opens.length - r.closes;
    if (r.comment >= 0) blanks.push([(ls === lineStart(work, at) ? at : ls) + r.comment, le]);
    if (depth <= 0) {
      let out = work;
      for (const [a, b] of blanks) out = out.slice(0, a) + ' '.repeat(b - a) + out.slice(b);
      for (const j of joins) out = out.slice(0, j) + (out[j] === '\r' ? '  ' : ' ') + out.slice(out[j] === '\r' ? j + 2 : j + 1);
      return out;
    }
    if (le >= work.length) return undefined;
    joins.push(le);
    ls = work[le] === '\r' ? le + 2 : le + 1;
  }
  return undefined;
}

function previousLine(s: string, ls: number): number {
  if (ls <= 0) return -1;
  return s.lastIndexOf('\n', ls - 2) + 1;
}

/**
 * One line's quotes and brackets, as YAML would read them from the line's start: where a quoted
 * scalar is left open (-1: none), the brackets opened and not closed on the line (offsets), and
 * the closing brackets with no opening one on it. Comments end the line; `#`, quotes and
 * brackets inside plain scalars and quoted scalars are text.
 */
function scanLine(line: string): { quote: number; opens: number[]; closes: number; comment: number } {
  const opens: number[] = [];
  let closes = 0;
  let i = 0;
  const n = line.length;
  let tokenStart = true;
  while (i < n) {
    const c = line[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) return { quote: -1, opens, closes, comment: i };
    if (c === '[' || c === '{') {
      opens.push(i++);
      tokenStart = true;
      continue;
    }
    if (c === ']' || c === '}') {
      if (opens.length) opens.pop();
      else closes++;
      i++;
      tokenStart = false;
      continue;
    }
    if (c === ',') {
      i++;
      tokenStart = true;
      continue;
    }
    if ((c === '-' || c === '?' || c === ':') && (i + 1 >= n || line[i + 1] === ' ' || line[i + 1] === '\t')) {
      i++;
      tokenStart = true;
      continue;
    }
    if (tokenStart && (c === '"' || c === "'")) {
      let j = i + 1;
      let closed = false;
      while (j < n) {
        if (c === '"' && line[j] === '\\') j += 2;
        else if (line[j] === c) {
          if (c === "'" && line[j + 1] === "'") j += 2;
          else {
            closed = true;
            break;
          }
        } else j++;
      }
      if (!closed) return { quote: i, opens, closes, comment: -1 };
      i = j + 1;
      tokenStart = false;
      continue;
    }
    if (tokenStart && (c === '|' || c === '>') && opens.length === 0) break; // a block scalar: its text is on the lines below
    // a plain scalar (or anchor, tag, alias): up to `: `, ` #` or a flow indicator
    tokenStart = false;
    while (i < n) {
      const d = line[i];
      if (d === ',' || d === '[' || d === ']' || d === '{' || d === '}') break;
      if (d === ':' && (i + 1 >= n || line[i + 1] === ' ' || line[i + 1] === '\t' || line[i + 1] === ',')) break;
      if ((d === ' ' || d === '\t') && line[i + 1] === '#') break;
      i++;
    }
  }
  return { quote: -1, opens, closes, comment: -1 };
}

function finish(text: string, events: YamlEvent[], syntax: YamlError[], recovered: boolean): ParsedYaml {
  const docs = composeEvents(text, events, decodeScalar);
  const errors = [...syntax, ...docs.flatMap((d) => d.errors)].sort((a, b) => a.start - b.start || a.end - b.end);
  // Syntax errors belong to the document whose span holds them (or the last one before).
  for (const e of syntax) {
    const d = docs.find((doc) => e.start <= doc.end) ?? docs[docs.length - 1];
    if (d) d.errors.push(e);
  }
  if (docs.length === 0) docs.push({ value: null, map: new Map([['', { value: [0, 0] as const }]]), start: 0, end: 0, errors: [...syntax] });
  return { docs, errors, recovered };
}

/** Only the fast scanner's parse (undefined when it declines the text): for callers that keep their own parser for the rest. */
export function parseYamlFast(text: string): ParsedYaml | undefined {
  return fastParse(text, separatingTabsToSpaces(text));
}

/** The fast scanner's events composed as they come (no event array); undefined when it declines. */
function fastParse(text: string, work: string): ParsedYaml | undefined {
  const composer = eventComposer(text, decodeScalar);
  let any = false;
  const ok = scanEvents(work, (ev) => {
    any = true;
    composer.feed(ev);
  });
  if (!ok || !any) return undefined;
  const docs = composer.end();
  return { docs, errors: docs.flatMap((d) => d.errors).sort((a, b) => a.start - b.start || a.end - b.end), recovered: false };
}

function decodeScalar(src: string, ev: YamlEvent): string {
  return (ev as FastEvent).text ?? getScalarValue(src, ev as never);
}

function syntaxError(err: JsYamlError, at: number, text: string): YamlError {
  const reason = friendly(String(err.reason ?? 'syntax error'), text, at);
  // Point at the rest of the line from the error (at least one character).
  const le = lineEnd(text, at);
  let start = at;
  let end = Math.max(le, at + 1);
  if (at >= text.length) {
    start = Math.max(0, text.length - 1);
    end = text.length;
  }
  return { code: reason.startsWith('the document nests') ? 'too-deep' : 'yaml-syntax', message: reason, start, end, severity: 'error' };
}

function friendly(reason: string, text: string, at: number): string {
  if (reason === 'end of the stream or a document separator is expected') {
    // js-yaml's words for "this line does not belong where it is"
    let i = at;
    while (text[i] === ' ') i++;
    const c = text[i];
    if (c === '@' || c === '`') return `\`${c}\` is reserved and cannot start a plain value; put the text in quotes`;
    if (c === '-' && (text[i + 1] === ' ' || text[i + 1] === '\n' || text[i + 1] === '\r' || i + 1 >= text.length)) return 'a list item where a key is expected: indent it under its key, or check the indentation';
    return 'this line does not fit the structure above it: check its indentation';
  }
  if (/maxDepth/.test(reason)) return `the document nests deeper than ${MAX_DEPTH} levels, so it was not checked`;
  if (/tab characters must not be used in indentation/.test(reason)) return 'tabs are not allowed as indentation in YAML; indent with spaces';
  if (/duplicated mapping key/.test(reason)) return 'duplicate key; each key may appear once in a mapping';
  return reason;
}

function lineStart(s: string, at: number): number {
  return s.lastIndexOf('\n', Math.max(0, at - 1)) + 1 > at ? 0 : s.lastIndexOf('\n', at - 1) + 1;
}

function lineEnd(s: string, at: number): number {
  const i = s.indexOf('\n', at);
  return i < 0 ? s.length : i > at && s[i - 1] === '\r' ? i - 1 : i;
}

function isBlankLine(s: string, ls: number): boolean {
  return /^[ \t\r]*$/.test(s.slice(ls, lineEnd(s, ls)));
}

function previousNonBlankLine(s: string, ls: number): number {
  let cur = ls;
  while (cur > 0) {
    const prev = s.lastIndexOf('\n', cur - 2) + 1;
    if (!isBlankLine(s, prev)) return prev;
    cur = prev;
  }
  return -1;
}

/** Same length, line breaks kept, everything else a space. */
function blank(s: string): string {
  return s.replace(/[^\n]/g, ' ');
}
