/**
 * The bundled catalog (schemas/catalog.json): each format's schema file, file globs and an
 * optional content signature, checked per YAML document:
 *
 *   "signature": { "requiredKeys": ["parameters"],            every key present at the top
 *                  "fields": { "kind": "^(Pod|Job)$" },      top-level values matching regexes
 *                  "anyKeys": ["resources", "run"],          at least `minKeys` (1) of these keys
 *                  "minKeys": 2,
 *                  "onlyKeys": [...] }                       no top-level key outside this list
 *
 * A signature with no condition, or a document that several signatures match equally well,
 * attaches nothing: a weak match is worse than none.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { matchGlob } from './glob';
import { hasJsonType, onlyKeysHold, sharedNameContradicts } from '../../core/checks/catalogMatch';

export interface Signature {
  requiredKeys?: string[];
  fields?: Record<string, string>;
  anyKeys?: string[];
  minKeys?: number;
  onlyKeys?: string[];
  /** Top-level keys that must not be present (they belong to other formats); content match only. */
  absentKeys?: string[];
  /** JSON types keys must have when present (core/checks/catalogMatch.ts `keyTypes`); content match only. */
  keyTypes?: Record<string, string>;
  /** Globs of `fileMatch` other tools use too: a name match through them needs one of `anyKeys` (core/checks/catalogMatch.ts `sharedNames`). */
  sharedNames?: string[];
}

export interface CatalogEntry {
  name: string;
  description?: string;
  file: string;
  fileMatch?: string[];
  signature?: Signature;
}

export interface CatalogSchema {
  name: string;
  description?: string;
  /** file: URI of the bundled schema. */
  uri: string;
  fileMatch: string[];
  signature?: Signature;
}

/** The folder holding catalog.json: next to the bundle (dist/../schemas) or the sources. */
export function findSchemasDir(start = __dirname): string | undefined {
  let dir = start;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'schemas', 'catalog.json');
    if (fs.existsSync(candidate)) return path.dirname(candidate);
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

export class Catalog {
  private constructor(readonly entries: CatalogSchema[]) {}

  static load(dir = findSchemasDir()): Catalog {
    if (!dir) return new Catalog([]);
    let raw: { schemas?: CatalogEntry[] };
    try {
      raw = JSON.parse(fs.readFileSync(path.join(dir, 'catalog.json'), 'utf8'));
    } catch {
      return new Catalog([]);
    }
    const entries = (raw.schemas ?? [])
      .filter((e) => e && typeof e.name === 'string' && typeof e.file === 'string')
      .map((e) => ({
        name: e.name,
        description: e.description,
        uri: pathToFileURL(path.join(dir, e.file)).href,
        fileMatch: Array.isArray(e.fileMatch) ? e.fileMatch : [],
        signature: e.signature,
      }));
    return new Catalog(entries);
  }

  byName(name: string): CatalogSchema | undefined {
    return this.entries.find((e) => e.name === name);
  }

  byUri(uri: string): CatalogSchema | undefined {
    return this.entries.find((e) => e.uri === uri);
  }

  /** Entries whose globs match the file path (and, for a name other tools share, whose content does not contradict them). */
  byFile(filePath: string, value?: unknown): CatalogSchema[] {
    return this.entries.filter(
      (e) =>
        e.fileMatch.length > 0 &&
        e.fileMatch.some((g) => !g.startsWith('!') && matchGlob(g, filePath)) &&
        !e.fileMatch.some((g) => g.startsWith('!') && !matchGlob(g, filePath)) &&
        !sharedNameContradicts(e, filePath, value),
    );
  }

  /** The one entry whose signature the document's top-level value matches best, if any. */
  bySignature(value: unknown): CatalogSchema | undefined {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    let best: CatalogSchema | undefined;
    let bestScore = 0;
    let tie = false;
    for (const e of this.entries) {
      const score = e.signature ? signatureScore(e.signature, value as Record<string, unknown>) : 0;
      if (score > bestScore) {
        best = e;
        bestScore = score;
        tie = false;
      } else if (score > 0 && score === bestScore) tie = true;
    }
    return tie ? undefined : best;
  }
}

/**
 * Whether a document of a file whose name matched the entry's globs satisfies the signature's
 * identity conditions (`fields`, `requiredKeys`), as core/checks/catalogMatch.ts decides: a name
 * like `default_config.yaml` or `*sweep*.yaml` is shared with other tools, so the content must
 * not contradict the format. An empty document (a new file) holds unless those conditions exist.
 */
export function nameMatchHolds(sig: Signature | undefined, value: unknown): boolean {
  if (!sig) return true;
  const identity = !!(sig.fields && Object.keys(sig.fields).length) || !!sig.requiredKeys?.length;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return (value === null || value === undefined) && !identity;
  const obj = value as Record<string, unknown>;
  for (const k of sig.requiredKeys ?? []) if (!(k in obj)) return false;
  for (const [k, re] of Object.entries(sig.fields ?? {})) if (!fieldMatches(re, obj[k])) return false;
  return true;
}

/** Whether a top-level scalar `value` matches a signature's field expression (a bad expression matches nothing). */
export function fieldMatches(re: string, value: unknown): boolean {
  if (value === undefined || value === null || typeof value === 'object') return false;
  try {
    return new RegExp(re).test(String(value));
  } catch {
    return false;
  }
}

/** 0 when the signature does not match; else how many conditions it checked. */
export function signatureScore(sig: Signature, obj: Record<string, unknown>): number {
  let score = 0;
  if (sig.absentKeys?.some((k) => k in obj)) return 0;
  if (Object.entries(sig.keyTypes ?? {}).some(([k, t]) => k in obj && !hasJsonType(obj[k], t))) return 0;
  if (sig.onlyKeys?.length && !onlyKeysHold(sig, obj)) return 0;
  for (const k of sig.requiredKeys ?? []) {
    if (!(k in obj)) return 0;
    score++;
  }
  for (const [k, re] of Object.entries(sig.fields ?? {})) {
    if (!fieldMatches(re, obj[k])) return 0;
    score += 2;
  }
  if (sig.anyKeys?.length) {
    const n = sig.anyKeys.filter((k) => k in obj).length;
    if (n < (sig.minKeys ?? 1)) return 0;
    score += n;
  }
  return score;
}
