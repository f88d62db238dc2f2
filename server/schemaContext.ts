/** The schema (root + $ref resolver + where it came from) that applies to one YAML document. */
import { deref as specDeref, getKindSchema, getRootSchema } from '../core/spec';
import { SPEC_KINDS, type SpecKind } from '../core/spec/model';
import type { ParsedDocument } from './documents';
import { isSpecUri } from './diagnostics';
import type { SchemaResult, SchemaService } from './schema/service';
import { documentDeref, type Deref, type Schema } from './schema/navigate';
import type { ServerSettings } from './settings';

export interface DocSchema {
  root: Schema;
  deref: Deref;
  /** Shown in hovers: a catalog name or the schema's URI. */
  source: string;
}

const derefs = new WeakMap<object, Deref>();

export async function schemaFor(schemas: SchemaService, parsed: ParsedDocument, docIndex: number, settings: ServerSettings): Promise<DocSchema | undefined> {
  return (await schemaWithOrigin(schemas, parsed, docIndex, settings)).schema;
}

/**
 * `schemaFor`, and the compiled schema it came from (`uri` and `res`; absent for Trainyard specs
 * and documents no schema claims), so a cache can tell when that schema is reloaded.
 */
export async function schemaWithOrigin(
  schemas: SchemaService,
  parsed: ParsedDocument,
  docIndex: number,
  settings: ServerSettings,
): Promise<{ schema: DocSchema | undefined; uri?: string; res?: SchemaResult }> {
  const doc = parsed.yaml?.docs[docIndex];
  if (!doc) return { schema: undefined };
  if (isSpecUri(parsed.uri)) return { schema: specSchema(doc.value) };
  const assoc = schemas.associate(parsed.uri, doc.value, parsed.modelines[docIndex], settings.schemas, parsed.templated);
  if (assoc.kind !== 'schema') return { schema: undefined };
  if (schemas.catalog.byName('trainyard')?.uri === assoc.uri) return { schema: specSchema(doc.value) };
  const res = schemas.ready(assoc.uri) ?? (await schemas.get(assoc.uri, settings.schemaDownload));
  if (!res.ok || typeof res.compiled.schema !== 'object' || res.compiled.schema === null) return { schema: undefined, uri: assoc.uri, res };
  const root = res.compiled.schema as Schema;
  let d = derefs.get(root);
  if (!d) {
    d = documentDeref(root);
    derefs.set(root, d);
  }
  return { schema: { root, deref: d, source: assoc.name ?? schemas.catalog.byUri(assoc.uri)?.name ?? assoc.uri }, uri: assoc.uri, res };
}

function specSchema(value: unknown): DocSchema {
  const kind = value && typeof value === 'object' ? (value as Record<string, unknown>).kind : undefined;
  const known = typeof kind === 'string' && (SPEC_KINDS as readonly string[]).includes(kind);
  const root = known ? getKindSchema(kind as SpecKind) : getRootSchema();
  return { root, deref: (s) => specDeref(s), source: known ? `trainyard (${kind})` : 'trainyard' };
}
