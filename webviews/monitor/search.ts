/**
 * The log's search bar: the query goes to the extension host (which holds the lines); the
 * matching line numbers come back; Enter / Shift+Enter (or the arrows) walk through them.
 */
import type { MonitorUiState } from '../protocol';

export interface SearchHooks {
  /** Starts a search; returns its request id. */
  search(query: string, caseSensitive: boolean): number;
  /** Shows match `line` (one of `matches`). */
  reveal(line: number, matches: readonly number[]): void;
}

const DEBOUNCE_MS = 200;

export class SearchBar {
  private readonly input: HTMLElement & { value: string };
  private readonly caseBox: HTMLElement & { checked: boolean };
  private readonly count = document.createElement('span');
  private matches: readonly number[] = [];
  private index = -1;
  private lastRequest = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: HTMLElement, ui: MonitorUiState, private readonly hooks: SearchHooks) {
    this.input = document.createElement('vscode-textfield') as HTMLElement & { value: string };
    this.input.setAttribute('placeholder', 'Search log');
    this.input.setAttribute('aria-label', 'Search the log');
    this.input.id = 'search-input';
    this.input.value = ui.query;
    this.caseBox = document.createElement('vscode-checkbox') as HTMLElement & { checked: boolean };
    this.caseBox.setAttribute('label', 'Aa');
    this.caseBox.title = 'Match case';
    this.caseBox.checked = ui.caseSensitive;
    const prev = this.button('Previous match (Shift+Enter)', 'arrow-up', () => this.step(-1));
    const next = this.button('Next match (Enter)', 'arrow-down', () => this.step(1));
    this.count.className = 'search-count';
    this.count.setAttribute('aria-live', 'polite');
    host.append(this.input, this.caseBox, prev, next, this.count);
    this.input.addEventListener('input', () => this.debounced());
    this.caseBox.addEventListener('change', () => this.run());
    this.input.addEventListener('keydown', (e: KeyboardEvent) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.step(e.shiftKey ? -1 : 1);
      } else if (e.key === 'Escape') {
        this.input.value = '';
        this.run();
      }
    });
  }

  get currentLine(): number {
    return this.matches[this.index] ?? -1;
  }

  focus(): void {
    this.input.focus();
  }

  run(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.lastRequest = this.hooks.search(this.input.value, this.caseBox.checked);
    this.count.textContent = this.input.value ? 'searching…' : '';
  }

  results(requestId: number, matches: readonly number[], truncated: boolean): void {
    if (requestId !== this.lastRequest) return; // an older search
    this.matches = matches;
    this.index = -1;
    this.count.textContent = !this.input.value ? '' : matches.length ? `${matches.length.toLocaleString()}${truncated ? '+' : ''} lines` : 'no results';
  }

  private step(dir: 1 | -1): void {
    if (this.timer) this.run();
    if (!this.matches.length) return;
    this.index = (this.index + dir + this.matches.length) % this.matches.length;
    this.count.textContent = `${this.index + 1} of ${this.matches.length.toLocaleString()}`;
    this.hooks.reveal(this.matches[this.index]!, this.matches);
  }

  private debounced(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), DEBOUNCE_MS);
  }

  private button(label: string, icon: string, onClick: () => void): HTMLElement {
    const b = document.createElement('vscode-button');
    b.setAttribute('secondary', '');
    b.setAttribute('icon', icon);
    b.setAttribute('aria-label', label);
    b.title = label;
    b.addEventListener('click', onClick);
    return b;
  }
}
