/**
 * The RegExp constructor schema patterns are compiled with (Ajv's `code.regExp`, schema navigation).
 * Patterns are unicode regexps (`\p{Lu}`, code points), as JSON Schema means them; a pattern that
 * is no valid unicode regexp (`\-`, `[\w-.]`… — common in real-world schemas) falls back to the
 * non-unicode form instead of failing the whole schema; leading inline flags (`(?i)`) become
 * JavaScript flags. Named by code, so stored validators use it too.
 */
export function regExp(pattern: string, flags: string): RegExp {
  // `(?i)abc`: leading inline flags (PCRE, Go, Python, .NET patterns) → JavaScript flags
  const inline = /^\(\?([ims]+)\)/.exec(pattern);
  if (inline) {
    pattern = pattern.slice(inline[0].length);
    for (const f of new Set(inline[1])) if (!flags.includes(f)) flags += f;
  }
  try {
    return new RegExp(pattern, flags);
  } catch (e) {
    // Python/PCRE spellings JavaScript lacks: `(?P<name>…)`, `(?P=name)`, `\A`, `\Z`, `\z`
    const js = fromPython(pattern);
    if (js !== pattern) {
      try {
        return new RegExp(js, flags);
      } catch {
        if (flags.includes('u')) {
          try {
            return new RegExp(js, flags.replace('u', ''));
          } catch {
            // neither: as written, below
          }
        }
      }
    }
    if (!flags.includes('u')) throw e;
    return new RegExp(pattern, flags.replace('u', ''));
  }
}

/** `pattern` with Python's named groups and string anchors in JavaScript's syntax (the same string when it has none). */
function fromPython(pattern: string): string {
  if (!/\(\?P|\\[AZz]/.test(pattern)) return pattern;
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const d = pattern[i + 1];
      if (!inClass && d === 'A') out += '^';
      else if (!inClass && (d === 'Z' || d === 'z')) out += '$';
      else out += c + (d ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') inClass = true;
    if (c === '(' && pattern.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    const back = c === '(' ? /^\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)/.exec(pattern.slice(i)) : null;
    if (back) {
      out += `\\k<${back[1]}>`;
      i += back[0].length - 1;
      continue;
    }
    out += c;
  }
  return out;
}
regExp.code = 'require("trainyard:runtime").regExp';
