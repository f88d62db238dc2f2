/**
 * `trainyard` — the CLI over core/. `main(argv)` returns the exit code; bin/trainyard.js calls it.
 * Exit codes: 0 ok; 1 a failure the user can act on (invalid spec, unknown job, …); 2 bad usage;
 * `run` exits 125 when Trainyard could not launch, and with `--follow` the job's own code.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isTrainyardError } from '../core/errors';
import { defaultIo, red, type Io } from './io';
import { commands } from './commands';
import type { Command } from './commands/types';
import { UsageError } from './errors';
import { installSshPrompts } from './sshPrompts';
import { closeSshPools } from '../core/ssh/defaults';

export const VERSION = '0.1.0';



function helpText(): string {
  const lines = [
    'trainyard — validate, run and watch ML jobs',
    '',
    'Usage: trainyard <command> [options]',
    '',
    'Commands:',
    ...commands.filter((c) => !c.hidden).map((c) => `  ${c.usage}\n      ${c.summary}`),
    '',
    'Options for every command: --json (machine-readable output), -h/--help.',
    'Targets: local | ssh:<alias> | ssh:[user@]host[:port] | k8s:<context>/<namespace>',
    'Docs: docs/cli.md, docs/spec.md',
  ];
  return lines.join('\n') + '\n';
}

function commandHelp(c: Command): string {
  return `Usage: trainyard ${c.usage}\n\n${c.summary}\n${c.help ? '\n' + c.help.trimEnd() + '\n' : ''}`;
}

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    const sub = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    io.out.write(sub ? commandHelp(sub) : helpText());
    return 0;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.out.write(`trainyard ${VERSION}\n`);
    return 0;
  }
  const cmd = commands.find((c) => c.name === name || c.aliases?.includes(name));
  if (!cmd) {
    io.err.write(`${red(io, 'error')}: unknown command \`${name}\`. Run \`trainyard --help\` for the list.\n`);
    return 2;
  }
  const config: ParseArgsConfig = {
    args: rest,
    allowPositionals: true,
    strict: true,
    options: { ...cmd.options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  };
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs(config) as typeof parsed;
  } catch (e) {
    io.err.write(`${red(io, 'error')}: ${(e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, '')}\n${commandHelp(cmd)}`);
    return 2;
  }
  if (parsed.values.help) {
    io.out.write(commandHelp(cmd));
    return 0;
  }
  installSshPrompts(io, { acceptNewHostKey: Boolean(parsed.values['accept-new-host-key']) });
  try {
    return await cmd.run({ values: parsed.values, positionals: parsed.positionals, json: Boolean(parsed.values.json) }, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err.write(`${red(io, 'error')}: ${e.message}\n${commandHelp(cmd)}`);
      return 2;
    }
    if (isTrainyardError(e)) {
      if (parsed.values.json) io.out.write(JSON.stringify({ error: { reason: e.reason, message: e.message } }) + '\n');
      io.err.write(`${red(io, 'error')}: ${e.message}\n`);
      return cmd.failureCode ?? 1;
    }
    throw e;
  } finally {
    // Pooled SSH connections would keep the process alive.
    closeSshPools();
  }
}

// `node dist/cli.js …` runs the CLI too (pipeline and sweep controllers are started that way).
if (typeof require !== 'undefined' && require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`trainyard: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 125;
    },
  );
}
