/**
 * The other schema documents a schema's `$ref`s name (`"$ref": "common.schema.json#/definitions/x"`,
 * a file next to the schema, or an http(s) URL): loaded with the schema, recursively, so Ajv can
 * resolve them. References into the document itself, to an embedded `$id` and to the JSON Schema
 * meta-schemas are not external.
 */
import type { ExtraSchema } from './compiler';
import type { LoadResult } from './loader';

/** At most this many referenced documents per schema. */
export const MAX_REF_DOCUMENTS = 64;

const META_SCHEMA = /^https?:\/\/json-schema\.org\//;
const SKIP = new Set(['enum', 'const', 'default', 'examples']);

function resolve(ref: string, base: string): string | undefined {
  try {
    const u = new URL(ref, base);
    u.hash = '';
    return u.href;
  } catch {
    return undefined;
  }
}

/** URIs (without fragment, resolved against `$id`s on the way) of the documents `schema` refers to. */
export function externalRefs(schema: unknown, base: string): string[] {
  const refs = new Set<string>();
  const ids = new Set<string>([resolve('', base) ?? base]);
  const seen = new Set<unknown>();
  const walk = (node: unknown, b: string, depth: number) => {
    if (!node || typeof node !== 'object' || seen.has(node) || depth > 200) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const x of node) walk(x, b, depth + 1);
      return;
    }
    const o = node as Record<string, unknown>;
    const own = typeof o.$id === 'string' ? o.$id : typeof o.id === 'string' ? o.id : undefined;
    if (own && !own.startsWith('#')) {
      const r = resolve(own, b);
      if (r) {
        ids.add(r);
        b = r;
      }
    }
    if (typeof o.$ref === 'string' && !o.$ref.startsWith('#') && !META_SCHEMA.test(o.$ref)) {
      const r = resolve(o.$ref, b);
      if (r && !META_SCHEMA.test(r)) refs.add(r);
    }
    for (const [k, v] of Object.entries(o)) if (!SKIP.has(k)) walk(v, b, depth + 1);
  };
  walk(schema, base, 0);
  return [...refs].filter((r) => !ids.has(r));
}

/**
 * Loads every document `schema` (loaded from `loadUri`, known to Ajv as `idUri`) refers to, and
 * theirs. A reference resolved under the `$id`'s folder is loaded from the same place under the
 * folder the schema was loaded from. The first one that cannot be loaded is the error.
 */
export async function loadRefs(
  schema: unknown,
  idUri: string,
  loadUri: string,
  load: (uri: string) => Promise<LoadResult | { ok: false; error: string }>,
): Promise<{ ok: true; extras: ExtraSchema[]; files: string[] } | { ok: false; error: string }> {
  const extras: ExtraSchema[] = [];
  const files: string[] = [];
  const done = new Set<string>([resolve('', idUri) ?? idUri]);
  const queue: Array<{ uri: string; from: string; schema: unknown; idBase: string; loadBase: string }> = [{ uri: idUri, from: loadUri, schema, idBase: idUri, loadBase: loadUri }];
  while (queue.length) {
    const cur = queue.shift()!;
    const ownId = cur.schema && typeof cur.schema === 'object' && typeof (cur.schema as Record<string, unknown>).$id === 'string' ? resolve((cur.schema as Record<string, string>).$id, cur.idBase) : undefined;
    const base = ownId ?? cur.idBase;
    for (const ref of externalRefs(cur.schema, base)) {
      if (done.has(ref)) continue;
      done.add(ref);
      if (done.size > MAX_REF_DOCUMENTS + 1) return { ok: false, error: `schema ${idUri} refers to more than ${MAX_REF_DOCUMENTS} other schema documents` };
      const dir = base.slice(0, base.lastIndexOf('/') + 1);
      const loadDir = cur.loadBase.slice(0, cur.loadBase.lastIndexOf('/') + 1);
      const at = dir && ref.startsWith(dir) && base !== cur.loadBase ? loadDir + ref.slice(dir.length) : ref;
      const r = await load(at);
      if (!r.ok) return { ok: false, error: `schema ${cur.from} refers to ${at}, which cannot be loaded: ${r.error}` };
      extras.push({ uri: ref, schema: r.schema });
      files.push(at);
      queue.push({ uri: ref, from: at, schema: r.schema, idBase: ref, loadBase: at });
    }
  }
  return { ok: true, extras, files };
}
