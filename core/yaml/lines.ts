/** Offsets ↔ 0-based line/character (LSP counts UTF-16 code units, as JS strings do). */

export class LineIndex {
  private constructor(readonly starts: number[]) {}

  static of(text: string): LineIndex {
    const starts = [0];
    let i = text.indexOf('\n');
    while (i >= 0) {
      starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
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
