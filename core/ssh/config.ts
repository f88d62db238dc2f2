/**
 * ~/.ssh/config, read as OpenSSH reads it (ssh_config(5)), for the options Trainyard needs:
 * HostName, User, Port, IdentityFile (several), IdentitiesOnly, ProxyJump, ServerAliveInterval,
 * ConnectTimeout. Rules kept: keywords are case-insensitive, `Keyword value` or `Keyword=value`,
 * the first value obtained wins (IdentityFile accumulates), `Host` pattern lists with `*`, `?`
 * and `!` negation, `Match host/originalhost/user/localuser/all` (`exec` and other criteria
 * are not evaluated: such a block is skipped and a note says so), `Include` (globs, relative
 * to ~/.ssh, also inside a block), `~` and `%h %u %p %r %d %%` tokens in IdentityFile.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { globFiles } from './glob';
import { matchPatternList } from './patterns';

export { matchPattern, matchPatternList } from './patterns';

export interface SshConfigLine {
  keyword: string; // lower case
  args: string[];
  file: string;
  line: number;
}

export interface JumpHost {
  host: string;
  user?: string;
  port?: number;
}

export interface ResolvedSshHost {
  /** The name as written (`ssh:<alias>`). */
  alias: string;
  hostname: string;
  user: string;
  port: number;
  identityFiles: string[];
  identitiesOnly: boolean;
  /** ProxyJump hops, first hop first; empty when none (or `none`). */
  proxyJump: JumpHost[];
  serverAliveIntervalSeconds?: number;
  connectTimeoutSeconds?: number;
  /** Things a user may want to know (unsupported Match criteria, unreadable includes). */
  notes: string[];
}

export interface SshConfigOptions {
  /** The config file (default ~/.ssh/config); missing means empty. */
  file?: string;
  /** The local home for `~` and relative Includes (default os.homedir()). */
  home?: string;
  /** The local user name (default os.userInfo().username). */
  localUser?: string;
}

const MULTI = new Set(['identityfile']);

/** Splits a line into words: whitespace-separated, double quotes group, `=` may follow the keyword. */
export function splitWords(text: string): string[] | undefined {
  const out: string[] = [];
  let i = 0;
  let first = true;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (first && out.length === 1 && text[i] === '=') {
      i++;
      first = false;
      continue;
    }
    if (i >= text.length || text[i] === '#') break;
    let w = '';
    if (text[i] === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) return undefined;
      w = text.slice(i + 1, end);
      i = end + 1;
    } else {
      while (i < text.length && !/\s/.test(text[i]!) && !(out.length === 0 && text[i] === '=')) w += text[i++];
    }
    out.push(w);
  }
  return out;
}

export function parseSshConfigText(text: string, file = 'config'): SshConfigLine[] {
  const lines: SshConfigLine[] = [];
  text.split(/\r?\n/).forEach((raw, n) => {
    const words = splitWords(raw);
    if (!words || words.length === 0 || !words[0]) return;
    lines.push({ keyword: words[0].toLowerCase(), args: words.slice(1), file, line: n + 1 });
  });
  return lines;
}

/** `[user@]host[:port]` (IPv6 in brackets) of a ProxyJump hop. */
export function parseJump(text: string): JumpHost | undefined {
  const m = /^(?:(.+)@)?(?:\[([^\]]+)\]|([^:@[\]]+))(?::(\d{1,5}))?$/.exec(text.replace(/^ssh:\/\//, ''));
  if (!m) return undefined;
  const jump: JumpHost = { host: m[2] ?? m[3]! };
  if (m[1]) jump.user = m[1];
  if (m[4]) jump.port = Number(m[4]);
  return jump;
}

function expandTilde(p: string, home: string): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return path.join(home, p.slice(2));
  return p;
}

/** `%h %u %p %r %d %%` tokens; unknown ones are left as written. */
export function expandTokens(s: string, t: { h: string; u: string; p: number; r: string; d: string }): string {
  return s.replace(/%([huprd%])/g, (all, c: string) => {
    switch (c) {
      case 'h':
        return t.h;
      case 'u':
        return t.u;
      case 'p':
        return String(t.p);
      case 'r':
        return t.r;
      case 'd':
        return t.d;
      case '%':
        return '%';
      default:
        return all;
    }
  });
}

interface EvalState {
  values: Map<string, string[]>;
  identityFiles: string[];
  notes: string[];
  depth: number;
}

/**
 * Resolves `alias` against the config. `overrides` (e.g. from the target string or
 * config.yaml) win over the file, as command-line options do in OpenSSH.
 */
export function resolveSshHost(
  alias: string,
  opts: SshConfigOptions = {},
  overrides: { user?: string; port?: number; hostname?: string } = {},
): ResolvedSshHost {
  const home = opts.home ?? os.homedir();
  const file = opts.file ?? path.join(home, '.ssh', 'config');
  const localUser = opts.localUser ?? safeUserName();
  const st: EvalState = { values: new Map(), identityFiles: [], notes: [], depth: 0 };
  if (overrides.user) st.values.set('user', [overrides.user]);
  if (overrides.port) st.values.set('port', [String(overrides.port)]);
  if (overrides.hostname) st.values.set('hostname', [overrides.hostname]);
  evalFile(file, alias, st, { home, localUser, sshDir: path.dirname(file) }, true);

  const get = (k: string): string | undefined => st.values.get(k)?.[0];
  const hostname = expandTokens(get('hostname') ?? alias, { h: alias, u: localUser, p: 22, r: '', d: home });
  const portText = get('port');
  const port = portText && /^\d+$/.test(portText) ? Number(portText) : 22;
  const user = get('user') ?? localUser;
  const tok = { h: hostname, u: localUser, p: port, r: user, d: home };
  const identityFiles = st.identityFiles.map((f) => expandTilde(expandTokens(f, tok), home));
  const pj = st.values.get('proxyjump');
  const proxyJump: JumpHost[] = [];
  if (pj && pj[0] && pj[0].toLowerCase() !== 'none') {
    for (const hop of pj.join(',').split(',').filter(Boolean)) {
      const j = parseJump(hop.trim());
      if (j) proxyJump.push(j);
      else st.notes.push(`ProxyJump hop \`${hop}\` is not [user@]host[:port]; ignored`);
    }
  }
  const num = (k: string): number | undefined => {
    const v = get(k);
    return v && /^\d+$/.test(v) ? Number(v) : undefined;
  };
  const out: ResolvedSshHost = {
    alias,
    hostname,
    user,
    port,
    identityFiles,
    identitiesOnly: get('identitiesonly')?.toLowerCase() === 'yes',
    proxyJump,
    notes: st.notes,
  };
  const sai = num('serveraliveinterval');
  if (sai !== undefined) out.serverAliveIntervalSeconds = sai;
  const ct = num('connecttimeout');
  if (ct !== undefined) out.connectTimeoutSeconds = ct;
  return out;
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'root';
  }
}

interface Ctx {
  home: string;
  localUser: string;
  sshDir: string;
}

function readLines(file: string, st: EvalState, required: boolean): SshConfigLine[] {
  try {
    return parseSshConfigText(fs.readFileSync(file, 'utf8'), file);
  } catch (e) {
    if (required && (e as NodeJS.ErrnoException).code !== 'ENOENT') st.notes.push(`cannot read ${file}: ${(e as Error).message}`);
    return [];
  }
}

function evalFile(file: string, alias: string, st: EvalState, ctx: Ctx, required: boolean): void {
  if (st.depth > 16) {
    st.notes.push(`Include nesting too deep at ${file}`);
    return;
  }
  st.depth++;
  let active = true;
  for (const l of readLines(file, st, required)) {
    if (l.keyword === 'host') {
      active = matchPatternList(alias, l.args);
      continue;
    }
    if (l.keyword === 'match') {
      active = evalMatch(l, alias, st, ctx);
      continue;
    }
    if (!active) continue;
    if (l.keyword === 'include') {
      for (const arg of l.args) {
        const p = expandTilde(arg, ctx.home);
        const abs = path.isAbsolute(p) ? p : path.join(ctx.sshDir, p);
        for (const f of globFiles(abs)) evalFile(f, alias, st, ctx, false);
      }
      continue;
    }
    if (l.args.length === 0) continue;
    if (MULTI.has(l.keyword)) {
      if (l.keyword === 'identityfile') {
        if (l.args[0]!.toLowerCase() === 'none') continue;
        if (!st.identityFiles.includes(l.args[0]!)) st.identityFiles.push(l.args[0]!);
      }
      continue;
    }
    if (!st.values.has(l.keyword)) st.values.set(l.keyword, l.args);
  }
  st.depth--;
}

function evalMatch(l: SshConfigLine, alias: string, st: EvalState, ctx: Ctx): boolean {
  const a = l.args;
  let result = true;
  for (let i = 0; i < a.length; i++) {
    const raw = a[i]!;
    const negate = raw.startsWith('!');
    const crit = (negate ? raw.slice(1) : raw).toLowerCase();
    let ok: boolean;
    if (crit === 'all') ok = true;
    else if (crit === 'canonical' || crit === 'final') ok = true; // evaluated once here, as the final pass
    else {
      const arg = a[++i];
      if (arg === undefined) {
        st.notes.push(`${l.file}:${l.line}: Match ${crit} needs an argument; block skipped`);
        return false;
      }
      const list = arg.split(',');
      const hostname = st.values.get('hostname')?.[0] ?? alias;
      switch (crit) {
        case 'host':
          ok = matchPatternList(hostname, list);
          break;
        case 'originalhost':
          ok = matchPatternList(alias, list);
          break;
        case 'user':
          ok = matchPatternList(st.values.get('user')?.[0] ?? ctx.localUser, list, false);
          break;
        case 'localuser':
          ok = matchPatternList(ctx.localUser, list, false);
          break;
        default:
          st.notes.push(`${l.file}:${l.line}: Match ${crit} is not supported by Trainyard; that block is ignored`);
          return false;
      }
    }
    if (negate) ok = !ok;
    if (!ok) result = false;
  }
  return result;
}

/** Host aliases written in the config (no wildcards, no negations), for completions. */
export function listSshAliases(opts: SshConfigOptions = {}): string[] {
  const home = opts.home ?? os.homedir();
  const file = opts.file ?? path.join(home, '.ssh', 'config');
  const st: EvalState = { values: new Map(), identityFiles: [], notes: [], depth: 0 };
  const out = new Set<string>();
  const walk = (f: string, depth: number): void => {
    if (depth > 16) return;
    for (const l of readLines(f, st, false)) {
      if (l.keyword === 'host') for (const p of l.args) if (!/[*?!]/.test(p)) out.add(p);
      if (l.keyword === 'include') {
        for (const arg of l.args) {
          const p = expandTilde(arg, home);
          for (const g of globFiles(path.isAbsolute(p) ? p : path.join(path.dirname(file), p))) walk(g, depth + 1);
        }
      }
    }
  };
  walk(file, 0);
  return [...out];
}
