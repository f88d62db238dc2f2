import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { shq, shJoin, shEnvFile, parseShEnvFile } from '../../core/shell/quote';

const HOSTILE = [
  '',
  'plain',
  "it's",
  "''",
  "'\\''",
  '"double" \\"escaped\\"',
  '$(touch /tmp/ty-pwned)',
  '`touch /tmp/ty-pwned`',
  '${HOME} $HOME $1 $@ $$',
  'line1\nline2\n',
  '\n\n',
  '* ? [a-z] ~ ~root {a,b}',
  '; rm -rf / #',
  '&& || | > < >> 2>&1',
  '\\ backslash \\n \\\\',
  'tab\there\rcr',
  'ümlaut — 日本語 🚂',
  '-n',
  '-e \\x41',
  '\x01\x7f',
  ' leading and trailing ',
];

const shells = ['sh', 'dash', 'bash'].filter((s) => spawnSync('sh', ['-c', `command -v ${s}`]).status === 0);

describe('shq', () => {
  it('wraps in single quotes and escapes single quotes only', () => {
    assert.equal(shq(''), "''");
    assert.equal(shq("it's"), "'it'\\''s'");
    assert.equal(shq('$(x)'), "'$(x)'");
    assert.throws(() => shq('a\0b'), /NUL/);
  });

  for (const shell of shells) {
    it(`round-trips hostile values byte for byte through ${shell} -c`, () => {
      for (const v of HOSTILE) {
        const r = spawnSync(shell, ['-c', `printf '%s' ${shq(v)}`], { encoding: 'buffer' });
        assert.equal(r.status, 0, `${shell} failed for ${JSON.stringify(v)}: ${r.stderr}`);
        assert.deepEqual(r.stdout, Buffer.from(v, 'utf8'), JSON.stringify(v));
      }
      // All of them as one argument vector.
      const r = spawnSync(shell, ['-c', `for a in ${shJoin(HOSTILE)}; do printf '%s\\0' "$a"; done`], { encoding: 'buffer' });
      assert.deepEqual(r.stdout.toString('utf8').split('\0').slice(0, -1), HOSTILE);
    });

    it(`shEnvFile exports hostile values that ${shell} sources verbatim`, () => {
      const env: Record<string, string> = {};
      HOSTILE.forEach((v, i) => (env[`V_${i}`] = v));
      const file = shEnvFile(env);
      const script = `${file}\n${HOSTILE.map((_, i) => `printf '%s\\0' "$V_${i}"`).join('\n')}\nenv | grep -c '^V_' >/dev/null`;
      const r = spawnSync(shell, ['-c', script], { encoding: 'buffer' });
      assert.equal(r.status, 0, String(r.stderr));
      assert.deepEqual(r.stdout.toString('utf8').split('\0').slice(0, -1), HOSTILE);
      // Exported: a child process sees them too.
      const c = spawnSync(shell, ['-c', `${file}\nexec node -e 'process.stdout.write(JSON.stringify(process.env.V_9))'`], { encoding: 'utf8' });
      assert.equal(JSON.parse(c.stdout), HOSTILE[9]);
      assert.deepEqual(parseShEnvFile(file), env);
    });
  }

  it('shEnvFile rejects bad names and NUL bytes', () => {
    assert.throws(() => shEnvFile({ 'A-B': 'x' }), /not a valid environment variable name/);
    assert.throws(() => shEnvFile({ '1A': 'x' }), /not a valid/);
    assert.throws(() => shEnvFile({ 'A;touch x': 'x' }), /not a valid/);
    assert.throws(() => shEnvFile({ A: 'x\0y' }), /NUL/);
    assert.equal(shEnvFile([['_A1', "a'b"]]), "export _A1='a'\\''b'\n");
  });
});
