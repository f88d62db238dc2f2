/**
 * The monitor's log viewer: virtual scrolling over a log whose lines stay in the extension
 * host. Rows have a fixed height; only the rows on screen exist in the DOM, and the lines they
 * show are asked for in blocks (`requestLines`) and cached (bounded). ANSI colours, search
 * highlights, follow and wrap. Keyboard: arrows, Page Up/Down, Home/End scroll the log.
 */
import { ansiSegments, highlight } from '../text';

export const LINE_HEIGHT = 18;
const BLOCK = 256;
const MAX_CACHED = 40_000;
/** Browsers cap element heights; past this the scrollbar maps proportionally to lines. */
const MAX_SCROLL_PX = 10_000_000;

export interface LogViewHooks {
  requestLines(start: number, count: number): void;
  /** The user scrolled: `atBottom` turns follow back on, anything else turns it off. */
  onUserScroll(topLine: number, atBottom: boolean): void;
}

export class LogView {
  readonly viewport: HTMLElement;
  private readonly layer: HTMLElement;
  private readonly rowsEl: HTMLElement;
  private readonly spacer: HTMLElement;
  private rows: HTMLElement[] = [];
  private readonly cache = new Map<number, string>();
  private readonly pendingBlocks = new Set<number>();
  private lineCount = 0;
  private topLine = 0;
  private follow = true;
  private wrap = false;
  private query = '';
  private caseSensitive = false;
  private matchSet = new Set<number>();
  private currentMatchLine = -1;
  private frame = 0;
  private programmatic = false;
  private rendered: string[] = [];

  constructor(host: HTMLElement, private readonly hooks: LogViewHooks) {
    this.viewport = el('div', 'log-viewport');
    this.viewport.tabIndex = 0;
    this.viewport.setAttribute('role', 'log');
    this.viewport.setAttribute('aria-label', 'Job log');
    this.layer = el('div', 'log-layer');
    this.rowsEl = el('div', 'log-rows');
    this.spacer = el('div', 'log-spacer');
    this.layer.append(this.rowsEl);
    this.viewport.append(this.layer, this.spacer);
    host.append(this.viewport);
    this.viewport.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.viewport.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver(() => this.layout()).observe(this.viewport);
  }

  get top(): number {
    return this.topLine;
  }

  get visibleCount(): number {
    return Math.max(1, Math.floor(this.viewport.clientHeight / LINE_HEIGHT));
  }

  /** The log grew (or its last line changed): the last known line is re-fetched. */
  setLineCount(n: number): void {
    if (n === this.lineCount) return;
    const lastOld = this.lineCount - 1;
    if (lastOld >= 0) {
      this.cache.delete(lastOld);
      this.pendingBlocks.delete(Math.floor(lastOld / BLOCK));
    }
    this.lineCount = n;
    this.updateSpacer();
    if (this.follow) this.scrollToBottom();
    this.schedule();
  }

  receiveLines(start: number, lines: readonly string[]): void {
    for (let i = 0; i < lines.length; i++) this.cache.set(start + i, lines[i]!);
    this.pendingBlocks.delete(Math.floor(start / BLOCK));
    if (this.cache.size > MAX_CACHED) this.evict();
    this.schedule();
  }

  setFollow(on: boolean): void {
    this.follow = on;
    if (on) this.scrollToBottom();
  }

  setWrap(on: boolean): void {
    this.wrap = on;
    this.viewport.classList.toggle('wrap', on);
    this.rendered = [];
    this.schedule();
  }

  setQuery(query: string, caseSensitive: boolean): void {
    this.query = query;
    this.caseSensitive = caseSensitive;
    this.rendered = [];
    this.schedule();
  }

  setMatches(lines: readonly number[], current: number): void {
    this.matchSet = new Set(lines);
    this.currentMatchLine = current;
    this.rendered = [];
    this.schedule();
  }

  /** Puts `line` at the top (clamped), or centred when `center`. */
  scrollToLine(line: number, center = false): void {
    const target = Math.max(0, Math.min(center ? line - Math.floor(this.visibleCount / 2) : line, this.maxTop()));
    this.setScrollTop(this.lineToPx(target));
    this.topLine = target;
    this.schedule();
  }

  /** Shows the end of the log (the last line fully visible). */
  scrollToBottom(): void {
    this.setScrollTop(this.scrollRange());
    this.topLine = Math.min(this.pxToLine(this.viewport.scrollTop), this.maxTop());
    this.schedule();
  }

  private setScrollTop(px: number): void {
    const before = this.viewport.scrollTop;
    this.viewport.scrollTop = px;
    // a scroll event follows only when the position really changed
    if (this.viewport.scrollTop !== before) this.programmatic = true;
  }

  private maxTop(): number {
    return Math.max(0, this.lineCount - this.visibleCount);
  }

  private totalPx(): number {
    return Math.min(this.lineCount * LINE_HEIGHT, MAX_SCROLL_PX);
  }

  private scrollRange(): number {
    return Math.max(0, this.totalPx() - this.viewport.clientHeight);
  }

  private lineToPx(line: number): number {
    if (this.lineCount * LINE_HEIGHT <= MAX_SCROLL_PX) return line * LINE_HEIGHT;
    const max = this.maxTop();
    return max ? (line / max) * this.scrollRange() : 0;
  }

  private pxToLine(px: number): number {
    if (this.lineCount * LINE_HEIGHT <= MAX_SCROLL_PX) return Math.floor(px / LINE_HEIGHT);
    const range = this.scrollRange();
    return range ? Math.round((px / range) * this.maxTop()) : 0;
  }

  private updateSpacer(): void {
    this.spacer.style.height = `${Math.max(0, this.totalPx() - this.viewport.clientHeight)}px`;
  }

  private layout(): void {
    const want = this.visibleCount + 2;
    while (this.rows.length < want) {
      const r = el('div', 'log-row');
      this.rows.push(r);
      this.rowsEl.append(r);
    }
    while (this.rows.length > want) this.rows.pop()!.remove();
    this.rendered = [];
    this.updateSpacer();
    if (this.follow) this.scrollToBottom();
    this.schedule();
  }

  private onScroll(): void {
    this.topLine = Math.min(this.pxToLine(this.viewport.scrollTop), this.maxTop());
    if (this.programmatic) this.programmatic = false;
    else {
      const atBottom = this.viewport.scrollTop >= this.scrollRange() - 2;
      this.follow = atBottom;
      this.hooks.onUserScroll(this.topLine, atBottom);
    }
    this.schedule();
  }

  private onKey(e: KeyboardEvent): void {
    const page = Math.max(1, this.visibleCount - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    let target: number | undefined;
    if (e.key in moves) target = this.topLine + moves[e.key]!;
    else if (e.key === 'Home') target = 0;
    else if (e.key === 'End') target = this.maxTop();
    if (target === undefined) return;
    e.preventDefault();
    if (target >= this.maxTop()) this.scrollToBottom();
    else this.scrollToLine(target);
    const atBottom = target >= this.maxTop();
    this.follow = atBottom;
    this.hooks.onUserScroll(this.topLine, atBottom);
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.render());
  }

  private render(): void {
    this.frame = 0;
    const top = this.topLine;
    const exact = this.lineCount * LINE_HEIGHT <= MAX_SCROLL_PX;
    // sub-line offset keeps pixel scrolling smooth where positions are exact
    const offset = exact ? this.viewport.scrollTop - top * LINE_HEIGHT : 0;
    this.rowsEl.style.transform = `translateY(${-Math.max(0, offset)}px)`;
    const missing = new Set<number>();
    for (let i = 0; i < this.rows.length; i++) {
      const n = top + i;
      const row = this.rows[i]!;
      if (n >= this.lineCount) {
        if (this.rendered[i] !== '\u0000empty') {
          row.textContent = '';
          row.className = 'log-row';
          this.rendered[i] = '\u0000empty';
        }
        continue;
      }
      const text = this.cache.get(n);
      if (text === undefined) missing.add(Math.floor(n / BLOCK));
      const key = `${n}\u0000${text ?? '\u0001'}`;
      if (this.rendered[i] === key) continue;
      this.rendered[i] = key;
      row.className = `log-row${this.matchSet.has(n) ? ' has-match' : ''}${n === this.currentMatchLine ? ' current-match' : ''}`;
      row.dataset.line = String(n + 1);
      if (text === undefined) row.textContent = '';
      else fill(row, text, this.query, this.caseSensitive);
    }
    for (const b of missing) {
      if (this.pendingBlocks.has(b)) continue;
      this.pendingBlocks.add(b);
      this.hooks.requestLines(b * BLOCK, BLOCK);
    }
  }

  private evict(): void {
    const keepFrom = this.topLine - MAX_CACHED / 4;
    const keepTo = this.topLine + MAX_CACHED / 4;
    for (const k of this.cache.keys()) if (k < keepFrom || k > keepTo) this.cache.delete(k);
  }
}

function el(tag: string, cls: string): HTMLElement {
  const e = document.createElement(tag);
  e.className = cls;
  return e;
}

/** Fills a row with the line's segments (plain text fast path). */
function fill(row: HTMLElement, text: string, query: string, caseSensitive: boolean): void {
  const segs = highlight(ansiSegments(text), query, caseSensitive);
  if (segs.length === 1 && !segs[0]!.fg && !segs[0]!.bold && !segs[0]!.match) {
    row.textContent = segs[0]!.text;
    return;
  }
  row.textContent = '';
  if (!segs.length) return;
  const frag = document.createDocumentFragment();
  for (const s of segs) {
    const span = document.createElement(s.match ? 'mark' : 'span');
    const cls: string[] = [];
    if (s.fg) cls.push(`ansi-${s.fg}`);
    if (s.bold) cls.push('ansi-bold');
    if (cls.length) span.className = cls.join(' ');
    span.textContent = s.text;
    frag.append(span);
  }
  row.append(frag);
}
