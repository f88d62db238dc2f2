/**
 * The ONE audited POSIX shell quoting function. Every spec value that reaches a shell (local
 * job files, commands sent to SSH hosts) goes through `shq` or `shEnvFile`.
 *
 * Single quotes make every byte literal in POSIX sh (no `$`, backtick, backslash, glob or
 * newline processing); the only byte that cannot appear inside them is `'` itself, written as
 * `'\''` (close, escaped quote, reopen). NUL cannot be passed through a shell at all.
 */
import { TrainyardError } from '../errors';

export const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Quote one word for POSIX sh. `shq("it's")` → `'it'\''s'`; `shq('')` → `''`. */
export function shq(s: string): string {
  if (typeof s !== 'string') throw new TypeError('shq expects a string');
  if (s.includes('\0')) throw new TrainyardError('bad-argument', 'a value contains a NUL byte, which no shell can pass on');
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Quote an argument vector into one command line: `shJoin(['ls', '-l', 'a b'])` → `'ls' '-l' 'a b'`. */
export function shJoin(argv: readonly string[]): string {
  return argv.map(shq).join(' ');
}

export function isEnvName(name: string): boolean {
  return ENV_NAME_RE.test(name);
}

export function assertEnvName(name: string): void {
  if (!isEnvName(name)) {
    throw new TrainyardError(
      'bad-argument',
      `\`${name}\` is not a valid environment variable name (letters, digits and _, not starting with a digit)`,
    );
  }
}

/**
 * `export NAME='value'` lines for `.` (source) in POSIX sh, in the given order. Names are
 * validated; values are quoted with `shq` (so newlines, quotes, `$()`… reach the job verbatim).
 */
export function shEnvFile(env: Record<string, string> | Array<[string, string]>): string {
  const entries = Array.isArray(env) ? env : Object.entries(env);
  let out = '';
  for (const [name, value] of entries) {
    assertEnvName(name);
    out += `export ${name}=${shq(String(value))}\n`;
  }
  return out;
}

/**
 * The inverse of `shEnvFile` (only for files it wrote): name → value. Used to recover secret
 * values for masking from a job's `secrets.sh`.
 */
export function parseShEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const m = /^export ([A-Za-z_][A-Za-z0-9_]*)=/.exec(text.slice(i, i + 300));
    if (!m) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl + 1;
      continue;
    }
    i += m[0].length;
    let value = '';
    // A sequence of '...' segments joined by \' (the shq encoding).
    for (;;) {
      if (text[i] === "'") {
        const end = text.indexOf("'", i + 1);
        if (end < 0) throw new Error('unterminated quote in env file');
        value += text.slice(i + 1, end);
        i = end + 1;
      } else if (text.startsWith("\\'", i)) {
        value += "'";
        i += 2;
      } else break;
    }
    out[m[1]] = value;
    if (text[i] === '\n') i++;
  }
  return out;
}
