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
    if (!flags.includes('u')) throw e;
    return new RegExp(pattern, flags.replace('u', ''));
  }
}
regExp.code = 'require("trainyard:runtime").regExp';
