/** known_hosts parsing and checking: plain, [host]:port, hashed, patterns, @revoked. */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHmac, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import {
  parseKnownHosts,
  checkHostKey,
  recordHostKey,
  readKnownHosts,
  fingerprintOf,
  keyTypeOf,
  knownKeyTypes,
} from '../../core/ssh/knownHosts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ty-kh-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function blob(type: string, body: string): Buffer {
  const t = Buffer.from(type);
  const b = Buffer.from(body);
  const out = Buffer.alloc(8 + t.length + b.length);
  out.writeUInt32BE(t.length, 0);
  t.copy(out, 4);
  out.writeUInt32BE(b.length, 4 + t.length);
  b.copy(out, 8 + t.length);
  return out;
}
const A = blob('ssh-ed25519', 'A'.repeat(32));
const B = blob('ssh-ed25519', 'B'.repeat(32));
const R = blob('ssh-rsa', 'R'.repeat(64));
const b64 = (k: Buffer) => k.toString('base64');

function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

describe('known_hosts', () => {
  it('reads the key type and fingerprint like ssh-keygen', () => {
    assert.equal(keyTypeOf(A), 'ssh-ed25519');
    const f = path.join(root, 'k');
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', f]);
    if (!fs.existsSync(f + '.pub')) return; // no ssh-keygen here
    const [, key] = fs.readFileSync(f + '.pub', 'utf8').split(' ');
    const expected = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', f + '.pub'], { encoding: 'utf8' }).stdout.split(' ')[1];
    assert.equal(fingerprintOf(Buffer.from(key!, 'base64')), expected);
  });
  it('plain names on port 22, [host]:port elsewhere', () => {
    const e = parseKnownHosts(`gpu1,10.0.0.5 ssh-ed25519 ${b64(A)}\n[gpu1]:2222 ssh-ed25519 ${b64(B)} comment\n`);
    assert.equal(checkHostKey(e, 'gpu1', 22, A).kind, 'ok');
    assert.equal(checkHostKey(e, '10.0.0.5', 22, A).kind, 'ok');
    assert.equal(checkHostKey(e, 'gpu1', 2222, B).kind, 'ok');
    assert.equal(checkHostKey(e, 'gpu1', 2222, A).kind, 'changed');
    assert.equal(checkHostKey(e, 'gpu1', 2200, A).kind, 'unknown');
  });
  it('hashed names', () => {
    const e = parseKnownHosts(`${hashed('[127.0.0.1]:2022')} ssh-ed25519 ${b64(A)}\n`);
    assert.equal(checkHostKey(e, '127.0.0.1', 2022, A).kind, 'ok');
    assert.equal(checkHostKey(e, '127.0.0.1', 2022, B).kind, 'changed');
    assert.equal(checkHostKey(e, '127.0.0.1', 22, A).kind, 'unknown');
  });
  it('patterns with negation', () => {
    const e = parseKnownHosts(`*.lab,!bad.lab ssh-ed25519 ${b64(A)}\n`);
    assert.equal(checkHostKey(e, 'gpu.lab', 22, A).kind, 'ok');
    assert.equal(checkHostKey(e, 'bad.lab', 22, A).kind, 'unknown');
  });
  it('@revoked wins; @cert-authority is skipped; a key of another type counts as changed', () => {
    const e = parseKnownHosts(`@revoked * ssh-ed25519 ${b64(B)}\n@cert-authority *.lab ssh-ed25519 ${b64(A)}\nh ssh-ed25519 ${b64(B)}\nr ssh-ed25519 ${b64(A)}\n`);
    assert.equal(checkHostKey(e, 'h', 22, B).kind, 'revoked');
    assert.equal(checkHostKey(e, 'x.lab', 22, A).kind, 'unknown');
    assert.equal(checkHostKey(e, 'r', 22, R).kind, 'changed');
    assert.deepEqual(knownKeyTypes(e, 'r', 22), ['ssh-ed25519']);
  });
  it('records new keys in OpenSSH form, 0600, and reads them back', () => {
    const file = path.join(root, 'sub', 'known_hosts');
    recordHostKey(file, '127.0.0.1', 2022, A);
    recordHostKey(file, 'gpu', 22, B);
    assert.equal(fs.readFileSync(file, 'utf8'), `[127.0.0.1]:2022 ssh-ed25519 ${b64(A)}\ngpu ssh-ed25519 ${b64(B)}\n`);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(checkHostKey(readKnownHosts(file), '127.0.0.1', 2022, A).kind, 'ok');
  });
});
