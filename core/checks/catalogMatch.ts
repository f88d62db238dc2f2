/**
 * Which bundled schema applies to a document: schemas/catalog.json matched by file name (globs)
 * and by content (signatures). Pure: no I/O; the language server calls it per document of a
 * multi-document file. docs/schemas.md describes the rules.
 *
 * 1. Name: the first entry (in catalog order) one of whose `fileMatch` globs matches the path
 *    wins — when it has a signature, the document must also satisfy the signature's `fields` and
 *    `requiredKeys` (the name stands in for the rest, so a misspelt key in `train.sky.yaml` is
 *    still checked against SkyPilot's schema).
 * 2. Content: otherwise, entries whose whole signature holds: `fields`, `requiredKeys`, at least
 *    `minKeys` of `anyKeys`, none of `absentKeys`, only `onlyKeys` at the top level, and the
 *    `keyTypes` of the keys present (`run: {port: 80}` is not SkyPilot's `run`). The one
 *    with the most evidence wins; a tie is ambiguous and matches nothing.
 * A weak match (e.g. one characteristic key and no name) returns undefined: no schema is better
 * than a wrong one.
 */
import catalogJson from '../../schemas/catalog.json';
import { isObject } from './types';

export interface CatalogSignature {
  /** Top-level scalar fields and regexes their value (as a string) must match, all of them. */
  fields?: Record<string, string>;
  /** Top-level keys that must all be present. */
  requiredKeys?: string[];
  /** Characteristic top-level keys; at least `minKeys` of them must be present (content match). */
  anyKeys?: string[];
  /** How many of `anyKeys` a content match needs (default 1 when `anyKeys` is given). */
  minKeys?: number;
  /** Top-level keys that must not be present (they belong to other formats); content match only. */
  absentKeys?: string[];
  /** For formats whose tool rejects unknown top-level keys: every top-level key must be one of these; content match only. */
  onlyKeys?: string[];
  /** JSON types (`string`, `object`, `array`, `integer`, `number`, `boolean`) that keys must have when present; content match only. */
  keyTypes?: Record<string, string>;
  /**
   * Globs of `fileMatch` that other tools use too (`sky.yaml`: Clash rule lists, editor themes): a
   * mapping matched only by one of them must also show one of `anyKeys`. Empty documents still match.
   */
  sharedNames?: string[];
}

/** The JSON type of a parsed YAML/JSON value, as `keyTypes` names it (`integer` is also a `number`). */
export function hasJsonType(v: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    case 'integer':
      return Number.isInteger(v);
    case 'null':
      return v === null;
    default:
      return typeof v === type;
  }
}

export interface CatalogEntry {
  name: string;
  description: string;
  /** Schema file, relative to schemas/. */
  file: string;
  fileMatch: string[];
  signature?: CatalogSignature;
  /** Where the schema's facts come from, and which version (shown in hovers). */
  source?: string;
}

export interface Catalog {
  schemas: CatalogEntry[];
}

export const CATALOG: Catalog = catalogJson as Catalog;

const globCache = new Map<string, RegExp>();

/** A glob as a RegExp: `*` (not `/`), `?`, `**` (any folders), `{a,b}`. */
export function globToRegExp(glob: string): RegExp {
  let re = globCache.get(glob);
  if (re) return re;
  let src = '';
  let i = 0;
  let braces = 0;
  while (i < glob.length) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches zero or more folders; a trailing `**` matches the rest.
        if (glob[i + 2] === '/') {
          src += '(?:[^/]*/)*';
          i += 3;
        } else {
          src += '.*';
          i += 2;
        }
        continue;
      }
      src += '[^/]*';
    } else if (c === '?') src += '[^/]';
    else if (c === '{') {
      src += '(?:';
      braces++;
    } else if (c === '}' && braces > 0) {
      src += ')';
      braces--;
    } else if (c === ',' && braces > 0) src += '|';
    else src += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
    i++;
  }
  re = new RegExp(glob.includes('/') ? `(?:^|/)${src}$` : `^${src}$`);
  globCache.set(glob, re);
  return re;
}

/**
 * Whether `path` matches `glob`. Globs without `/` match the base name; globs with `/` match the
 * end of the path, e.g. `accelerate/default_config.yaml` under any folder. Backslashes count as `/`.
 */
export function globMatch(glob: string, path: string): boolean {
  const p = path.replace(/\\/g, '/');
  const target = glob.includes('/') ? p : p.slice(p.lastIndexOf('/') + 1);
  return globToRegExp(glob).test(target);
}

/** The path part of a file name or a `file:` URI. */
function pathOf(fileName: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(fileName)) {
    try {
      return decodeURIComponent(new URL(fileName).pathname);
    } catch {
      return fileName;
    }
  }
  return fileName;
}

/** Edit distance with swaps of neighbours (optimal string alignment): `setpu` is one edit from `setup`. */
function typoDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * `onlyKeys` for a content match: every top-level key is one of them, except that one misspelt
 * key (`file_mount`, `setpu`, `env`: one edit from a known key, two for keys of 8+ letters) is
 * tolerated when the document shows one characteristic key more than the signature needs, so
 * the schema that reports the typo still applies.
 */
export function onlyKeysHold(sig: CatalogSignature, value: Record<string, unknown>): boolean {
  const only = sig.onlyKeys;
  if (!only) return true;
  const unknown = Object.keys(value).filter((k) => k !== '$schema' && !only.includes(k));
  if (unknown.length === 0) return true;
  if (unknown.length > 1) return false;
  const k = unknown[0];
  if (k.length < 3 || !only.some((o) => typoDistance(k, o) <= (k.length >= 8 ? 2 : 1))) return false;
  const min = sig.minKeys ?? (sig.anyKeys?.length ? 1 : 0);
  return (sig.anyKeys ?? []).filter((a) => a in value).length >= min + 1;
}

const regexCache = new Map<string, RegExp | null>();
function regex(src: string): RegExp | null {
  if (!regexCache.has(src)) {
    try {
      regexCache.set(src, new RegExp(src));
    } catch {
      regexCache.set(src, null);
    }
  }
  return regexCache.get(src)!;
}

/**
 * Evidence a document gives for a signature: undefined when it contradicts it. `byName`: the file
 * name already matched, so only the identity conditions (`fields`, `requiredKeys`) apply.
 */
function evidence(sig: CatalogSignature, value: unknown, byName: boolean): { identity: number; keys: number } | undefined {
  if (!isObject(value)) {
    // An empty document (a new file) contradicts only signatures that demand keys.
    if ((value === null || value === undefined) && !sig.fields && !sig.requiredKeys?.length) return { identity: 0, keys: 0 };
    return undefined;
  }
  let identity = 0;
  for (const [key, src] of Object.entries(sig.fields ?? {})) {
    const v = value[key];
    if (v === undefined || v === null || typeof v === 'object') return undefined;
    const re = regex(src);
    if (!re || !re.test(String(v))) return undefined;
    identity += 2;
  }
  for (const key of sig.requiredKeys ?? []) {
    if (!(key in value)) return undefined;
    identity += 1;
  }
  if (!byName) {
    for (const key of sig.absentKeys ?? []) if (key in value) return undefined;
    for (const [key, type] of Object.entries(sig.keyTypes ?? {})) if (key in value && !hasJsonType(value[key], type)) return undefined;
    if (!onlyKeysHold(sig, value)) return undefined;
  }
  const keys = (sig.anyKeys ?? []).filter((k) => k in value).length;
  return { identity, keys };
}

/** Whether `path` matches the entry only through `sharedNames`, and the mapping `value` shows none of `anyKeys`. */
export function sharedNameContradicts(entry: { fileMatch: string[]; signature?: CatalogSignature }, path: string, value: unknown): boolean {
  const shared = entry.signature?.sharedNames;
  if (!shared?.length || !isObject(value) || Object.keys(value).length === 0) return false;
  if (entry.fileMatch.some((g) => !shared.includes(g) && globMatch(g, path))) return false;
  return !(entry.signature!.anyKeys ?? []).some((k) => k in value);
}

/** Whether the whole signature holds, as needed for a match on content alone. */
export function signatureMatches(sig: CatalogSignature, value: unknown): boolean {
  const ev = evidence(sig, value, false);
  if (!ev) return false;
  const anyKeys = sig.anyKeys ?? [];
  const min = sig.minKeys ?? (anyKeys.length ? 1 : 0);
  if (ev.keys < min) return false;
  // A signature with no conditions at all never matches on content.
  return ev.identity > 0 || ev.keys > 0;
}

/** The catalog entry for a document of `fileName` (a path or URI) whose parsed value is `value`. */
export function matchCatalog(fileName: string, value: unknown, catalog: Catalog = CATALOG): CatalogEntry | undefined {
  const path = pathOf(fileName);
  for (const entry of catalog.schemas) {
    if (!entry.fileMatch.some((g) => globMatch(g, path))) continue;
    if (sharedNameContradicts(entry, path, value)) continue;
    if (!entry.signature || evidence(entry.signature, value, true)) return entry;
  }
  let best: CatalogEntry | undefined;
  let bestScore = -1;
  let tie = false;
  for (const entry of catalog.schemas) {
    const sig = entry.signature;
    if (!sig || !signatureMatches(sig, value)) continue;
    const ev = evidence(sig, value, false)!;
    const score = ev.identity * 10 + ev.keys;
    if (score > bestScore) {
      best = entry;
      bestScore = score;
      tie = false;
    } else if (score === bestScore) tie = true;
  }
  return tie ? undefined : best;
}

/** The entry with this name (for `trainyard.schemas` settings that name a catalog schema). */
export function catalogEntry(name: string, catalog: Catalog = CATALOG): CatalogEntry | undefined {
  return catalog.schemas.find((e) => e.name === name);
}
