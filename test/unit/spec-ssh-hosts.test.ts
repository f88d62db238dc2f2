// `ssh:<name>` targets this machine does not know but that are one slip from an SSH alias or a
// configured host: a warning naming the alias meant; real-looking host names and unrelated names
// are left alone (ssh may reach them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { load, y } from './spec-helpers';
import { diskMachine, type MachineView } from '../../core/spec/machine';

const machine: MachineView = { defaultTarget: () => undefined, hostProbe: () => undefined, sshHosts: () => ['gpu-box', 'trainer-2'] };
const problems = (text: string) => load(text, { checkFiles: false, machine }).problems.map((p) => `${p.code}@${p.range.start.line}:${p.range.start.column} ${p.severity} ${p.suggestion ?? ''}`.trim());

test('a target one slip from an SSH alias is a warning with the alias meant', () => {
  assert.deepEqual(problems(y('version: 1', 'kind: job', 'run: echo', 'target: ssh:gpu-bx')), ['unknown-ssh-host@4:9 warning ssh:gpu-box']);
  const pipeline = y('version: 1', 'kind: pipeline', 'stages:', '  a:', '    job: {run: echo, target: ssh:trainer-3}', '  b:', '    job: {run: echo, target: ssh:gpu-box}');
  assert.deepEqual(problems(pipeline), ['unknown-ssh-host@5:30 warning ssh:trainer-2']);
});

test('known aliases, real-looking hosts and unrelated names get nothing', () => {
  for (const t of ['ssh:gpu-box', 'ssh:gpu-bx.lab.example', 'ssh:me@gpu-bx', 'ssh:gpu-bx:2222', 'ssh:storage', 'local']) {
    assert.deepEqual(problems(y('version: 1', 'kind: job', 'run: echo', `target: ${t}`)), [], t);
  }
  // without a machine view (no checks of this machine) nothing either
  assert.deepEqual(load(y('version: 1', 'kind: job', 'run: echo', 'target: ssh:gpu-bx'), { checkFiles: false }).problems, []);
});

test("the machine's SSH hosts: Host aliases of ~/.ssh/config (no patterns) and the configured hosts", () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ty-ssh-home-'));
  const oldHome = process.env.HOME;
  const oldTy = process.env.TRAINYARD_HOME;
  try {
    process.env.HOME = home;
    process.env.TRAINYARD_HOME = path.join(home, '.trainyard');
    fs.mkdirSync(path.join(home, '.ssh'));
    fs.mkdirSync(path.join(home, '.trainyard'));
    fs.writeFileSync(path.join(home, '.ssh', 'config'), 'Host gpu-box trainer-?\n  HostName 10.0.0.5\nHost *\n  User me\n');
    fs.writeFileSync(path.join(home, '.trainyard', 'config.yaml'), 'hosts:\n  rig: {}\n');
    assert.deepEqual(diskMachine.sshHosts!().sort(), ['gpu-box', 'rig']);
  } finally {
    process.env.HOME = oldHome;
    process.env.TRAINYARD_HOME = oldTy;
  }
});
