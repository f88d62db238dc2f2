/**
 * Settings, pulled per resource (`workspace/configuration` with the document's URI) and cached
 * per URI until the client says they changed. Never a global: every service asks for the
 * settings of the document it works on. With no settings at all every feature is on.
 */
export type Claim = 'all' | 'specs' | 'none';

export interface ServerSettings {
  /** schema (path, URL or catalog name) → glob(s), like `yaml.schemas`. */
  schemas: Record<string, string | string[]>;
  /** Which files the server checks: `all` (specs, catalog matches, modelines, `schemas`), `specs` (Trainyard specs only), `none`. */
  claim: Claim;
  validate: boolean;
  completion: boolean;
  hover: boolean;
  /** Run / Run on… / Render lenses on specs (the extension turns them off in Restricted Mode, where nothing runs). */
  codeLens: boolean;
  /** Download http(s) schemas (off in untrusted workspaces). */
  schemaDownload: boolean;
  /** Files larger than this get one "too large to check" diagnostic. */
  maxFileSize: number;
  /** `trainyard.sshConfigPath` (empty: ~/.ssh/config), for target completion. */
  sshConfigPath?: string;
  /** `trainyard.defaultTarget`, the target of specs that name none. */
  defaultTarget?: string;
  /** Names of `trainyard.hosts`, offered as `ssh:<name>` targets. */
  hosts?: string[];
}

export const DEFAULT_SETTINGS: ServerSettings = {
  schemas: {},
  claim: 'all',
  validate: true,
  completion: true,
  hover: true,
  codeLens: true,
  schemaDownload: true,
  maxFileSize: 4 * 1024 * 1024,
};

/** The `trainyard` section as the client sends it → typed settings (bad values fall back to defaults). */
export function readSettings(raw: unknown): ServerSettings {
  const s = raw && typeof raw === 'object' ? (raw as Record<string, any>) : {};
  const ls = s.languageServer && typeof s.languageServer === 'object' ? s.languageServer : {};
  const bool = (v: unknown, d: boolean) => (typeof v === 'boolean' ? v : d);
  const claim = ls.claim === 'specs' || ls.claim === 'none' || ls.claim === 'all' ? ls.claim : DEFAULT_SETTINGS.claim;
  const schemas: Record<string, string | string[]> = {};
  if (s.schemas && typeof s.schemas === 'object') {
    for (const [k, v] of Object.entries(s.schemas)) if (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))) schemas[k] = v as string | string[];
  }
  return {
    schemas,
    claim,
    validate: bool(ls.validate, true),
    completion: bool(ls.completion, true),
    hover: bool(ls.hover, true),
    codeLens: bool(ls.codeLens, true),
    schemaDownload: bool(s.schemaDownload?.enable ?? s.schemaDownload, true),
    maxFileSize: typeof ls.maxFileSize === 'number' && ls.maxFileSize > 0 ? ls.maxFileSize : DEFAULT_SETTINGS.maxFileSize,
    ...(typeof s.sshConfigPath === 'string' && s.sshConfigPath.trim() ? { sshConfigPath: s.sshConfigPath.trim() } : {}),
    ...(typeof s.defaultTarget === 'string' && s.defaultTarget.trim() ? { defaultTarget: s.defaultTarget.trim() } : {}),
    ...(s.hosts && typeof s.hosts === 'object' && !Array.isArray(s.hosts) ? { hosts: Object.keys(s.hosts) } : {}),
  };
}

export type ConfigurationPull = (uri: string) => Promise<unknown>;

/**
 * How long a pull may take before the document is checked with the settings known without it
 * (a client that announces workspace/configuration but never answers must not leave files
 * unchecked). A late answer is not lost: it is what the next pull of that file returns.
 */
export const PULL_TIMEOUT_MS = 3000;

export class SettingsProvider {
  private readonly cache = new Map<string, Promise<ServerSettings>>();
  /** Settings a client without workspace/configuration pushed (didChangeConfiguration), the same for every file. */
  private pushed: ServerSettings | undefined;
  /**
   * The `trainyard` section of the client's initializationOptions (how some editors pass
   * settings): used where a pull answers nothing and until a client without pulls pushes.
   */
  private base: ServerSettings | undefined;

  /** `pull` is undefined when the client cannot answer workspace/configuration. */
  constructor(
    private pull: ConfigurationPull | undefined,
    private readonly timeoutMs = PULL_TIMEOUT_MS,
  ) {}

  /** Called with a file's URI when its pull was answered after the timeout (check it again). */
  lateAnswer: ((uri: string) => void) | undefined;

  setPull(pull: ConfigurationPull | undefined): void {
    this.pull = pull;
    this.cache.clear();
  }

  /** `initializationOptions` as the client sent them; their `trainyard` object, if any, is the base. */
  setInitializationOptions(options: unknown): void {
    const section = options && typeof options === 'object' ? (options as Record<string, unknown>).trainyard : undefined;
    this.base = section && typeof section === 'object' ? readSettings(section) : undefined;
    this.cache.clear();
  }

  get canPull(): boolean {
    return this.pull !== undefined;
  }

  /** The `trainyard` section a client pushed (used only when settings cannot be pulled). */
  setPushed(section: unknown): void {
    this.pushed = section === undefined || section === null ? undefined : readSettings(section);
    this.cache.clear();
  }

  /** Whether the settings of `uri` were asked for already (so `get` needs no round trip). */
  has(uri: string): boolean {
    return this.cache.has(uri);
  }

  get(uri: string): Promise<ServerSettings> {
    let p = this.cache.get(uri);
    if (!p) {
      const pull = this.pull;
      const fallback = this.base ?? DEFAULT_SETTINGS;
      p = pull ? this.pullOnce(pull, uri, fallback) : Promise.resolve(this.pushed ?? fallback);
      this.cache.set(uri, p);
    }
    return p;
  }

  /** One pull: the client's answer (nothing answered: the base), or the base after timeoutMs. */
  private pullOnce(pull: ConfigurationPull, uri: string, fallback: ServerSettings): Promise<ServerSettings> {
    const answer = pull(uri).then(
      (raw) => (raw === null || raw === undefined ? fallback : readSettings(raw)),
      () => fallback,
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<ServerSettings>((resolve) => {
      timer = setTimeout(() => {
        // the answer that comes later is kept for the next check of this file
        if (this.cache.get(uri) === raced) {
          this.cache.set(uri, answer);
          // and when it comes, the file is checked again with it
          void answer.then(() => {
            if (this.cache.get(uri) === answer) this.lateAnswer?.(uri);
          });
        }
        resolve(fallback);
      }, this.timeoutMs);
      timer.unref?.();
    });
    const raced: Promise<ServerSettings> = Promise.race([answer, late]);
    void answer.then(() => clearTimeout(timer));
    return raced;
  }

  /** The client said settings changed: pull again next time. */
  invalidate(): void {
    this.cache.clear();
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}
