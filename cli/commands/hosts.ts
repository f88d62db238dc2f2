import { configuredTargets, trainyardHome, loadConfig } from '../../core/config';
import { getTarget } from '../../core/targets/registry';
import { SshTarget } from '../../core/targets/ssh';
import { LocalTarget } from '../../core/targets/local';
import { writeHostProbe, HOST_PROBE_FORMAT, type HostProbe } from '../../core/gpu/probe';
import { isTrainyardError } from '../../core/errors';
import { UsageError } from '../errors';
import { dim, green, printJson, red, table, yellow } from '../io';
import type { Command } from './types';

/** Probes one host; failures become a probe with `ok: false` (so the language server sees them too). */
async function probeOne(name: string, home: string, config: ReturnType<typeof loadConfig>): Promise<HostProbe> {
  const text = name === 'local' || name.startsWith('ssh:') ? name : `ssh:${name}`;
  try {
    const t = getTarget(text, { home, config });
    if (!(t instanceof SshTarget) && !(t instanceof LocalTarget)) throw new UsageError(`${text} is not an SSH host`);
    return await t.probeHost();
  } catch (e) {
    if (!isTrainyardError(e)) throw e;
    return { format: HOST_PROBE_FORMAT, name: text.slice(4), target: text, probedAt: new Date().toISOString(), ok: false, error: e.message, gpus: [] };
  }
}

export const hosts: Command = {
  name: 'hosts',
  usage: 'hosts [local|host…] [--accept-new-host-key]',
  summary: 'probe this machine and the configured SSH hosts: GPUs, load, memory, who uses them',
  help: `Hosts come from \`hosts:\` in ~/.trainyard/config.yaml (a list of aliases or target strings, or a
map of names to settings), or from the arguments. Each probe is written to ~/.trainyard/hosts/<name>.json.
--accept-new-host-key   record the key of a host not yet in ~/.ssh/known_hosts
Exit codes: 0 every host answered; 1 some host could not be probed.`,
  options: { 'accept-new-host-key': { type: 'boolean' } },
  async run({ positionals, json }, io) {
    const home = trainyardHome();
    const config = loadConfig(home);
    // This machine first, then the configured hosts (`hosts: [gpu1, gpu2]` in ~/.trainyard/config.yaml).
    const names = positionals.length ? positionals : configuredTargets(config);
    const probes = await Promise.all(names.map((n) => probeOne(n, home, config)));
    for (const p of probes) writeHostProbe(home, p);
    if (json) printJson(io, probes);
    else {
      const rows = [['HOST', 'GPU', 'NAME', 'UTIL', 'MEMORY (MiB)', 'TEMP', 'POWER', 'USED BY']];
      for (const p of probes) {
        const head = `${p.name}${p.load ? dim(io, ` load ${p.load[0]}`) : ''}${p.memory ? dim(io, ` ${Math.round(p.memory.availableMiB / 1024)}/${Math.round(p.memory.totalMiB / 1024)} GiB free`) : ''}`;
        if (!p.ok) rows.push([head, red(io, 'unreachable'), p.error ?? '', '', '', '', '', '']);
        else if (!p.gpus.length) rows.push([head, '-', p.gpuError ?? 'no GPUs', '', '', '', '', '']);
        for (const g of p.gpus) {
          rows.push([
            g === p.gpus[0] ? head : '',
            g.free ? green(io, `${g.index} free`) : yellow(io, `${g.index} busy`),
            g.name,
            g.utilization === undefined ? (g.mig ? 'MIG' : '-') : `${g.utilization}%`,
            g.memoryTotalMiB === undefined ? '-' : `${g.memoryUsedMiB ?? '?'}/${g.memoryTotalMiB}`,
            g.temperatureC === undefined ? '-' : `${g.temperatureC}°C`,
            g.powerW === undefined ? '-' : `${g.powerW} W`,
            g.processes.map((x) => `${x.user ?? '?'}:${x.pid}`).join(' ') || '-',
          ]);
        }
      }
      io.out.write(table(rows));
    }
    return probes.every((p) => p.ok) ? 0 : 1;
  },
};
