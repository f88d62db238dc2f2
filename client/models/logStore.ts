/**
 * A job's log as the monitor holds it in the extension host: the (masked) bytes in one growing
 * buffer plus an index of line start offsets, so the webview can ask for any range of lines of
 * a 1,000,000-line log and get just those. No `vscode` import (unit-tested in plain node).
 */
import { collapseCarriageReturns, findAll, stripAnsi } from '../../webviews/text';

/** Longest line (in characters) handed to the webview; the rest is cut with an ellipsis. */
export const MAX_LINE_CHARS = 8000;

export class LogStore {
  private buf = Buffer.alloc(64 * 1024);
  private len = 0;
  /** starts[i] = byte offset where line i begins; line i ends before starts[i+1] - 1 (the \n). */
  private starts = new Float64Array(1024);
  private completeLines = 0;
  private readonly decoder = new TextDecoder('utf-8');

  /** Bytes held. */
  get byteLength(): number {
    return this.len;
  }

  /** Lines, counting a last line that has no `\n` yet. */
  get lineCount(): number {
    return this.completeLines + (this.len > this.lineStart(this.completeLines) ? 1 : 0);
  }

  /** Complete lines (ended by `\n`). */
  get completeLineCount(): number {
    return this.completeLines;
  }

  /** Appends bytes; returns the index of the first line that changed. */
  append(data: Uint8Array): number {
    const firstChanged = this.completeLines;
    if (data.length === 0) return firstChanged;
    this.ensure(this.len + data.length);
    this.buf.set(data, this.len);
    const base = this.len;
    this.len += data.length;
    let i = data.indexOf(10);
    while (i >= 0) {
      this.pushStart(base + i + 1);
      i = data.indexOf(10, i + 1);
    }
    return firstChanged;
  }

  /** Lines `[start, start + count)` as shown: `\r` progress collapsed, overlong lines cut. */
  lines(start: number, count: number): string[] {
    const end = Math.min(this.lineCount, start + count);
    const out: string[] = [];
    for (let i = Math.max(0, start); i < end; i++) out.push(this.line(i));
    return out;
  }

  line(i: number): string {
    const from = this.lineStart(i);
    let to = i < this.completeLines ? this.lineStart(i + 1) - 1 : this.len;
    if (to > from && this.buf[to - 1] === 13) to--; // CRLF
    let text = collapseCarriageReturns(this.decoder.decode(this.buf.subarray(from, to)));
    if (text.length > MAX_LINE_CHARS) text = `${text.slice(0, MAX_LINE_CHARS)}…`;
    return text;
  }

  /**
   * Line numbers whose text (escapes stripped) contains `query`, up to `max`. Works in slices
   * and yields between them (`yieldEvery` lines) so a long search does not block the host.
   */
  async search(query: string, caseSensitive: boolean, max: number, signal?: { aborted: boolean }, yieldEvery = 50_000): Promise<{ matches: number[]; truncated: boolean }> {
    const matches: number[] = [];
    if (!query) return { matches, truncated: false };
    const n = this.lineCount;
    for (let i = 0; i < n; i++) {
      if (i > 0 && i % yieldEvery === 0) {
        await new Promise<void>((r) => setImmediate(r));
        if (signal?.aborted) break;
      }
      if (findAll(stripAnsi(this.line(i)), query, caseSensitive).length) {
        if (matches.length >= max) return { matches, truncated: true };
        matches.push(i);
      }
    }
    return { matches, truncated: false };
  }

  /** Complete lines `[from, completeLineCount)`, e.g. for metric patterns. */
  completeLinesFrom(from: number): string[] {
    return this.lines(from, this.completeLines - from);
  }

  private lineStart(i: number): number {
    return i === 0 ? 0 : this.starts[i - 1]!;
  }

  private pushStart(offset: number): void {
    if (this.completeLines >= this.starts.length) {
      const next = new Float64Array(this.starts.length * 2);
      next.set(this.starts);
      this.starts = next;
    }
    this.starts[this.completeLines++] = offset;
  }

  private ensure(size: number): void {
    if (size <= this.buf.length) return;
    let cap = this.buf.length;
    while (cap < size) cap *= 2;
    const next = Buffer.alloc(cap);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
}
