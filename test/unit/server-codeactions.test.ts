import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, Position, TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { caret, schemaFile, service, source, tmpDir, withModeline } from './server-helpers';

const schema = {
  type: 'object',
  required: ['name', 'mode', 'opts'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', examples: ['demo'] },
    mode: { enum: ['fast', 'slow'], default: 'fast' },
    opts: { type: 'object', default: { retries: 2, tags: ['a', 'b'] } },
    other: { type: 'string' },
    nested: { type: 'object', required: ['level'], properties: { level: { type: 'integer', default: 3 }, keep: { type: 'boolean' } } },
  },
};

const inside = (p: Position, d: Diagnostic) =>
  (p.line > d.range.start.line || (p.line === d.range.start.line && p.character >= d.range.start.character)) &&
  (p.line < d.range.end.line || (p.line === d.range.end.line && p.character <= d.range.end.character));

/** Diagnoses the marked text, asks for the actions of the diagnostics under the caret (as an editor does). */
async function actionsAt(file: string, marked: string): Promise<{ text: string; actions: CodeAction[] }> {
  const { text, position } = caret(marked);
  const s = service();
  const src = source(path.join(tmpDir(), file), text);
  const diags = (await s.diagnose(src)).filter((d) => inside(position, d));
  return { text, actions: await s.codeActions(src, diags) };
}

function apply(text: string, a: CodeAction): string {
  const edits = Object.values(a.edit!.changes!)[0] as TextEdit[];
  return TextDocument.applyEdits(TextDocument.create('x', 'yaml', 1, text), edits);
}

const generic = (...lines: string[]) => withModeline(schemaFile(schema), ...lines);

test('did you mean: a misspelt key of any schema is replaced, as the preferred fix', async () => {
  const { text, actions } = await actionsAt('g.yaml', generic('name: a', 'mode: fast', 'opts: {}', 'oth|r: x'));
  assert.deepEqual(actions.map((a) => [a.title, a.isPreferred]), [['Change to `other`', true]]);
  assert.match(apply(text, actions[0]), /^other: x$/m);
});

test('did you mean: an enum value keeps its quotes', async () => {
  const { text, actions } = await actionsAt('g.yaml', generic('name: a', 'mode: "fs|at"', 'opts: {}'));
  assert.equal(actions[0].title, 'Change to `fast`');
  assert.match(apply(text, actions[0]), /^mode: "fast"$/m);
});

test('did you mean on Trainyard specs: keys, kinds and stage names', async () => {
  const key = await actionsAt('a.trainyard.yaml', 'version: 1\nkind: job\nrun: echo\nresourc|s:\n  gpus: 1\n');
  assert.equal(key.actions[0].title, 'Change to `resources`');
  assert.match(apply(key.text, key.actions[0]), /^resources:$/m);
  const kind = await actionsAt('b.trainyard.yaml', 'version: 1\nkind: jo|v\nrun: echo\n');
  assert.equal(apply(kind.text, kind.actions[0]), 'version: 1\nkind: job\nrun: echo\n');
  const stage = await actionsAt('c.trainyard.yaml', 'version: 1\nkind: pipeline\nstages:\n  prep:\n    job: {run: echo}\n  train:\n    job: {run: echo}\n    needs: [pre|o]\n');
  assert.deepEqual(stage.actions.map((a) => [a.title, a.isPreferred]), [['Change to `prep`', true]]);
});

test('a plain secret is offered a secret reference, not as the preferred fix', async () => {
  const r = await actionsAt('s.trainyard.yaml', 'version: 1\nkind: job\nrun: echo\nenv:\n  API_TOKEN: ab|c123\n');
  assert.deepEqual(r.actions.map((a) => [a.title, a.isPreferred]), [['Replace with `{ secret: API_TOKEN }`', false]]);
});

test('add missing properties: all at once (preferred) or one by one, with defaults and examples', async () => {
  const { text, actions } = await actionsAt('g.yaml', generic('ot|her: x'));
  assert.deepEqual(
    actions.map((a) => [a.title, a.isPreferred]),
    [
      ['Add missing properties: name, mode, opts', true],
      ['Add missing property `name`', false],
      ['Add missing property `mode`', false],
      ['Add missing property `opts`', false],
    ],
  );
  assert.equal(apply(text, actions[0]).split('\n').slice(1).join('\n'), 'other: x\nname: demo\nmode: fast\nopts:\n  retries: 2\n  tags:\n    - a\n    - b\n');
});

test('add missing properties inside a nested object, at its indentation', async () => {
  const { text, actions } = await actionsAt('g.yaml', generic('name: a', 'mode: fast', 'opts: {}', 'nes|ted:', '  keep: true', 'other: x'));
  assert.equal(actions[0].title, 'Add missing property `level`');
  assert.equal(actions[0].isPreferred, true);
  assert.match(apply(text, actions[0]), /^nested:\n {2}keep: true\n {2}level: 3\nother: x$/m);
});

test('add missing properties to a flow mapping and to a file without a final newline', async () => {
  const flow = await actionsAt('g.yaml', generic('name: a', 'mode: fast', 'opts: {}', 'nes|ted: {keep: true}'));
  assert.match(apply(flow.text, flow.actions[0]), /^nested: \{keep: true, level: 3\}$/m);
  const { text, position } = caret(generic('name: a', 'mode: fast', 'o|ther: x').trimEnd());
  const s = service();
  const src = source(path.join(tmpDir(), 'g.yaml'), text);
  const acts = await s.codeActions(src, await s.diagnose(src));
  assert.ok(position);
  assert.match(apply(text, acts.find((a) => a.title === 'Add missing property `opts`')!), /\nother: x\nopts:\n {2}retries: 2\n {2}tags:\n {4}- a\n {4}- b$/);
});

test('add the missing `run` of a Trainyard job, and of an inline pipeline job', async () => {
  const job = await actionsAt('j.trainyard.yaml', 'version: 1\nki|nd: job\n');
  const top = await actionsAt('j2.trainyard.yaml', 'vers|ion: 1\nkind: job\n');
  const a = [...job.actions, ...top.actions][0];
  assert.equal(a.title, 'Add missing property `run`');
  assert.equal(apply(job.text, a), 'version: 1\nkind: job\nrun: python3 train.py\n');
  const p = await actionsAt('p.trainyard.yaml', 'version: 1\nkind: pipeline\nstages:\n  a:\n    jo|b:\n      name: x\n');
  assert.equal(apply(p.text, p.actions[0]), 'version: 1\nkind: pipeline\nstages:\n  a:\n    job:\n      name: x\n      run: python3 train.py\n');
});
