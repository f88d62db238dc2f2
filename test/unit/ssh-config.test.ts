/** ~/.ssh/config resolution, as OpenSSH does it (first value wins, patterns, Match, Include). */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseConfig } from '../../core/config';
import { resolveSshHost, listSshAliases, splitWords, matchPatternList, parseJump } from '../../core/ssh/config';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ty-sshcfg-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function home(config: string, extra: Record<string, string> = {}): { home: string; file: string } {
  const h = fs.mkdtempSync(path.join(root, 'h-'));
  fs.mkdirSync(path.join(h, '.ssh'));
  const file = path.join(h, '.ssh', 'config');
  fs.writeFileSync(file, config);
  for (const [rel, text] of Object.entries(extra)) {
    fs.mkdirSync(path.dirname(path.join(h, '.ssh', rel)), { recursive: true });
    fs.writeFileSync(path.join(h, '.ssh', rel), text);
  }
  return { home: h, file };
}

const resolve = (cfg: { home: string; file: string }, alias: string) => resolveSshHost(alias, { ...cfg, localUser: 'me' });

describe('ssh config: words and patterns', () => {
  it('splits keyword=value, quotes and comments', () => {
    assert.deepEqual(splitWords('HostName=gpu.example.com'), ['HostName', 'gpu.example.com']);
    assert.deepEqual(splitWords('  User = alice # comment'), ['User', 'alice']);
    assert.deepEqual(splitWords('IdentityFile "~/my keys/id_ed25519"'), ['IdentityFile', '~/my keys/id_ed25519']);
    assert.equal(splitWords('IdentityFile "unterminated'), undefined);
  });
  it('matches *, ? and negations', () => {
    assert.ok(matchPatternList('gpu1.lab', ['gpu?.lab']));
    assert.ok(matchPatternList('GPU1.LAB', ['gpu*']));
    assert.ok(!matchPatternList('gpu1.lab', ['gpu*', '!gpu1*']));
    assert.ok(!matchPatternList('web', ['!gpu*'])); // a negation alone never matches
  });
  it('parses ProxyJump hops', () => {
    assert.deepEqual(parseJump('alice@bastion:2222'), { host: 'bastion', user: 'alice', port: 2222 });
    assert.deepEqual(parseJump('[::1]:22'), { host: '::1', port: 22 });
    assert.deepEqual(parseJump('jump'), { host: 'jump' });
  });
});

describe('ssh config: resolution', () => {
  it('first value wins; Host * defaults come last', () => {
    const c = home(`Host gpu1\n  HostName 10.0.0.5\n  User alice\n  Port 2222\nHost gpu1\n  User bob\nHost *\n  User everyone\n  Port 22\n`);
    const r = resolve(c, 'gpu1');
    assert.equal(r.hostname, '10.0.0.5');
    assert.equal(r.user, 'alice');
    assert.equal(r.port, 2222);
    const o = resolve(c, 'other');
    assert.equal(o.hostname, 'other');
    assert.equal(o.user, 'everyone');
  });
  it('negated patterns exclude hosts', () => {
    const c = home(`Host gpu* !gpu-old\n  User lab\n`);
    assert.equal(resolve(c, 'gpu-new').user, 'lab');
    assert.equal(resolve(c, 'gpu-old').user, 'me');
  });
  it('accumulates IdentityFile with ~ and tokens; IdentitiesOnly', () => {
    const c = home(`Host box\n  HostName box.example.com\n  User alice\n  Port 2200\n  IdentityFile ~/.ssh/id_%h_%r_%p\n  IdentitiesOnly yes\nHost *\n  IdentityFile ~/.ssh/id_%u\n`);
    const r = resolve(c, 'box');
    assert.deepEqual(r.identityFiles, [path.join(c.home, '.ssh/id_box.example.com_alice_2200'), path.join(c.home, '.ssh/id_me')]);
    assert.equal(r.identitiesOnly, true);
  });
  it('HostName may use %h', () => {
    const c = home(`Host *.lab\n  HostName %h.example.com\n`);
    assert.equal(resolve(c, 'gpu.lab').hostname, 'gpu.lab.example.com');
  });
  it('ProxyJump chains and none', () => {
    const c = home(`Host direct\n  ProxyJump none\nHost inner\n  ProxyJump alice@bastion:2222,jump2\nHost *\n  ProxyJump fallback\n`);
    assert.deepEqual(resolve(c, 'inner').proxyJump, [{ host: 'bastion', user: 'alice', port: 2222 }, { host: 'jump2' }]);
    assert.deepEqual(resolve(c, 'direct').proxyJump, []);
    assert.deepEqual(resolve(c, 'x').proxyJump, [{ host: 'fallback' }]);
  });
  it('Include with globs relative to ~/.ssh, also inside a Host block', () => {
    const c = home(`Include conf.d/*.conf\nHost gpu2\n  Include extra\n`, {
      'conf.d/a.conf': 'Host gpu1\n  HostName 10.1.1.1\n',
      'conf.d/b.conf': 'Host gpu1\n  HostName 10.2.2.2\n  User fromb\n',
      'conf.d/ignored.txt': 'Host gpu1\n  Port 1\n',
      extra: 'User fromextra\n',
    });
    const r = resolve(c, 'gpu1');
    assert.equal(r.hostname, '10.1.1.1');
    assert.equal(r.user, 'fromb');
    assert.equal(r.port, 22);
    assert.equal(resolve(c, 'gpu2').user, 'fromextra');
    assert.equal(resolve(c, 'gpu3').user, 'me');
  });
  it('Match host/originalhost/user/all; exec is ignored with a note', () => {
    const c = home(
      `Host short\n  HostName long.example.com\nMatch host *.example.com\n  User matched\nMatch originalhost short user matched\n  Port 2022\nMatch exec "true"\n  Port 9\nMatch all\n  IdentityFile ~/k\n`,
    );
    const r = resolve(c, 'short');
    assert.equal(r.user, 'matched');
    assert.equal(r.port, 2022);
    assert.deepEqual(r.identityFiles, [path.join(c.home, 'k')]);
    assert.ok(r.notes.some((n) => n.includes('Match exec')), r.notes.join('\n'));
  });
  it('a missing config is empty; overrides win', () => {
    const r = resolveSshHost('h', { file: path.join(root, 'nope'), home: root, localUser: 'me' }, { user: 'u', port: 2 });
    assert.equal(r.user, 'u');
    assert.equal(r.port, 2);
    assert.equal(r.hostname, 'h');
  });
  it('lists aliases without wildcards', () => {
    const c = home(`Host a b*\nHost !c d\nInclude more\n`, { more: 'Host e\n' });
    assert.deepEqual(listSshAliases(c).sort(), ['a', 'd', 'e']);
  });
});

describe('config.yaml hosts', () => {
  it('accepts a list of aliases or target strings as well as a map', () => {
    assert.deepEqual(parseConfig('hosts: [gpu1, "ssh:alice@10.0.0.5:2222"]\n').hosts, { gpu1: {}, 'alice@10.0.0.5:2222': {} });
    assert.deepEqual(parseConfig('hosts:\n  gpu1: { trainyardDir: /data/ty, loginShell: true }\n').hosts, { gpu1: { trainyardDir: '/data/ty', loginShell: true } });
    assert.throws(() => parseConfig('hosts: [1]\n'), /target strings/);
  });
});
