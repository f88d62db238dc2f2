/**
 * Bytes → text, before any parsing: size guard, BOM, binary detection, strict UTF-8.
 */
import type { Problem } from './model';
import { FILE_START, makeProblem } from './positions';

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

export interface Decoded {
  /** The text to parse; '' when decoding failed outright. */
  text: string;
  problems: Problem[];
  /** True when nothing further should be done with the input (too large, binary). */
  fatal: boolean;
  /**
   * A string input (an editor's text) started with a BOM, which `text` leaves out: positions in
   * the input are one further on its first line than in `text`.
   */
  bom?: boolean;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

export function tooLarge(file: string, size: number, maxBytes: number): Problem {
  return makeProblem(
    file,
    'too-large',
    `the file is ${formatBytes(size)}; specs are limited to ${formatBytes(maxBytes)}, so it was not checked`,
    FILE_START,
  );
}

function binary(file: string): Problem {
  return makeProblem(file, 'binary', 'the file looks binary (it contains NUL or control bytes); a spec is YAML text', FILE_START);
}

/** Control bytes that never appear in text files (keeps \t \n \v \f \r and ESC). */
function looksBinary(bytes: Uint8Array): boolean {
  if (bytes.indexOf(0) >= 0) return true;
  const n = Math.min(bytes.length, 8192);
  let ctrl = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 11 && b !== 12 && b !== 13 && b !== 27) ctrl++;
  }
  return n > 0 && ctrl * 10 > n;
}

/** Index of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      const l = k === 1 ? lo : 0x80;
      const h = k === 1 ? hi : 0xbf;
      if (c < l || c > h) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** The same words whether the bytes (CLI) or an editor's text (language server) show it. */
const NOT_UTF8 = 'the file is not valid UTF-8 (its invalid bytes show as \uFFFD); save it as UTF-8';

/**
 * An editor's text holds U+FFFD where the file's bytes were not UTF-8 (VS Code, like our own
 * lossy decoding, reads each invalid byte as it): the same error the CLI gives for the bytes.
 */
function replacementChar(text: string, file: string): Problem[] {
  const at = text.indexOf('\uFFFD');
  if (at < 0) return [];
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
  const column = at - lineStart + 1;
  return [
    makeProblem(file, 'encoding', NOT_UTF8, {
      start: { line, column, offset: at },
      end: { line, column: column + 1, offset: at + 1 },
    }),
  ];
}

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossy = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export function decodeInput(input: string | Uint8Array, file: string, maxBytes: number): Decoded {
  if (typeof input === 'string') {
    // UTF-16 length ≤ UTF-8 byte length ≤ 3 × UTF-16 length: only count bytes when it matters.
    if (input.length > maxBytes || (input.length * 3 > maxBytes && Buffer.byteLength(input, 'utf8') > maxBytes)) {
      return { text: '', problems: [tooLarge(file, Buffer.byteLength(input, 'utf8'), maxBytes)], fatal: true };
    }
    const bom = input.charCodeAt(0) === 0xfeff;
    const text = bom ? input.slice(1) : input;
    if (text.indexOf('\0') >= 0) return { text: '', problems: [binary(file)], fatal: true };
    return { text, problems: replacementChar(text, file), fatal: false, ...(bom ? { bom } : {}) };
  }
  if (input.byteLength > maxBytes) return { text: '', problems: [tooLarge(file, input.byteLength, maxBytes)], fatal: true };
  let bytes = input;
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return {
      text: '',
      problems: [makeProblem(file, 'encoding', 'the file is UTF-16; save it as UTF-8', FILE_START)],
      fatal: true,
    };
  }
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  if (looksBinary(bytes)) return { text: '', problems: [binary(file)], fatal: true };
  try {
    return { text: strict.decode(bytes), problems: [], fatal: false };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const at = bad < 0 ? 0 : bad;
    const lineStart = at > 0 ? bytes.lastIndexOf(10, at - 1) + 1 : 0;
    let line = 1;
    for (let i = bytes.indexOf(10); i >= 0 && i < at; i = bytes.indexOf(10, i + 1)) line++;
    const before = lossy.decode(bytes.subarray(lineStart, at));
    const text = lossy.decode(bytes);
    const prefixText = lossy.decode(bytes.subarray(0, at));
    const offset = prefixText.length;
    const start = { line, column: before.length + 1, offset };
    const end = { line, column: before.length + 2, offset: offset + 1 };
    return {
      text,
      problems: [makeProblem(file, 'encoding', NOT_UTF8, { start, end })],
      fatal: false,
    };
  }
}
