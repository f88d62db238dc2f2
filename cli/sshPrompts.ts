/**
 * The CLI's answers to SSH questions: an unknown host key (a y/N prompt on a terminal; with
 * `--accept-new-host-key` accepted; with neither, the command fails with the key's type and
 * fingerprint, never hangs) and key passphrases (typed without echo, on a terminal only).
 */
import * as readline from 'node:readline';
import { setSshDefaults } from '../core/ssh/defaults';
import type { HostKeyInfo } from '../core/ssh/connection';
import type { Io } from './io';

function interactive(): boolean {
  return Boolean(process.stdin.isTTY && (process.stderr as NodeJS.WriteStream).isTTY);
}

function ask(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (a) => {
      rl.close();
      resolve(a);
    });
    rl.on('SIGINT', () => {
      rl.close();
      resolve('');
    });
  });
}

function askHidden(question: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    let value = '';
    const wasRaw = stdin.isRaw;
    stdin.setRawMode(true);
    stdin.resume();
    const done = (v: string | undefined): void => {
      stdin.removeListener('data', onData);
      stdin.setRawMode(wasRaw);
      stdin.pause();
      process.stderr.write('\n');
      resolve(v);
    };
    const onData = (b: Buffer): void => {
      for (const ch of b.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(value);
        if (ch === '\u0003' || ch === '\u0004') return done(undefined);
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export function installSshPrompts(io: Io, o: { acceptNewHostKey?: boolean } = {}): void {
  const tty = interactive();
  setSshDefaults({
    acceptNewHostKey: Boolean(o.acceptNewHostKey),
    ...(tty
      ? {
          onUnknownHostKey: async (k: HostKeyInfo) => {
            const where = k.port === 22 ? k.host : `[${k.host}]:${k.port}`;
            io.err.write(`The authenticity of host '${where}' can't be established.\n${k.keyType} key fingerprint is ${k.fingerprint}.\n`);
            const a = (await ask(`Trust it and add it to ${k.knownHostsFile}? (yes/no) `)).trim().toLowerCase();
            return a === 'yes' || a === 'y';
          },
          askPassphrase: (file: string) => askHidden(`Enter passphrase for key '${file}': `),
        }
      : {}),
  });
}
