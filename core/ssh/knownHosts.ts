/**
 * Host keys checked against ~/.ssh/known_hosts (sshd(8) SSH_KNOWN_HOSTS FILE FORMAT): plain
 * names, `[host]:port`, pattern lists with `*`/`?`/`!`, hashed `|1|salt|hash` names, and the
 * `@revoked` marker (`@cert-authority` lines are skipped: certificates are not supported yet).
 * New keys are appended in OpenSSH's own plain form (`host` for port 22, else `[host]:port`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash, createHmac } from 'node:crypto';
import { matchPatternList } from './patterns';

export interface KnownHostEntry {
  marker?: '@revoked' | '@cert-authority';
  hosts: string;
  keyType: string;
  key: string; // base64 blob
  line: number;
}

export type HostKeyVerdict =
  | { kind: 'ok' }
  | { kind: 'unknown' }
  | { kind: 'changed'; line: number; knownType: string }
  | { kind: 'revoked'; line: number };

/** The name known_hosts uses for a host: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** The key type named inside an SSH public key blob (`ssh-ed25519`, `ssh-rsa`, …). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const n = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + n).toString('latin1');
}

/** `SHA256:…` as `ssh-keygen -l` prints it. */
export function fingerprintOf(blob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const words = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (words[0] === '@revoked' || words[0] === '@cert-authority') marker = words.shift() as KnownHostEntry['marker'];
    else if (words[0]?.startsWith('@')) return;
    if (words.length < 3) return;
    const e: KnownHostEntry = { hosts: words[0]!, keyType: words[1]!, key: words[2]!, line: i + 1 };
    if (marker) e.marker = marker;
    out.push(e);
  });
  return out;
}

/** Does the host field of a line name `name` (hashed or a pattern list)? */
export function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    const h = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return h === hash;
  }
  return matchPatternList(name, field.split(','));
}

/** Types of the keys known for this host (to prefer them when negotiating, as OpenSSH does). */
export function knownKeyTypes(entries: KnownHostEntry[], host: string, port: number): string[] {
  const name = knownHostsName(host, port);
  return [...new Set(entries.filter((e) => !e.marker && hostFieldMatches(e.hosts, name)).map((e) => e.keyType))];
}

export function checkHostKey(entries: KnownHostEntry[], host: string, port: number, blob: Buffer): HostKeyVerdict {
  const name = knownHostsName(host, port);
  const b64 = blob.toString('base64');
  const type = keyTypeOf(blob);
  // A revoked key is refused whatever the host pattern says.
  const revoked = entries.find((e) => e.marker === '@revoked' && e.key === b64);
  if (revoked) return { kind: 'revoked', line: revoked.line };
  const mine = entries.filter((e) => !e.marker && hostFieldMatches(e.hosts, name));
  if (mine.some((e) => e.key === b64)) return { kind: 'ok' };
  const sameType = mine.find((e) => e.keyType === type);
  if (sameType) return { kind: 'changed', line: sameType.line, knownType: sameType.keyType };
  if (mine.length) return { kind: 'changed', line: mine[0]!.line, knownType: mine[0]!.keyType };
  return { kind: 'unknown' };
}

export function readKnownHosts(file: string): KnownHostEntry[] {
  try {
    return parseKnownHosts(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/** Appends `name type base64` (creating the folder 0700 and the file 0600 when missing). */
export function recordHostKey(file: string, host: string, port: number, blob: Buffer): string {
  const line = `${knownHostsName(host, port)} ${keyTypeOf(blob)} ${blob.toString('base64')}\n`;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  let prefix = '';
  try {
    const text = fs.readFileSync(file, 'utf8');
    if (text.length && !text.endsWith('\n')) prefix = '\n';
  } catch {
    // a new file
  }
  fs.appendFileSync(file, prefix + line, { mode: 0o600 });
  return line;
}
