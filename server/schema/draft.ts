/**
 * JSON Schema drafts: which one a schema declares (`$schema`), and draft-04 → draft-07
 * rewriting (ajv-draft-04 is not a dependency: draft-04 differs from 07 only in `id`,
 * boolean `exclusiveMinimum`/`exclusiveMaximum`, and nothing else Ajv checks).
 */
export type Draft = '04' | '06' | '07' | '2019-09' | '2020-12';

export function draftOf(schema: unknown): Draft {
  const s = schema && typeof schema === 'object' ? String((schema as Record<string, unknown>).$schema ?? '') : '';
  if (/draft-04/.test(s)) return '04';
  if (/draft-06/.test(s)) return '06';
  if (/2019-09/.test(s)) return '2019-09';
  if (/2020-12/.test(s)) return '2020-12';
  if (/draft-07/.test(s)) return '07';
  // No `$schema`: a draft-04 style `id` or boolean exclusive bounds say 04; else 07.
  return looksLikeDraft04(schema) ? '04' : '07';
}

function looksLikeDraft04(schema: unknown): boolean {
  if (!schema || typeof schema !== 'object') return false;
  const s = schema as Record<string, unknown>;
  return typeof s.id === 'string' && s.$id === undefined;
}

/** A draft-07 copy of a draft-04 schema. */
export function fromDraft04(schema: unknown): unknown {
  const walk = (node: unknown, isSchema: boolean): unknown => {
    if (Array.isArray(node)) return node.map((n) => walk(n, isSchema));
    if (!node || typeof node !== 'object') return node;
    const src = node as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(src)) {
      if (!isSchema) {
        out[k] = walk(v, true);
        continue;
      }
      switch (k) {
        case '$schema':
          out.$schema = 'http://json-schema.org/draft-07/schema#';
          break;
        case 'id':
          if (typeof v === 'string') out.$id = v;
          else out[k] = v;
          break;
        case 'exclusiveMinimum':
        case 'exclusiveMaximum':
          if (v === true) {
            const bound = k === 'exclusiveMinimum' ? src.minimum : src.maximum;
            if (typeof bound === 'number') out[k] = bound;
          } else if (typeof v === 'number') out[k] = v;
          break;
        case 'minimum':
          if (src.exclusiveMinimum !== true) out[k] = v;
          break;
        case 'maximum':
          if (src.exclusiveMaximum !== true) out[k] = v;
          break;
        case 'properties':
        case 'patternProperties':
        case 'definitions':
        case 'dependencies':
          out[k] = walk(v, false);
          break;
        case 'enum':
        case 'required':
        case 'default':
        case 'examples':
        case 'const':
        case 'defaultSnippets':
          out[k] = v;
          break;
        default:
          out[k] = walk(v, true);
      }
    }
    return out;
  };
  return walk(schema, true);
}
