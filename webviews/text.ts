/**
 * Log text as the monitor shows it, shared by the extension host (search, line extraction) and
 * the webview (rendering). Pure: no DOM, no node.
 *
 * - ANSI: SGR 0 (reset), 1 (bold), 22 (normal), 30–37 / 90–97 (foreground), 39 (default
 *   foreground) are rendered; every other escape sequence is dropped.
 * - `\r` without `\n` (progress bars such as tqdm's) redraws the line: a line shows what was
 *   written after its last carriage return.
 */

/** One run of text with one style. `fg` is the SGR code (30–37, 90–97). */
export interface Segment {
  text: string;
  fg?: number;
  bold?: boolean;
  /** Part of a search match. */
  match?: boolean;
}

// CSI … final byte, OSC … BEL/ST, and two-byte escapes.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[([0-9;?]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** The line as a progress bar leaves it: the text after the last `\r` that has any. */
export function collapseCarriageReturns(line: string): string {
  if (!line.includes('\r')) return line;
  const parts = line.split('\r');
  for (let i = parts.length - 1; i >= 0; i--) if (parts[i] !== '') return parts[i]!;
  return '';
}

/** The text without escape sequences (what search matches against). */
export function stripAnsi(line: string): string {
  return line.includes('\x1b') ? line.replace(ESCAPES, '') : line;
}

/** Splits a line into styled segments; escape sequences are consumed. */
export function ansiSegments(line: string): Segment[] {
  if (!line.includes('\x1b')) return line ? [{ text: line }] : [];
  const out: Segment[] = [];
  let fg: number | undefined;
  let bold = false;
  let last = 0;
  const push = (text: string) => {
    if (!text) return;
    const seg: Segment = { text };
    if (fg !== undefined) seg.fg = fg;
    if (bold) seg.bold = true;
    out.push(seg);
  };
  ESCAPES.lastIndex = 0;
  for (let m = ESCAPES.exec(line); m; m = ESCAPES.exec(line)) {
    push(line.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[2] !== 'm') continue; // not SGR: dropped
    const codes = (m[1] ?? '').split(';').map((c) => (c === '' ? 0 : Number(c)));
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i]!;
      if (c === 0) {
        fg = undefined;
        bold = false;
      } else if (c === 1) bold = true;
      else if (c === 22) bold = false;
      else if ((c >= 30 && c <= 37) || (c >= 90 && c <= 97)) fg = c;
      else if (c === 39) fg = undefined;
      else if (c === 38 || c === 48) {
        // 256-colour / truecolour: skip the arguments, keep the default colour
        i += codes[i + 1] === 5 ? 2 : codes[i + 1] === 2 ? 4 : 0;
      }
    }
  }
  push(line.slice(last));
  return out;
}

/** Positions `[start, end)` of `query` in `text` (case-insensitive unless asked). */
export function findAll(text: string, query: string, caseSensitive: boolean): Array<[number, number]> {
  if (!query) return [];
  const hay = caseSensitive ? text : text.toLowerCase();
  const needle = caseSensitive ? query : query.toLowerCase();
  const out: Array<[number, number]> = [];
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) out.push([i, i + needle.length]);
  return out;
}

/** Splits segments so that the ranges of `query` become their own segments with `match`. */
export function highlight(segments: Segment[], query: string, caseSensitive: boolean): Segment[] {
  if (!query) return segments;
  const text = segments.map((s) => s.text).join('');
  const ranges = findAll(text, query, caseSensitive);
  if (!ranges.length) return segments;
  const out: Segment[] = [];
  let pos = 0;
  let r = 0;
  for (const seg of segments) {
    const end = pos + seg.text.length;
    let cur = pos;
    while (cur < end) {
      while (r < ranges.length && ranges[r]![1] <= cur) r++;
      const range = ranges[r];
      let next: number;
      let match = false;
      if (!range || range[0] >= end) next = end;
      else if (range[0] > cur) next = range[0];
      else {
        match = true;
        next = Math.min(range[1], end);
      }
      const piece: Segment = { ...seg, text: seg.text.slice(cur - pos, next - pos) };
      if (match) piece.match = true;
      out.push(piece);
      cur = next;
    }
    pos = end;
  }
  return out;
}
