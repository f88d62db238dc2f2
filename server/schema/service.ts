/** Schemas for documents: association, loading (bundled, file, remote with cache) and compiling. */
import { Catalog } from './catalog';
import { SchemaCompiler, type CompiledSchema } from './compiler';
import { SchemaLoader } from './loader';
import { associate, resolveSchemaRef, type Association } from './association';
import { loadRefs } from './refs';
import { isKustomizePatch } from './kustomize';
import { fileURLToPath } from 'node:url';

export type SchemaResult = { ok: true; compiled: CompiledSchema } | { ok: false; error: string };

export class SchemaService {
  readonly catalog: Catalog;
  private readonly results = new Map<string, SchemaResult>();
  private readonly pending = new Map<string, Promise<SchemaResult>>();
  /** Referenced schema document → the schemas that refer to it (forgotten with it). */
  private readonly dependents = new Map<string, Set<string>>();

  constructor(
    catalog?: Catalog,
    private readonly loader = new SchemaLoader(),
    private readonly compiler = new SchemaCompiler(),
    public workspaceFolders: string[] = [],
  ) {
    this.catalog = catalog ?? Catalog.load();
  }

  /** Whether a `.json` file's top-level `$schema` associates it (false when the client validates those itself). */
  jsonSchemaKey = true;

  associate(uri: string, value: unknown, modeline: string | undefined, settings: Record<string, string | string[]>, templated = false): Association {
    const a = associate({ uri, value, modeline, settings, catalog: this.catalog, workspaceFolders: this.workspaceFolders, templated, jsonSchemaKey: this.jsonSchemaKey });
    // a kustomize overlay's patch is a partial manifest (server/schema/kustomize.ts)
    if (a.kind === 'schema' && (a.source === 'catalog' || a.source === 'signature') && /^(?:kubernetes|kubeflow)-/.test(a.name ?? '') && uri.startsWith('file:')) {
      let file: string | undefined;
      try {
        file = fileURLToPath(uri);
      } catch {
        file = undefined;
      }
      if (file && isKustomizePatch(file)) return { kind: 'none', reason: 'no-schema' };
    }
    return a;
  }

  /** The compiled schema when it is ready (no waiting), for the fast path. */
  ready(uri: string): SchemaResult | undefined {
    return this.results.get(uri);
  }

  /** Loads and compiles `uri` once; `download` false refuses http(s) schemas that are not cached yet. */
  get(uri: string, download = true): Promise<SchemaResult> {
    const done = this.results.get(uri);
    if (done) return Promise.resolve(done);
    // (a schema downloaded before, kept in the on-disk cache, needs no download)
    if (!download && /^https?:/i.test(uri) && !this.loader.isCached(uri)) return Promise.resolve({ ok: false, error: downloadsOff(uri) });
    // (keyed by `download` too: a prefetch that may not download must not answer a later load
    // that may — a local schema with a remote `$ref` would fail once for no reason)
    const key = `${download ? 'd' : 'o'}\u0000${uri}`;
    let p = this.pending.get(key);
    if (!p) {
      p = this.loadAndCompile(uri, download).then(({ res, keep }) => {
        if (keep) this.results.set(uri, res);
        this.pending.delete(key);
        return res;
      });
      this.pending.set(key, p);
    }
    return p;
  }

  private async loadAndCompile(uri: string, download: boolean): Promise<{ res: SchemaResult; keep: boolean }> {
    const r = await this.loader.load(uri);
    if (!r.ok) return { res: { ok: false, error: r.error }, keep: true };
    const own = r.schema && typeof r.schema === 'object' ? (r.schema as Record<string, unknown>).$id : undefined;
    const idUri = typeof own === 'string' && /^[a-z][a-z0-9+.-]+:/i.test(own) ? own : uri;
    let offline = false;
    // every document tried, loaded or not: a missing one that appears later is a change too
    const tried: string[] = [];
    const refs = await loadRefs(r.schema, idUri, uri, (u) => {
      tried.push(u);
      if (!download && /^https?:/i.test(u) && !this.loader.isCached(u)) {
        offline = true;
        return Promise.resolve({ ok: false as const, error: downloadsOff(u) });
      }
      return this.loader.load(u);
    });
    for (const f of tried) {
      let set = this.dependents.get(f);
      if (!set) this.dependents.set(f, (set = new Set()));
      set.add(uri);
    }
    if (!refs.ok) return { res: { ok: false, error: refs.error }, keep: !offline };
    return { res: this.compiler.compile(uri, r.schema, refs.extras), keep: true };
  }

  /** Starts loading the local schemas modelines name (before the document's settings are known). */
  prefetchModelines(uri: string, modelines: Array<string | undefined>): void {
    for (const m of new Set(modelines)) {
      if (!m || m === 'none') continue;
      const target = resolveSchemaRef(m, uri, this.catalog);
      if (/^https?:/i.test(target) || this.catalog.byUri(target)?.name === 'trainyard') continue;
      void this.get(target, false);
    }
  }

  /** Resolves when the validator-cache writes started so far are done (before the server exits). */
  idle(): Promise<void> {
    return this.compiler.idle();
  }

  /**
   * Forgets the schemas whose local file, or a file they refer to, changed on disk since it was
   * read (edited, created where it was missing, deleted), so the next use loads them again.
   * `uri` limits the check to that schema and its files; returns the schema URIs forgotten.
   */
  refresh(uri?: string): string[] {
    const files = uri ? [uri, ...this.filesOf(uri)] : this.loader.localUris();
    const out = new Set<string>();
    for (const f of files) {
      if (!this.loader.changed(f)) continue;
      out.add(f);
      for (const d of this.dependents.get(f) ?? []) out.add(d);
      this.forget(f);
    }
    return [...out];
  }

  /** Files `uri`'s references were loaded from. */
  private filesOf(uri: string): string[] {
    const out: string[] = [];
    for (const [f, set] of this.dependents) if (set.has(uri)) out.push(f);
    return out;
  }

  /** A schema file changed on disk (or settings changed): load it again next time. */
  forget(uri?: string): void {
    const uris = new Set(uri ? [uri, ...(this.dependents.get(uri) ?? [])] : [...this.results.keys(), ...this.dependents.keys()]);
    for (const u of uris) {
      this.results.delete(u);
      this.loader.forget(u);
      this.compiler.forget(u);
    }
  }
}

function downloadsOff(uri: string): string {
  return `schema ${uri} was not downloaded: schema downloads are off (trainyard.schemaDownload.enable)`;
}
