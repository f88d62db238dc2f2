import { cancel } from './cancel';
import { controller } from './controller';
import { fetch } from './fetch';
import { forward } from './forward';
import { hosts } from './hosts';
import { jobs } from './jobs';
import { logs } from './logs';
import { prune } from './prune';
import { render } from './render';
import { run } from './run';
import { status } from './status';
import type { Command } from './types';
import { validate } from './validate';
import { watch } from './watch';

export const commands: Command[] = [validate, run, jobs, logs, cancel, render, status, fetch, forward, prune, controller, hosts, watch];
