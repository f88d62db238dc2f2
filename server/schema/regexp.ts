/**
 * The RegExp constructor schema patterns are compiled with (Ajv's `code.regExp`, schema navigation).
 * Patterns are unicode regexps (`\p{Lu}`, code points), as JSON Schema means them; a pattern that
 * is no valid unicode regexp (`\-`, `[\w-.]`… — common in real-world schemas) falls back to the
 * non-unicode form instead of failing the whole schema. Named by code, so stored validators use it too.
 */
export function regExp(pattern: string, flags: string): RegExp {
  try {
    return new RegExp(pattern, flags);
  } catch (e) {
    if (!flags.includes('u')) throw e;
    return new RegExp(pattern, flags.replace('u', ''));
  }
}
regExp.code = 'require("trainyard:runtime").regExp';
