// Completion for clients without snippet support (`completionItem.snippetSupport` false or absent, e.g. Neovim's
// built-in omnifunc): plain text, placeholders as their text, tab stops as nothing. And the kinds
// of a Kubernetes manifest being started, before any schema applies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { InsertTextFormat, type CompletionItem } from 'vscode-languageserver';
import { snippetText } from '../../server/completionTemplates';
import { parseYaml } from '../../core/yaml';
import { caret, schemaFile, service, source, tmpDir, withModeline } from './server-helpers';

test('snippetText: the text a snippet inserts when nothing is typed', () => {
  assert.equal(snippetText('name: $1'), 'name: ');
  assert.equal(snippetText('gpus: ${1:1}'), 'gpus: 1');
  assert.equal(snippetText('model:\n  arch: ${1|resnet,vit|}\n  head: ${2:{}}$0'), 'model:\n  arch: resnet\n  head: {}');
  assert.equal(snippetText('a: ${1:outer ${2:inner}}'), 'a: outer inner');
  assert.equal(snippetText('cost: \\$5 ${1:\\}x}'), 'cost: $5 }x');
  assert.equal(snippetText('${1|a\\,b,c|}'), 'a,b');
  assert.equal(snippetText('$TM_FILENAME ${VAR} ${VAR:dflt} $'), '  dflt $');
});

const schema = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string' },
    model: { type: 'object', required: ['arch'], properties: { arch: { enum: ['resnet', 'vit'] }, depth: { type: 'integer', default: 50 } } },
    resources: { type: 'object', properties: { gpus: { type: 'integer' } }, defaultSnippets: [{ label: 'one gpu', body: { gpus: '${1:1}' } }] },
  },
};

for (const snippets of [true, false]) {
  test(`completion items ${snippets ? 'keep' : 'lose'} snippet syntax when the client ${snippets ? 'takes' : 'takes no'} snippets`, async () => {
    const s = schemaFile(schema);
    const { text, position } = caret(withModeline(s, 'name: x', '|'));
    const file = path.join(tmpDir(), 'f.yaml');
    const list = (await service().complete(source(file, text), position, { lean: true, snippets }))!;
    const items = list.items as CompletionItem[];
    const model = items.find((i) => i.label === 'model')!;
    assert.ok(model, JSON.stringify(items.map((i) => i.label)));
    const newText = (model.textEdit as { newText: string }).newText;
    if (snippets) {
      assert.equal(model.insertTextFormat, InsertTextFormat.Snippet);
      assert.match(newText, /\$\{?\d/);
    } else {
      for (const it of items) {
        assert.notEqual(it.insertTextFormat, InsertTextFormat.Snippet, it.label);
        assert.doesNotMatch((it.textEdit as { newText: string }).newText, /\$\{?\d/, it.label);
      }
      // what is inserted is still valid YAML with the placeholders' text
      const lines = text.split('\n');
      lines[position.line] = newText;
      const parsed = parseYaml(lines.join('\n'));
      assert.deepEqual(parsed.errors, []);
      assert.equal((parsed.docs[0].value as { model: { arch: string } }).model.arch, 'resnet');
    }
  });
}

test('a manifest being started: `kind:` offers the bundled kinds of its apiVersion', async () => {
  const dir = tmpDir();
  const labels = async (marked: string) => {
    const { text, position } = caret(marked);
    const list = await service().complete(source(path.join(dir, 'manifest.yaml'), text), position);
    return (list?.items ?? []).map((i) => i.label);
  };
  const apps = await labels('apiVersion: apps/v1\nkind: |\nmetadata: {name: x}\n');
  for (const k of ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']) assert.ok(apps.includes(k), apps.join(' '));
  assert.ok(!apps.includes('Pod') && !apps.includes('Ingress'), apps.join(' '));
  const core = await labels('apiVersion: v1\nkind: Se|\n');
  assert.ok(core.includes('Service') && core.includes('Secret') && core.includes('Pod') && !core.includes('Deployment'), core.join(' '));
  // the second document of a file: its own apiVersion
  const second = await labels('apiVersion: v1\nkind: Service\n---\napiVersion: batch/v1\nkind: |\n');
  assert.deepEqual(second.sort(), ['CronJob', 'Job']);
  // no apiVersion: not a manifest, nothing to offer
  assert.deepEqual(await labels('name: x\nkind: |\n'), []);
});
