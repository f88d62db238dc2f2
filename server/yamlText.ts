/** Plain JSON values written as YAML text, for edits and snippets (quoted only when needed). */
import { resolvePlain } from '../core/yaml';

/** A scalar as YAML: plain when it reads back as the same string, else double-quoted (JSON is valid YAML). */
export function yamlScalar(v: unknown): string {
  if (typeof v !== 'string') return v === undefined ? '' : JSON.stringify(v);
  const plainSafe = v !== '' && !/^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(v) && !/[\s]$/.test(v) && !/: |\s#|[\n\r\t]/.test(v) && !v.endsWith(':');
  if (plainSafe && resolvePlain(v) === v) return v;
  return JSON.stringify(v);
}

/**
 * A value as YAML. Scalars and empty collections come back inline; other collections as a block
 * that starts with a line break, its lines indented by `indent` spaces.
 */
export function yamlValue(v: unknown, indent: number, eol = '\n'): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return v
      .map((x) => {
        const inner = yamlValue(x, indent + 2, eol);
        // `- key: v` for mappings: the first line joins the dash
        return `${eol}${pad}- ${inner.startsWith(eol) ? inner.slice(eol.length + indent + 2) : inner}`;
      })
      .join('');
  }
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return entries
      .map(([k, x]) => {
        const inner = yamlValue(x, indent + 2, eol);
        return `${eol}${pad}${yamlKey(k)}:${inner.startsWith(eol) ? '' : ' '}${inner}`;
      })
      .join('');
  }
  return yamlScalar(v);
}

export function yamlKey(k: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(k) ? k : JSON.stringify(k);
}
