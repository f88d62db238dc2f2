// Helpers for writing the bundled third-party schemas (schemas/<format>/*.schema.json).
// Each format module builds plain JSON Schema (draft 2020-12) objects with these helpers; build.mjs
// writes them out. Descriptions are written once in Markdown: `markdownDescription` keeps it,
// `description` is the same text without Markdown (for clients that show plain text).

export const DRAFT = 'https://json-schema.org/draft/2020-12/schema';
export const ID_BASE = 'https://trainyard.dev/schemas/thirdparty/';

/** Markdown → plain text, good enough for our own descriptions. */
export function plain(md) {
  return md
    .replace(/```[a-z]*\n([\s\S]*?)```/g, (_, code) => code.trim())
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/**
 * A documented property: `title`, `description` (plain) and `markdownDescription`, then the
 * schema keywords. `md` is Markdown.
 */
export function doc(title, md, schema = {}) {
  const out = { title, description: plain(md), markdownDescription: md, ...schema };
  return out;
}

/** Enum with per-value descriptions: [[value, markdown], …]. */
export function oneOfValues(pairs, extra = {}) {
  return {
    enum: pairs.map(([v]) => v),
    enumDescriptions: pairs.map(([, d]) => plain(d)),
    markdownEnumDescriptions: pairs.map(([, d]) => d),
    ...extra,
  };
}

export const str = (extra = {}) => ({ type: 'string', ...extra });
export const int = (extra = {}) => ({ type: 'integer', ...extra });
export const num = (extra = {}) => ({ type: 'number', ...extra });
export const bool = (extra = {}) => ({ type: 'boolean', ...extra });
export const arr = (items, extra = {}) => ({ type: 'array', items, ...extra });
export const strList = (extra = {}) => arr({ type: 'string' }, extra);
/** A map of string keys to `value`. */
export const map = (value = {}, extra = {}) => ({ type: 'object', additionalProperties: value, ...extra });
export const anyOf = (...alts) => ({ anyOf: alts });
export const ref = (name) => ({ $ref: `#/$defs/${name}` });

/**
 * An object. `open` (default false) says whether keys we did not model are allowed; use true where
 * the tool has more fields than we describe, so real files never get false errors.
 */
export function obj(properties, { required, open = false, ...extra } = {}) {
  const out = { type: 'object' };
  if (required && required.length) out.required = required;
  out.properties = properties;
  if (!open) out.additionalProperties = false;
  return { ...out, ...extra };
}

/** A schema document. */
export function schemaDoc(format, file, title, md, body, defs) {
  const out = {
    $schema: DRAFT,
    $id: `${ID_BASE}${format}/${file}`,
    title,
    description: plain(md),
    markdownDescription: md,
    ...body,
  };
  if (defs && Object.keys(defs).length) out.$defs = defs;
  return out;
}

/** Only the `$defs` that `root` reaches (transitively), so each file stays self-contained and small. */
export function pruneDefs(root, defs) {
  const keep = new Set();
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) {
        const name = v.slice('#/$defs/'.length);
        if (!keep.has(name)) {
          if (!defs[name]) throw new Error(`unknown $def ${name}`);
          keep.add(name);
          visit(defs[name]);
        }
      } else visit(v);
    }
  };
  visit(root);
  return Object.fromEntries([...keep].sort().map((n) => [n, defs[n]]));
}

/** `number | "auto"`: DeepSpeed and accelerate fields that Hugging Face integrations fill in. */
export const orAuto = (schema) => ({
  anyOf: [schema, { type: 'string', const: 'auto', description: 'Filled in by the Hugging Face Trainer / accelerate integration from its own arguments.' }],
});

/** A regex source matching any of `values` in any letter case (JavaScript patterns have no portable `(?i)`). */
export function ciPattern(values) {
  const ci = (v) => [...v].map((c) => (/[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))).join('');
  return `^(?:${values.map(ci).join('|')})$`;
}

/**
 * A string enum the tool compares case-insensitively: the documented values are offered for
 * completion and hover, other letter cases of them are accepted.
 */
export function ciEnum(pairs, extra = {}) {
  const values = pairs.map(([v]) => v);
  const patternErrorMessage = `expected one of ${values.map((v) => `\`${v}\``).join(', ')} (in any letter case)`;
  return { type: 'string', ...extra, anyOf: [oneOfValues(pairs), { pattern: ciPattern(values), patternErrorMessage }] };
}
