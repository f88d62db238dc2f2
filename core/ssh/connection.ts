/**
 * One pooled ssh2 connection per host (ProxyJump through `forwardOut` chains), with
 * keepalives, host-key checks against known_hosts, agent/key auth, and reconnect with
 * backoff. Commands are argument vectors joined with the one audited quoting function.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { Client, type ClientChannel, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import { TrainyardError, abortError } from '../errors';
import { shJoin } from '../shell/quote';
import { resolveSshHost, type ResolvedSshHost, type JumpHost } from './config';
import { readKnownHosts, checkHostKey, recordHostKey, knownKeyTypes, keyTypeOf, fingerprintOf, knownHostsName } from './knownHosts';
import { makeAuthHandler } from './auth';

export interface HostKeyInfo {
  host: string;
  port: number;
  keyType: string;
  fingerprint: string;
  knownHostsFile: string;
}

export interface SshClientOptions {
  /** ~/.ssh/config to read (default `<home>/.ssh/config`). */
  sshConfigFile?: string;
  /** known_hosts to check and record into (default `<home>/.ssh/known_hosts`). */
  knownHostsFile?: string;
  /** Local home for `~` (default os.homedir()). */
  home?: string;
  /** ssh-agent socket (default $SSH_AUTH_SOCK); null: no agent. */
  agentSocket?: string | null;
  /** Accept and record unknown host keys without asking (`--accept-new-host-key`). */
  acceptNewHostKey?: boolean;
  /** Decides about an unknown host key (true: accept and record). None: refuse. */
  onUnknownHostKey?: (info: HostKeyInfo) => Promise<boolean> | boolean;
  askPassphrase?: (keyFile: string) => Promise<string | undefined>;
  keepaliveIntervalMs?: number;
  /** How many times a dropped or refused connection is retried (with backoff). */
  reconnectAttempts?: number;
}

export interface SshEndpoint {
  /** The name in the target (`ssh:<alias>` or the host of `ssh:user@host:port`). */
  alias: string;
  user?: string;
  port?: number;
  hostname?: string;
  identityFiles?: string[];
}

export interface ExecResult {
  code: number | null;
  signal?: string;
  stdout: Buffer;
  stderr: Buffer;
}

export interface ExecOptions {
  stdin?: Buffer | string | Readable;
  signal?: AbortSignal;
  /** Called with stdout bytes as they arrive (they are then not collected). */
  onStdout?: (chunk: Buffer) => void;
}

const DEFAULT_HOST_KEY_ALGOS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

function hostKeyAlgorithms(known: string[]): string[] {
  const pref: string[] = [];
  for (const t of known) {
    if (t === 'ssh-rsa') pref.push('rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa');
    else if (DEFAULT_HOST_KEY_ALGOS.includes(t)) pref.push(t);
  }
  return [...new Set([...pref, ...DEFAULT_HOST_KEY_ALGOS])];
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class SshConnection {
  readonly resolved: ResolvedSshHost;
  readonly notes: string[] = [];
  private client?: Client;
  private jumps: Client[] = [];
  private connecting?: Promise<Client>;
  private closed = false;
  private readonly home: string;
  private readonly knownHostsFile: string;

  constructor(
    readonly endpoint: SshEndpoint,
    private readonly opts: SshClientOptions = {},
  ) {
    this.home = opts.home ?? os.homedir();
    this.knownHostsFile = opts.knownHostsFile ?? path.join(this.home, '.ssh', 'known_hosts');
    this.resolved = this.resolve(endpoint.alias, { user: endpoint.user, port: endpoint.port, hostname: endpoint.hostname });
    if (endpoint.identityFiles?.length) this.resolved.identityFiles.unshift(...endpoint.identityFiles);
  }

  private resolve(alias: string, o: { user?: string; port?: number; hostname?: string }): ResolvedSshHost {
    return resolveSshHost(alias, { file: this.opts.sshConfigFile, home: this.home }, o);
  }

  /** `user@host:port` (and the jumps), for messages. */
  describe(): string {
    const r = this.resolved;
    const via = r.proxyJump.length ? ` via ${r.proxyJump.map((j) => j.host).join(' → ')}` : '';
    return `${r.user}@${r.hostname}:${r.port}${via}`;
  }

  /** The connected client, connecting (or reconnecting, with backoff) when needed. */
  async connect(signal?: AbortSignal): Promise<Client> {
    if (this.closed) throw new TrainyardError('host-unreachable', `the connection to ${this.describe()} was closed`);
    if (this.client) return this.client;
    if (!this.connecting) {
      this.connecting = this.connectWithRetry(signal).finally(() => (this.connecting = undefined));
    }
    return this.connecting;
  }

  private async connectWithRetry(signal?: AbortSignal): Promise<Client> {
    const attempts = this.opts.reconnectAttempts ?? 3;
    for (let i = 0; ; i++) {
      try {
        return await this.connectChain();
      } catch (e) {
        const retriable = e instanceof TrainyardError && e.reason === 'host-unreachable';
        if (!retriable || i >= attempts || signal?.aborted) throw e;
        await delay(250 * 2 ** i);
      }
    }
  }

  private async connectChain(): Promise<Client> {
    const r = this.resolved;
    const hops: ResolvedSshHost[] = r.proxyJump.map((j: JumpHost) => this.resolve(j.host, { user: j.user, port: j.port }));
    const jumps: Client[] = [];
    try {
      let sock: Readable | undefined;
      for (const hop of hops) {
        const c = await this.connectOne(hop, sock);
        jumps.push(c);
        sock = await this.forward(c, hop, jumps.length < hops.length ? hops[jumps.length]! : r);
      }
      const client = await this.connectOne(r, sock);
      this.jumps = jumps;
      this.client = client;
      const drop = (): void => {
        if (this.client === client) {
          this.client = undefined;
          for (const j of this.jumps) j.end();
          this.jumps = [];
        }
      };
      client.on('close', drop);
      client.on('end', drop);
      client.on('error', drop);
      return client;
    } catch (e) {
      for (const j of jumps) j.end();
      throw e;
    }
  }

  private forward(via: Client, viaHost: ResolvedSshHost, to: ResolvedSshHost): Promise<Readable> {
    return new Promise((resolve, reject) => {
      via.forwardOut('127.0.0.1', 0, to.hostname, to.port, (err, stream) => {
        if (err) reject(new TrainyardError('host-unreachable', `cannot reach ${to.hostname}:${to.port} through the jump host ${viaHost.hostname}: ${err.message}`, { cause: err }));
        else resolve(stream);
      });
    });
  }

  private connectOne(h: ResolvedSshHost, sock?: Readable): Promise<Client> {
    const where = `${h.user}@${h.hostname}:${h.port}`;
    const tried: string[] = [];
    const notes: string[] = [];
    let hostKeyError: TrainyardError | undefined;
    const known = readKnownHosts(this.knownHostsFile);
    const cfg: ConnectConfig = {
      host: h.hostname,
      port: h.port,
      username: h.user,
      sock,
      readyTimeout: (h.connectTimeoutSeconds ?? 20) * 1000,
      keepaliveInterval: this.opts.keepaliveIntervalMs ?? (h.serverAliveIntervalSeconds ?? 15) * 1000,
      keepaliveCountMax: 3,
      algorithms: { serverHostKey: hostKeyAlgorithms(knownKeyTypes(known, h.hostname, h.port)) as never },
      authHandler: makeAuthHandler(
        {
          username: h.user,
          identityFiles: h.identityFiles,
          identitiesOnly: h.identitiesOnly,
          agentSocket: this.opts.agentSocket === null ? undefined : (this.opts.agentSocket ?? process.env.SSH_AUTH_SOCK),
          home: this.home,
          askPassphrase: this.opts.askPassphrase,
        },
        tried,
        notes,
      ),
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        this.verifyHostKey(h, key).then(
          () => verify(true),
          (e: unknown) => {
            hostKeyError = e instanceof TrainyardError ? e : new TrainyardError('host-key-unknown', String(e), { cause: e });
            verify(false);
          },
        );
      },
    };
    return new Promise((resolve, reject) => {
      const c = new Client();
      let settled = false;
      c.once('ready', () => {
        settled = true;
        // Commands are small request/response exchanges: Nagle's algorithm would hold each back.
        c.setNoDelay(true);
        this.notes.push(...notes);
        resolve(c);
      });
      c.on('error', (err: Error & { level?: string; code?: string }) => {
        if (settled) return;
        settled = true;
        c.end();
        if (hostKeyError) return reject(hostKeyError);
        if (err.level === 'client-authentication') {
          const offered = tried.length ? `offered ${tried.join(', ')}` : 'no usable key or agent';
          return reject(
            new TrainyardError(
              'auth-refused',
              `${where} refused the login (${offered})${notes.length ? '; ' + notes.join('; ') : ''}. ` +
                'Add your key to ssh-agent or name it with IdentityFile in ~/.ssh/config.',
              { cause: err },
            ),
          );
        }
        reject(new TrainyardError('host-unreachable', `cannot connect to ${where}: ${err.message}`, { cause: err }));
      });
      c.on('close', () => {
        if (settled) return;
        settled = true;
        reject(hostKeyError ?? new TrainyardError('host-unreachable', `${where} closed the connection during the handshake`));
      });
      try {
        c.connect(cfg);
      } catch (e) {
        settled = true;
        reject(new TrainyardError('host-unreachable', `cannot connect to ${where}: ${(e as Error).message}`, { cause: e }));
      }
    });
  }

  private async verifyHostKey(h: ResolvedSshHost, key: Buffer): Promise<void> {
    const verdict = checkHostKey(readKnownHosts(this.knownHostsFile), h.hostname, h.port, key);
    const info: HostKeyInfo = { host: h.hostname, port: h.port, keyType: keyTypeOf(key), fingerprint: fingerprintOf(key), knownHostsFile: this.knownHostsFile };
    const name = knownHostsName(h.hostname, h.port);
    switch (verdict.kind) {
      case 'ok':
        return;
      case 'revoked':
        throw new TrainyardError('host-key-changed', `the ${info.keyType} host key of ${name} (${info.fingerprint}) is marked @revoked in ${this.knownHostsFile}:${verdict.line}; refusing to connect`);
      case 'changed':
        throw new TrainyardError(
          'host-key-changed',
          `WARNING: the host key of ${name} has changed: it now presents ${info.keyType} ${info.fingerprint}, but ${this.knownHostsFile}:${verdict.line} ` +
            `holds a different ${verdict.knownType} key. This can mean someone is intercepting the connection. Refusing to connect; if the host was ` +
            `reinstalled, check the new fingerprint with its administrator and remove the old line (ssh-keygen -R '${name}').`,
        );
      case 'unknown': {
        const accept = this.opts.acceptNewHostKey || (this.opts.onUnknownHostKey ? await this.opts.onUnknownHostKey(info) : false);
        if (!accept) {
          throw new TrainyardError(
            'host-key-unknown',
            `the host ${name} is not in ${this.knownHostsFile}; it presents the ${info.keyType} key ${info.fingerprint}. ` +
              'If that fingerprint is right, run again with --accept-new-host-key (or connect once with ssh) to record it.',
          );
        }
        recordHostKey(this.knownHostsFile, h.hostname, h.port, key);
        return;
      }
    }
  }

  /** Opens an exec channel; retries once on a fresh connection when the old one had dropped. */
  async channel(argv: readonly string[], signal?: AbortSignal): Promise<ClientChannel> {
    const command = shJoin(argv);
    for (let attempt = 0; ; attempt++) {
      const c = await this.connect(signal);
      try {
        return await new Promise<ClientChannel>((resolve, reject) => c.exec(command, (err, ch) => (err ? reject(err) : resolve(ch))));
      } catch (e) {
        // The command did not start: safe to retry on a new connection.
        if (this.client === c) {
          this.client = undefined;
          c.end();
        }
        if (attempt >= 1) throw new TrainyardError('host-unreachable', `cannot run a command on ${this.describe()}: ${(e as Error).message}`, { cause: e });
      }
    }
  }

  /**
   * Runs `open` on the pooled client; when it fails because the connection had dropped, once
   * more on a fresh connection (nothing was started on the host yet, so a retry is safe).
   */
  private async onClient<T>(what: string, signal: AbortSignal | undefined, open: (c: Client, cb: (err: Error | undefined, v: T) => void) => void): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw abortError(signal);
      const c = await this.connect(signal);
      try {
        return await new Promise<T>((resolve, reject) => open(c, (err, v) => (err ? reject(err) : resolve(v))));
      } catch (e) {
        const gone = this.client !== c || !(c as unknown as { _sock?: { writable?: boolean } })._sock?.writable;
        if (gone && this.client === c) {
          this.client = undefined;
          c.end();
        }
        if (!gone || attempt >= 1) throw new TrainyardError('host-unreachable', `cannot ${what} on ${this.describe()}: ${(e as Error).message}`, { cause: e });
      }
    }
  }

  /** An SFTP session on the pooled connection (the caller ends it). */
  sftp(signal?: AbortSignal): Promise<SFTPWrapper> {
    return this.onClient<SFTPWrapper>('open an SFTP session', signal, (c, cb) => c.sftp((err, s) => cb(err, s)));
  }

  /**
   * A TCP connection from the host to `host:port` (what `ssh -L` does), through the pooled
   * connection. `from` names the local peer for the server's logs.
   */
  forwardOut(host: string, port: number, from: { address: string; port: number } = { address: '127.0.0.1', port: 0 }, signal?: AbortSignal): Promise<ClientChannel> {
    return this.onClient<ClientChannel>(`forward to ${host}:${port}`, signal, (c, cb) => c.forwardOut(from.address, from.port, host, port, (err, ch) => cb(err, ch)));
  }

  /** Runs `argv` (quoted with shq) and collects its output. */
  async exec(argv: readonly string[], o: ExecOptions = {}): Promise<ExecResult> {
    if (o.signal?.aborted) throw abortError(o.signal);
    const ch = await this.channel(argv, o.signal);
    return new Promise<ExecResult>((resolve, reject) => {
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let code: number | null = null;
      let sig: string | undefined;
      const onAbort = (): void => {
        ch.close();
        reject(abortError(o.signal));
      };
      o.signal?.addEventListener('abort', onAbort, { once: true });
      ch.on('data', (d: Buffer) => (o.onStdout ? o.onStdout(d) : out.push(d)));
      ch.stderr.on('data', (d: Buffer) => err.push(d));
      ch.on('exit', (c: number | null, s?: string) => {
        code = c;
        sig = s ?? undefined;
      });
      ch.on('close', () => {
        o.signal?.removeEventListener('abort', onAbort);
        const res: ExecResult = { code, stdout: Buffer.concat(out), stderr: Buffer.concat(err) };
        if (sig) res.signal = sig;
        if (code === null && !sig) reject(new TrainyardError('host-unreachable', `the connection to ${this.describe()} dropped while a command ran`));
        else resolve(res);
      });
      if (o.stdin === undefined) ch.end();
      else if (typeof o.stdin === 'string' || Buffer.isBuffer(o.stdin)) ch.end(o.stdin);
      else {
        // A chunk goes out as many packets (32 KiB each): corked, the socket takes them in one
        // write instead of one system call (and one TCP segment, with Nagle off) per packet.
        const sock = (ch as unknown as { _client?: { _sock?: { cork?(): void; uncork?(): void } } })._client?._sock;
        if (sock?.cork && sock.uncork) {
          const write = ch.write;
          ch.write = function (this: ClientChannel, ...args: Parameters<ClientChannel['write']>) {
            sock.cork!();
            try {
              return write.apply(this, args);
            } finally {
              sock.uncork!();
            }
          } as ClientChannel['write'];
        }
        o.stdin.pipe(ch);
      }
    });
  }

  /** Drops the connection (as a network failure would); the next call reconnects. */
  dropForTesting(): void {
    const c = this.client;
    this.client = undefined;
    (c as unknown as { _sock?: { destroy(): void } })?._sock?.destroy();
    c?.end();
  }

  close(): void {
    this.closed = true;
    this.client?.end();
    for (const j of this.jumps) j.end();
    this.client = undefined;
    this.jumps = [];
  }
}

/** One connection per endpoint (user, host, port and config), shared by jobs, probes and logs. */
export class SshPool {
  private readonly conns = new Map<string, SshConnection>();
  constructor(readonly options: SshClientOptions = {}) {}

  get(endpoint: SshEndpoint): SshConnection {
    const key = JSON.stringify([endpoint.alias, endpoint.user, endpoint.port, endpoint.hostname, endpoint.identityFiles]);
    let c = this.conns.get(key);
    if (!c) {
      c = new SshConnection(endpoint, this.options);
      this.conns.set(key, c);
    }
    return c;
  }

  closeAll(): void {
    for (const c of this.conns.values()) c.close();
    this.conns.clear();
  }
}
