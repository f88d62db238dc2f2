/** Schemas for documents: association, loading (bundled, file, remote with cache) and compiling. */
import { Catalog } from './catalog';
import { SchemaCompiler, type CompiledSchema } from './compiler';
import { SchemaLoader } from './loader';
import { associate, resolveSchemaRef, type Association } from './association';

export type SchemaResult = { ok: true; compiled: CompiledSchema } | { ok: false; error: string };

export class SchemaService {
  readonly catalog: Catalog;
  private readonly results = new Map<string, SchemaResult>();
  private readonly pending = new Map<string, Promise<SchemaResult>>();

  constructor(
    catalog?: Catalog,
    private readonly loader = new SchemaLoader(),
    private readonly compiler = new SchemaCompiler(),
    public workspaceFolders: string[] = [],
  ) {
    this.catalog = catalog ?? Catalog.load();
  }

  associate(uri: string, value: unknown, modeline: string | undefined, settings: Record<string, string | string[]>): Association {
    return associate({ uri, value, modeline, settings, catalog: this.catalog, workspaceFolders: this.workspaceFolders });
  }

  /** The compiled schema when it is ready (no waiting), for the fast path. */
  ready(uri: string): SchemaResult | undefined {
    return this.results.get(uri);
  }

  /** Loads and compiles `uri` once; `download` false refuses http(s) schemas that are not cached yet. */
  get(uri: string, download = true): Promise<SchemaResult> {
    const done = this.results.get(uri);
    if (done) return Promise.resolve(done);
    if (!download && /^https?:/i.test(uri)) return Promise.resolve({ ok: false, error: `schema ${uri} was not downloaded: schema downloads are off (trainyard.schemaDownload.enable)` });
    let p = this.pending.get(uri);
    if (!p) {
      p = this.loader.load(uri).then((r): SchemaResult => {
        const res: SchemaResult = r.ok ? this.compiler.compile(uri, r.schema) : { ok: false, error: r.error };
        this.results.set(uri, res);
        this.pending.delete(uri);
        return res;
      });
      this.pending.set(uri, p);
    }
    return p;
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

  /** A schema file changed on disk (or settings changed): load it again next time. */
  forget(uri?: string): void {
    const uris = uri ? [uri] : [...this.results.keys()];
    for (const u of uris) {
      this.results.delete(u);
      this.loader.forget(u);
      this.compiler.forget(u);
    }
  }
}
