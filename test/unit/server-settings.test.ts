/**
 * SettingsProvider: where a file's settings come from — the client's answer to
 * workspace/configuration, the `trainyard` object of initializationOptions when the client
 * answers nothing or cannot be asked, and the defaults when a client never answers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, SettingsProvider } from '../../server/settings';

const URI = 'file:///w/a.yaml';

test('a pull that answers: its settings', async () => {
  const p = new SettingsProvider(async () => ({ schemas: { './s.json': '*.yaml' } }));
  p.setInitializationOptions({ trainyard: { schemas: { './other.json': '*.yaml' } } });
  assert.deepEqual((await p.get(URI)).schemas, { './s.json': '*.yaml' });
});

test('a pull that answers nothing: the initializationOptions settings, else the defaults', async () => {
  const p = new SettingsProvider(async () => null);
  assert.deepEqual(await p.get(URI), DEFAULT_SETTINGS);
  p.setInitializationOptions({ trainyard: { schemas: { './s.json': ['*.yml'] }, languageServer: { claim: 'specs' } } });
  const s = await p.get(URI);
  assert.deepEqual(s.schemas, { './s.json': ['*.yml'] });
  assert.equal(s.claim, 'specs');
});

test('no pulls: initializationOptions until the client pushes settings', async () => {
  const p = new SettingsProvider(undefined);
  p.setInitializationOptions({ trainyard: { languageServer: { hover: false } } });
  assert.equal((await p.get(URI)).hover, false);
  p.setPushed({ languageServer: { hover: true, completion: false } });
  const s = await p.get(URI);
  assert.equal(s.hover, true);
  assert.equal(s.completion, false);
  // initializationOptions without a trainyard object change nothing
  p.setInitializationOptions({ somethingElse: 1 });
  p.setPushed(undefined);
  assert.deepEqual(await p.get(URI), DEFAULT_SETTINGS);
});

test('a client that never answers: the fallback after the timeout; a late answer is kept and reported', async (t) => {
  // (the provider's timer does not hold a process open: this test's interval does, until it ends)
  const alive = setInterval(() => undefined, 1000);
  t.after(() => clearInterval(alive));
  let answer!: (v: unknown) => void;
  const p = new SettingsProvider(() => new Promise((resolve) => (answer = resolve)), 20);
  p.setInitializationOptions({ trainyard: { defaultTarget: 'local' } });
  const late = new Promise<string>((resolve) => (p.lateAnswer = resolve));
  const first = await p.get(URI);
  assert.equal(first.defaultTarget, 'local');
  answer({ defaultTarget: 'ssh:gpu-box' });
  assert.equal(await late, URI);
  assert.equal((await p.get(URI)).defaultTarget, 'ssh:gpu-box');
});

test('a pull that fails: the fallback', async () => {
  const p = new SettingsProvider(async () => {
    throw new Error('no');
  });
  p.setInitializationOptions({ trainyard: { languageServer: { validate: false } } });
  assert.equal((await p.get(URI)).validate, false);
});
