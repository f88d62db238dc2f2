import { loadConfig, trainyardHome } from '../../core/config';
import { findJob } from '../../core/engine';
import { TrainyardError } from '../../core/errors';
import { forwardPort } from '../../core/ssh/forward';
import { parseTarget } from '../../core/targets/parse';
import { getTarget } from '../../core/targets/registry';
import { SshTarget } from '../../core/targets/ssh';
import { isFinal } from '../../core/targets/types';
import { UsageError } from '../errors';
import { dim, printJsonLine, yellow } from '../io';
import type { Command } from './types';

function port(text: string, what: string): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535) throw new UsageError(`${what} must be a TCP port (1-65535), got \`${text}\``);
  return Number(text);
}

/** `ssh:…`, a host named in config.yaml, or a job (whose target is then the host). */
async function hostOf(arg: string, target: string | undefined, io: Parameters<Command['run']>[1]): Promise<SshTarget> {
  const home = trainyardHome();
  const config = loadConfig(home);
  let text: string;
  if (arg.startsWith('ssh:') || arg.startsWith('k8s:') || arg === 'local') text = arg;
  else if (config.hosts && Object.hasOwn(config.hosts, arg)) text = `ssh:${arg}`;
  else {
    let found;
    try {
      found = await findJob(arg, { target });
    } catch (e) {
      if (e instanceof TrainyardError && e.reason === 'unknown-job') {
        throw new TrainyardError('unknown-job', `\`${arg}\` is neither a job this machine knows nor a host in config.yaml; to forward from a host write ssh:${arg}`, { cause: e });
      }
      throw e;
    }
    const { info } = found;
    if (isFinal(info.status)) io.err.write(yellow(io, `note: job ${info.id} is ${info.status}; its service may be gone\n`));
    text = info.target;
  }
  const ref = parseTarget(text);
  if (ref.kind === 'local') {
    throw new TrainyardError('bad-argument', `${arg === 'local' ? 'local' : `job ${arg}`} runs on this machine: connect to 127.0.0.1 directly, nothing to forward`);
  }
  if (ref.kind !== 'ssh') throw new TrainyardError('target-unsupported', `forward works with ssh: targets, not ${text}`);
  const t = getTarget(text, { home, config });
  if (!(t instanceof SshTarget)) throw new TrainyardError('target-unsupported', `forward works with ssh: targets, not ${text}`);
  return t;
}

export const forward: Command = {
  name: 'forward',
  usage: 'forward <job|host> <remotePort> [--local-port N]',
  summary: "forward a port of a job's host (TensorBoard, Jupyter, a service) to 127.0.0.1 until Ctrl-C",
  help: `Listens on 127.0.0.1 and carries each connection through the host's SSH connection to
127.0.0.1:<remotePort> on the host. For a job, the host is the job's target. Prints the local URL.
--local-port N          the local port (default: the same number when it is free here, else any)
--target, -t T          the job's target when this machine did not launch it
--accept-new-host-key   record the key of a host not yet in ~/.ssh/known_hosts
--json                  prints one line { url, localPort, remotePort, target }`,
  options: { 'local-port': { type: 'string', short: 'p' }, target: { type: 'string', short: 't' }, 'accept-new-host-key': { type: 'boolean' } },
  async run({ values, positionals, json }, io) {
    if (positionals.length !== 2) throw new UsageError('name a job or host and the remote port');
    const remotePort = port(positionals[1]!, 'the remote port');
    const localPort = values['local-port'] === undefined ? undefined : port(String(values['local-port']), '--local-port');
    const t = await hostOf(positionals[0]!, values.target as string | undefined, io);
    const fwd = await forwardPort(t.conn, remotePort, {
      ...(localPort !== undefined ? { localPort } : {}),
      onError: (e) => io.err.write(`${yellow(io, 'warning')}: ${e.message}\n`),
    });
    const stopped = new Promise<void>((resolve) => {
      const stop = () => {
        process.removeListener('SIGINT', stop);
        process.removeListener('SIGTERM', stop);
        resolve();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    if (json) printJsonLine(io, { url: fwd.url, localPort: fwd.localPort, remotePort, target: t.id });
    else {
      io.out.write(fwd.url + '\n');
      io.err.write(dim(io, `forwarding 127.0.0.1:${fwd.localPort} → ${t.name} port ${remotePort}; Ctrl-C stops\n`));
    }
    await stopped;
    await fwd.close();
    if (!json) io.err.write(dim(io, `stopped (${fwd.count} connection${fwd.count === 1 ? '' : 's'})\n`));
    return 0;
  },
};
