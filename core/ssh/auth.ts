/**
 * Client authentication for ssh2, in OpenSSH's order: the agent (`SSH_AUTH_SOCK`; skipped with
 * IdentitiesOnly), then each IdentityFile (or the default ~/.ssh/id_* files). Encrypted keys
 * ask for their passphrase through a callback (a TTY prompt in the CLI, an input box in VS
 * Code); a key that cannot be read is skipped with a note.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { utils, type AuthHandlerMiddleware, type AnyAuthMethod, type ParsedKey } from 'ssh2';

export interface AuthOptions {
  username: string;
  identityFiles: string[];
  identitiesOnly: boolean;
  /** ssh-agent socket; undefined: none. */
  agentSocket?: string;
  /** Local home, for the default identity files. */
  home: string;
  askPassphrase?: (keyFile: string) => Promise<string | undefined>;
}

export const DEFAULT_IDENTITY_FILES = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

function isEncryptedKeyError(e: Error): boolean {
  return /encrypted|passphrase/i.test(e.message);
}

/** A private key from a file, asking for the passphrase when it is encrypted. */
export async function loadPrivateKey(file: string, ask: AuthOptions['askPassphrase'], notes: string[]): Promise<ParsedKey | undefined> {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') notes.push(`cannot read ${file}: ${(e as Error).message}`);
    return undefined;
  }
  let parsed = utils.parseKey(data);
  if (parsed instanceof Error && isEncryptedKeyError(parsed)) {
    if (!ask) {
      notes.push(`${file} is encrypted and no passphrase prompt is available (add it to ssh-agent)`);
      return undefined;
    }
    for (let tries = 0; tries < 3; tries++) {
      const pass = await ask(file);
      if (pass === undefined) return undefined;
      parsed = utils.parseKey(data, pass);
      if (!(parsed instanceof Error)) break;
      notes.push(`wrong passphrase for ${file}`);
    }
  }
  if (parsed instanceof Error) {
    notes.push(`cannot use ${file}: ${parsed.message}`);
    return undefined;
  }
  return Array.isArray(parsed) ? parsed[0] : parsed;
}

/** An ssh2 authHandler trying the agent, then each key; `tried` collects what was offered. */
export function makeAuthHandler(o: AuthOptions, tried: string[], notes: string[]): AuthHandlerMiddleware {
  const files = o.identityFiles.length ? o.identityFiles : DEFAULT_IDENTITY_FILES.map((f) => path.join(o.home, '.ssh', f));
  const queue: Array<() => Promise<AnyAuthMethod | undefined>> = [];
  if (o.agentSocket && !o.identitiesOnly) {
    const agent = o.agentSocket;
    queue.push(async () => {
      tried.push('ssh-agent');
      return { type: 'agent', username: o.username, agent };
    });
  }
  for (const f of files) {
    queue.push(async () => {
      const key = await loadPrivateKey(f, o.askPassphrase, notes);
      if (!key) return undefined;
      tried.push(f);
      return { type: 'publickey', username: o.username, key };
    });
  }
  return (methodsLeft, _partial, next) => {
    const step = async (): Promise<void> => {
      if (methodsLeft && !methodsLeft.includes('publickey')) return next(false as unknown as AnyAuthMethod);
      while (queue.length) {
        const m = await queue.shift()!();
        if (m) return next(m);
      }
      next(false as unknown as AnyAuthMethod);
    };
    step().catch(() => next(false as unknown as AnyAuthMethod));
  };
}
