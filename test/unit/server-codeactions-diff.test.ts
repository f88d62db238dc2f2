// Quick fixes found wrong or missing by comparing with yaml-language-server: each fix is applied
// and the document diagnosed again, and the diagnostic it fixes must be gone with no new one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { schemaFile, service, source, tmpDir, withModeline } from './server-helpers';

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string' },
    mode: { enum: ['train', 'eval', 'serve'] },
    flag: { enum: ['true', 'false'] },
    tags: { type: 'array', items: { enum: ['alpha', 'beta', 'gamma'] } },
    size: { type: 'integer' },
    opt: {
      type: 'object',
      additionalProperties: false,
      required: ['lr', 'kind'],
      properties: { lr: { type: 'number', minimum: 0.5 }, kind: { type: 'string' }, betas: { type: 'array' }, steps: { type: 'integer' }, inner: { type: 'object', required: ['x'], properties: { x: { type: 'boolean' } } } },
    },
    workers: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['host', 'gpus'], properties: { host: { type: 'string' }, gpus: { type: 'integer' } } } },
  },
};

const msg = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
const key = (d: Diagnostic) => `${d.code} ${msg(d)}`;

function apply(text: string, a: CodeAction): string {
  const edits = Object.values(a.edit!.changes!)[0] as TextEdit[];
  return TextDocument.applyEdits(TextDocument.create('x', 'yaml', 1, text), edits);
}

/** The fixes of the diagnostic whose message matches `which`, each applied and checked: it is gone, nothing new came. */
async function fixes(file: string, text: string, which: RegExp): Promise<Array<{ title: string; preferred: boolean; text: string }>> {
  const s = service();
  const f = path.join(tmpDir(), file);
  const before = await s.diagnose(source(f, text));
  const d = before.find((x) => which.test(msg(x)));
  assert.ok(d, `no diagnostic ${which} in ${JSON.stringify(before.map(key))}`);
  const actions = await s.codeActions(source(f, text), [d]);
  const out: Array<{ title: string; preferred: boolean; text: string }> = [];
  let v = 2;
  for (const a of actions) {
    const fixed = apply(text, a);
    const after = await s.diagnose(source(f, fixed, v++));
    const count = (list: Diagnostic[]) => list.filter((x) => key(x) === key(d)).length;
    assert.ok(count(after) < count(before), `${a.title}: the diagnostic is still there:\n${fixed}`);
    const old = new Set(before.map(key));
    const fresh = after.filter((x) => !old.has(key(x)));
    out.push({ title: a.title, preferred: !!a.isPreferred, text: fixed });
    if (a.title.startsWith('Change to') && !a.isPreferred) continue; // a rename may meet other rules
    assert.deepEqual(fresh.map(key), [], `${a.title} brought new problems:\n${fixed}`);
  }
  return out;
}

const generic = (...lines: string[]) => withModeline(schemaFile(schema), 'name: n', ...lines);

test('a quoted number where a number belongs loses its quotes (it used to be quoted again)', async () => {
  const [f] = await fixes('s.trainyard.yaml', 'kind: service\nrun: python3 serve.py\nport: "8080"\n', /port/);
  assert.equal(f.text, 'kind: service\nrun: python3 serve.py\nport: 8080\n');
});

test('a quoted scalar where a list belongs becomes a list of it, not a string of brackets', async () => {
  const text = 'kind: pipeline\nstages:\n  prepare: {job: {run: python3 prepare.py}}\n  train:\n    job: {run: python3 train.py}\n    needs: "prepare"\n';
  const [f] = await fixes('p.trainyard.yaml', text, /needs/);
  assert.match(f.text, /^ {4}needs: \["prepare"\]$/m);
});

test('did you mean: a value that would read back as another type is quoted; flow items are fixed one by one', async () => {
  const [b] = await fixes('g.yaml', generic('flag: tru'), /tru/);
  assert.match(b.text, /^flag: "true"$/m);
  const [t] = await fixes('g.yaml', generic("tags: [alpah, 'betta']"), /betta/);
  assert.match(t.text, /^tags: \[alpah, 'beta'\]$/m);
});

test('with no close match: every allowed value, and for an unknown key its removal or a rename the value fits', async () => {
  const values = await fixes('g.yaml', generic('mode: zzz'), /zzz/);
  assert.deepEqual(values.map((f) => f.title), ['Change to `train`', 'Change to `eval`', 'Change to `serve`']);
  const keys = await fixes('g.yaml', generic('opt:', '  lr: 1', '  kind: a', '  qqq: 3'), /qqq/);
  // `steps` takes an integer; `betas` (a list) and `inner` (an object) do not
  assert.deepEqual(keys.map((f) => f.title), ['Remove `qqq`', 'Change to `steps`']);
});

test('removing an unknown key takes its nested lines and keeps the comments around it', async () => {
  const text = generic('opt:', '  lr: 1', '  # about zzz', '  zzz:', '    deep: 1', '    # inside', '    more: [1, 2]', '  # after', '  kind: a');
  const [remove] = await fixes('g.yaml', text, /zzz/);
  assert.equal(remove.title, 'Remove `zzz`');
  assert.ok(remove.text.endsWith('opt:\n  lr: 1\n  # about zzz\n  # after\n  kind: a\n'), remove.text);
  const flow = await fixes('g.yaml', generic('opt: {lr: 1, zzz: 2, kind: a}'), /zzz/);
  assert.match(flow[0].text, /^opt: \{lr: 1, kind: a\}$/m);
});

test('missing properties get a value of their type, and objects their required members', async () => {
  const [name] = await fixes('g.yaml', withModeline(schemaFile(schema), 'size: 1'), /name/);
  assert.match(name.text, /^name: ""$/m);
  const [lr] = await fixes('g.yaml', generic('opt:', '  kind: a'), /`lr`/);
  assert.match(lr.text, /^ {2}lr: 0\.5$/m);
  const [item] = await fixes('g.yaml', generic('workers:', '  - host: a', '    # the GPUs', 'size: 1'), /`gpus`/);
  // below the comment indented under the item, at the item's indentation
  assert.match(item.text, /^ {2}- host: a\n {4}# the GPUs\n {4}gpus: 0\nsize: 1$/m);
});

test('an empty `key:` or `-` where an object with required members belongs: those members', async () => {
  const [opt] = await fixes('g.yaml', generic('opt:', '  # later', 'size: 1'), /mapping|object/);
  assert.equal(opt.title, 'Add required properties: lr, kind');
  assert.match(opt.text, /^opt:\n {2}lr: 0\.5\n {2}kind: ""\n {2}# later\nsize: 1$/m);
  const [item] = await fixes('g.yaml', generic('workers:', '  -', '  - {host: a, gpus: 1}'), /mapping|object/);
  assert.match(item.text, /^workers:\n {2}-\n {4}host: ""\n {4}gpus: 0\n/m);
});

test('JSON files get JSON: quoted keys, quoted values, one member a line where the object is written so', async () => {
  const s = schemaFile(schema);
  const settings = { trainyard: { schemas: { [s]: ['*.json'] } } };
  const svc = service(settings.trainyard);
  const f = path.join(tmpDir(), 'c.json');
  const text = '{\n  "name": "n",\n  "mode": "evl",\n  "opt": {\n    "kind": "a"\n  }\n}\n';
  const diags = await svc.diagnose(source(f, text));
  const enumFix = (await svc.codeActions(source(f, text), diags.filter((d) => /evl/.test(msg(d)))))[0];
  assert.match(apply(text, enumFix), /"mode": "eval",/);
  const add = (await svc.codeActions(source(f, text), diags.filter((d) => /`lr`/.test(msg(d)))))[0];
  const fixed = apply(text, add);
  assert.equal(fixed, '{\n  "name": "n",\n  "mode": "evl",\n  "opt": {\n    "kind": "a",\n    "lr": 0.5\n  }\n}\n');
  assert.doesNotThrow(() => JSON.parse(fixed));
});
