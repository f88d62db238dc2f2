/** OpenSSH pattern matching (ssh_config(5) PATTERNS). */

/** OpenSSH's match_pattern: `*` any run, `?` one character; host names compare case-insensitively. */
export function matchPattern(s: string, pattern: string, caseInsensitive = true): boolean {
  const re = '^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$';
  return new RegExp(re, caseInsensitive ? 'is' : 's').test(s);
}

/** A pattern list (`a*,!b` or Host's word list): some positive match and no negated match. */
export function matchPatternList(s: string, patterns: string[], caseInsensitive = true): boolean {
  let matched = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (matchPattern(s, p.slice(1), caseInsensitive)) return false;
    } else if (matchPattern(s, p, caseInsensitive)) matched = true;
  }
  return matched;
}

