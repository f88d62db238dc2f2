/** Offsets ↔ 0-based line/character (LSP counts UTF-16 code units, as JS strings do). */

export class LineIndex {
  private constructor(readonly starts: Int32Array) {}

  /**
   * Counted first, then filled into a typed array: one allocation outside V8's young generation
   * (a 10,000-line file's index was re-grown by every push, on every edit).
   */
  static of(text: string): LineIndex {
    let n = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
    const starts = new Int32Array(n);
    let k = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[k++] = i + 1;
    return new LineIndex(starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 0-based line of `offset`. */
  lineOf(offset: number): number {
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): { line: number; character: number } {
    const line = this.lineOf(offset);
    return { line, character: offset - this.starts[line] };
  }

  offset(line: number, character: number): number {
    if (line < 0) return 0;
    if (line >= this.starts.length) return this.starts[this.starts.length - 1];
    return this.starts[line] + character;
  }
}
