/**
 * Which schema applies to a document, in this order:
 *   1. a modeline `# yaml-language-server: $schema=<path|url|none>` in the document (or before
 *      the first one), or a top-level `$schema` key (in .json files too, unless the client checks those itself: VS Code does);
 *   2. the `trainyard.schemas` setting (schema → glob(s));
 *   3. the catalog: file globs, then content signatures (per document).
 * Relative paths resolve from the file's folder; a bare name can name a catalog entry.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { nameMatchHolds, type Catalog } from './catalog';
import { matchGlob } from './glob';
import { isLineBreak } from '../../core/yaml';

export type AssociationSource = 'modeline' | '$schema' | 'settings' | 'catalog' | 'signature';

export type Association =
  | { kind: 'none'; reason: 'no-schema' | 'modeline-none' }
  | { kind: 'schema'; uri: string; source: AssociationSource; name?: string };

/** A modeline, matched from the start of its line (`findModelines` finds the lines). */
const MODELINE_AT = /\ufeff?[ \t]*#[ \t]*yaml-language-server[ \t]*:[ \t]*\$schema=([^\r\n\u2028\u2029]*)/y;
const META_SCHEMA = /^https?:\/\/json-schema\.org\//;

/** Modelines in `text` with their offsets. */
export function findModelines(text: string): Array<{ offset: number; target: string }> {
  const out: Array<{ offset: number; target: string }> = [];
  // Only lines that mention it are tried (a multiline /^…/m expression tried every position of
  // the text: ~0.5 ms per check of a 260 KB file).
  for (let i = text.indexOf('yaml-language-server'); i >= 0; i = text.indexOf('yaml-language-server', i + 1)) {
    let start = i;
    while (start > 0 && !isLineBreak(text.charCodeAt(start - 1))) start--;
    if (out.length && out[out.length - 1].offset === start) continue;
    MODELINE_AT.lastIndex = start;
    const m = MODELINE_AT.exec(text);
    const target = m ? modelineTarget(m[1]) : '';
    if (target) out.push({ offset: start, target });
  }
  return out;
}

/**
 * What follows `$schema=`: the rest of the line up to a ` #` comment, so a path may hold spaces;
 * quotes around it go.
 */
export function modelineTarget(rest: string): string {
  const hash = rest.search(/\s#/);
  const t = (hash < 0 ? rest : rest.slice(0, hash)).trim();
  const q = /^(["'])(.*)\1$/.exec(t);
  return (q ? q[2] : t).trim();
}

export interface AssociateInput {
  uri: string;
  /** Modeline of this document (or of the file header), if any. */
  modeline?: string;
  /** The document's top-level value. */
  value: unknown;
  settings: Record<string, string | string[]>;
  catalog: Catalog;
  workspaceFolders: string[];
  /** The file is a template (`{{ … }}` actions, as in a Helm chart): Kubernetes entries do not apply by name or content. */
  templated?: boolean;
  /** false: a `.json` file's `$schema` key is the client's business (VS Code validates those itself). */
  jsonSchemaKey?: boolean;
}

export function associate(input: AssociateInput): Association {
  const { uri, catalog } = input;
  if (input.modeline !== undefined) {
    if (input.modeline === 'none') return { kind: 'none', reason: 'modeline-none' };
    return { kind: 'schema', uri: resolveSchemaRef(input.modeline, uri, catalog), source: 'modeline' };
  }
  const v = input.value;
  // JSON files: a top-level `$schema` associates them too, unless the client checks JSON files by
  // their `$schema` itself (VS Code's JSON support does: the extension says so, jsonSchemaKey false)
  if (v && typeof v === 'object' && !Array.isArray(v) && (input.jsonSchemaKey !== false || !isJsonUri(uri))) {
    const s = (v as Record<string, unknown>).$schema;
    if (typeof s === 'string' && s && !META_SCHEMA.test(s)) return { kind: 'schema', uri: resolveSchemaRef(s, uri, catalog), source: '$schema' };
  }
  const filePath = uriPath(uri);
  for (const [schema, globs] of Object.entries(input.settings)) {
    const list = Array.isArray(globs) ? globs : [globs];
    const rel = relativeToWorkspace(filePath, input.workspaceFolders);
    // (a glob starting with `/` may be written from the workspace folder: `/.github/workflows/*.yml`)
    if (list.some((g) => matchGlob(g, filePath) || (rel !== undefined && (matchGlob(g, rel) || (g.startsWith('/') && matchGlob(g, `/${rel}`)))))) {
      const base = input.workspaceFolders[0] ? pathToFileURL(path.join(input.workspaceFolders[0], 'x')).href : uri;
      return { kind: 'schema', uri: resolveSchemaRef(schema, base, catalog), source: 'settings' };
    }
  }
  // a name shared with other tools (default_config.yaml, *sweep*.yaml) needs content that does not contradict the format
  // a template renders into manifests later (a Helm chart's templates/): checking it now as one
  // only reports the template syntax; a modeline or a setting still can
  const applies = (e: { name: string }) => !(input.templated && /^(?:kubernetes|kubeflow)-/.test(e.name));
  const byFile = catalog.byFile(filePath, v).filter((e) => applies(e) && nameMatchHolds(e.signature, v));
  if (byFile.length === 1) return { kind: 'schema', uri: byFile[0].uri, source: 'catalog', name: byFile[0].name };
  if (byFile.length > 1) {
    // several formats share a glob (e.g. *.yaml): the content decides among them
    const sig = catalog.bySignature(v);
    if (sig && byFile.includes(sig)) return { kind: 'schema', uri: sig.uri, source: 'signature', name: sig.name };
  }
  const sig = catalog.bySignature(v);
  if (sig && applies(sig)) return { kind: 'schema', uri: sig.uri, source: 'signature', name: sig.name };
  return { kind: 'none', reason: 'no-schema' };
}

/** path | file: URL | http(s) URL | catalog name → a URI. */
export function resolveSchemaRef(ref: string, fromUri: string, catalog: Catalog): string {
  if (/^[a-z][a-z0-9+.-]+:/i.test(ref) && !/^[a-z]:[\\/]/i.test(ref)) return ref;
  const named = catalog.byName(ref);
  if (named) return named.uri;
  if (path.isAbsolute(ref)) return pathToFileURL(ref).href;
  let dir: string;
  try {
    dir = path.dirname(fileURLToPath(fromUri));
  } catch {
    dir = process.cwd();
  }
  return pathToFileURL(path.resolve(dir, ref)).href;
}

/** A `.json`/`.jsonc` file (read without its comments, completed and fixed as JSON; its `$schema` key may be the client's, see `jsonSchemaKey`). */
export function isJsonUri(uri: string): boolean {
  // (the path ends at the first `?` or `#`; no parsing of the URI: completion asks per request)
  const end = uri.search(/[?#]/);
  return /\.jsonc?$/i.test(end < 0 ? uri : uri.slice(0, end));
}

export function uriPath(uri: string): string {
  try {
    const u = new URL(uri);
    return u.protocol === 'file:' ? fileURLToPath(u).replace(/\\/g, '/') : decodeURIComponent(u.pathname);
  } catch {
    return uri;
  }
}

function relativeToWorkspace(filePath: string, folders: string[]): string | undefined {
  for (const f of folders) {
    const rel = path.relative(f, filePath);
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) return rel.replace(/\\/g, '/');
  }
  return undefined;
}
