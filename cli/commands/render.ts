import { renderSpecFile } from '../../core/engine';
import { UsageError } from '../errors';
import { printJson } from '../io';
import { parseEnvArgs, parseSetArgs, specOptions } from './run';
import { strings, type Command } from './types';
import { stringify } from 'yaml';

export const render: Command = {
  name: 'render',
  usage: 'render <spec> [--target T] [--env K=V] [--set p=v]',
  summary: 'print exactly what would run (secrets masked)',
  options: { ...specOptions },
  async run({ values, positionals, json }, io) {
    if (positionals.length !== 1) throw new UsageError('name exactly one spec file');
    const rendered = await renderSpecFile(positionals[0]!, {
      target: values.target as string | undefined,
      stage: values.stage as string | undefined,
      env: parseEnvArgs(strings(values.env)),
      set: parseSetArgs(strings(values.set)),
    });
    if (json) printJson(io, rendered);
    else io.out.write(stringify(rendered, { lineWidth: 0 }));
    return 0;
  },
};
