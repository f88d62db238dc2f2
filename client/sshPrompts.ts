/**
 * The extension's answers to SSH questions, as cli/sshPrompts.ts gives the CLI's: an unknown
 * host key asks with a modal dialog showing the key type and SHA256 fingerprint ("Accept and
 * remember" records it in known_hosts in OpenSSH's form; Cancel refuses the connection), and an
 * encrypted key's passphrase is typed in a password input box. A changed host key is never
 * asked about: core/ssh refuses it. Installed once at activation as the process-wide SSH
 * defaults (core/ssh/defaults), which every ssh: target of the extension uses.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { setSshDefaults, closeSshPools } from '../core/ssh/defaults';
import type { HostKeyInfo } from '../core/ssh/connection';
import { settings } from './settings';

export const ACCEPT_HOST_KEY = 'Accept and remember';

/** Concurrent connections to one new host ask once. */
const pendingKeys = new Map<string, Promise<boolean>>();

export async function askUnknownHostKey(k: HostKeyInfo): Promise<boolean> {
  const id = `${k.host}:${k.port}:${k.fingerprint}`;
  let p = pendingKeys.get(id);
  if (!p) {
    const where = k.port === 22 ? k.host : `[${k.host}]:${k.port}`;
    p = Promise.resolve(
      vscode.window.showWarningMessage(
        `Trainyard: the authenticity of host ${where} can't be established.`,
        {
          modal: true,
          detail:
            `${k.keyType} key fingerprint:\n${k.fingerprint}\n\n` +
            `Check it with the host's administrator. "${ACCEPT_HOST_KEY}" adds it to ${k.knownHostsFile}, where ssh trusts it too.`,
        },
        ACCEPT_HOST_KEY,
      ),
    ).then((a) => a === ACCEPT_HOST_KEY);
    pendingKeys.set(id, p);
    void p.finally(() => pendingKeys.delete(id));
  }
  return p;
}

export async function askPassphrase(keyFile: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Trainyard: SSH key passphrase',
    prompt: `Enter the passphrase for ${keyFile} (or add the key to ssh-agent to skip this)`,
    password: true,
    ignoreFocusOut: true,
  });
}

function install(): void {
  const file = settings().sshConfigPath;
  const sshConfigFile = file?.startsWith('~/') ? path.join(os.homedir(), file.slice(2)) : file;
  setSshDefaults({ onUnknownHostKey: askUnknownHostKey, askPassphrase, sshConfigFile });
}

/**
 * Installs the prompts (and the `trainyard.sshConfigPath` setting) for every SSH connection;
 * disposing closes the pooled connections (remote jobs run on).
 */
export function installSshPrompts(): vscode.Disposable {
  install();
  return vscode.Disposable.from(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('trainyard.sshConfigPath')) install();
    }),
    { dispose: () => closeSshPools() },
  );
}
