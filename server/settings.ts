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
    schemaDownload: bool(s.schemaDownload?.enable ?? s.schemaDownload, true),
    maxFileSize: typeof ls.maxFileSize === 'number' && ls.maxFileSize > 0 ? ls.maxFileSize : DEFAULT_SETTINGS.maxFileSize,
    ...(typeof s.sshConfigPath === 'string' && s.sshConfigPath.trim() ? { sshConfigPath: s.sshConfigPath.trim() } : {}),
    ...(typeof s.defaultTarget === 'string' && s.defaultTarget.trim() ? { defaultTarget: s.defaultTarget.trim() } : {}),
    ...(s.hosts && typeof s.hosts === 'object' && !Array.isArray(s.hosts) ? { hosts: Object.keys(s.hosts) } : {}),
  };
}

export type ConfigurationPull = (uri: string) => Promise<unknown>;

export class SettingsProvider {
  private readonly cache = new Map<string, Promise<ServerSettings>>();
  /** Settings a client without workspace/configuration pushed (didChangeConfiguration), the same for every file. */
  private pushed: ServerSettings | undefined;

  /** `pull` is undefined when the client cannot answer workspace/configuration. */
  constructor(private pull: ConfigurationPull | undefined) {}

  setPull(pull: ConfigurationPull | undefined): void {
    this.pull = pull;
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
      p = pull ? pull(uri).then(readSettings, () => DEFAULT_SETTINGS) : Promise.resolve(this.pushed ?? DEFAULT_SETTINGS);
      this.cache.set(uri, p);
    }
    return p;
  }

  /** The client said settings changed: pull again next time. */
  invalidate(): void {
    this.cache.clear();
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}
