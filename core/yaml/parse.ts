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
        return finish(text, [], [...syntax, syntaxError(err, at, text)], true);
      }
      if (ls !== lastLine) syntax.push(syntaxError(err, at, text));
      lastLine = ls;
      lastFrom = from;
      const le = lineEnd(work, ls);
      work = work.slice(0, from) + blank(work.slice(from, le)) + work.slice(le);
      continue;
    }
    return finish(text, events, syntax, attempt > 0);
  }
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
  const reason = friendly(String(err.reason ?? 'syntax error'));
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

function friendly(reason: string): string {
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
