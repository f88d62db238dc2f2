// The built server on real-world third-party configs, opened as an editor opens them: accelerate,
// DeepSpeed, Kubeflow PyTorchJob and Kubernetes fixtures (test/fixtures/thirdparty/<entry>/) under
// their own names and under the names users give them (default_config.yaml, ds_config.json,
// pytorchjob.yaml, k8s/deployment.yaml). Valid ones get no error and the right schema (the hover's
// "Source: `<entry>`") per document; invalid ones get an error in every document; files of other
// tools and Kubernetes kinds we do not bundle get no schema and no diagnostics at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Hover } from 'vscode-languageserver';
import { parseAllDocuments } from 'yaml';
import { matchCatalog } from '../../core/checks/catalogMatch';
import { LspClient, SERVER } from './lsp-helpers';

const root = path.join(__dirname, '..', 'fixtures', 'thirdparty');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-lsp-tp-'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-tp-files-'));

/** The name a user gives a file of each format (accelerate's own cache path, for accelerate). */
const USUAL: Record<string, string> = {
  accelerate: '.cache/huggingface/accelerate/default_config.yaml',
  deepspeed: 'ds_config.json',
  'kubeflow-pytorchjob': 'pytorchjob.yaml',
  'kubeflow-tfjob': 'tfjob.yaml',
  'kubeflow-mpijob': 'k8s/mpijob.yaml',
  'kubernetes-list': 'k8s/list.yaml',
};
const usualName = (entry: string) => USUAL[entry] ?? `k8s/${entry.replace(/^kubernetes-/, '')}.yaml`;

let c: LspClient;
let n = 0;

before(async () => {
  assert.ok(fs.existsSync(SERVER), 'build first: node esbuild.mjs');
  c = new LspClient({ TRAINYARD_HOME: home });
  await c.initialize(null);
});

after(async () => {
  await c.close();
});

async function open(file: string, text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = pathToFileURL(file).href;
  const next = c.nextDiagnostics(uri);
  await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: file.endsWith('.json') ? 'json' : 'yaml', version: 1, text } });
  const diagnostics = (await next).diagnostics;
  await c.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return { uri, diagnostics };
}

/** A fresh path for `name` (one folder per open, so each open is a new document). */
const virtual = (name: string) => path.join(work, String(++n), name);

interface Section {
  start: number;
  end: number;
  /** First line of a top-level key (0-based), for the hover. */
  keyLine: number;
  keyChar: number;
  comment: string;
}

/** Documents of a file as line ranges (`---` separated; JSON is one document). */
function sections(text: string, json: boolean): Section[] {
  const lines = text.split('\n');
  const out: Section[] = [];
  let start = 0;
  const close = (end: number) => {
    const body = lines.slice(start, end);
    const k = json ? body.findIndex((l) => /^\s*"[^"]+"\s*:/.test(l)) : body.findIndex((l) => /^[A-Za-z$_][\w.-]*\s*:/.test(l));
    const comment = body.filter((l) => /^#/.test(l)).join('\n');
    if (k >= 0) out.push({ start, end, keyLine: start + k, keyChar: json ? lines[start + k].indexOf('"') + 1 : 1, comment });
  };
  lines.forEach((l, i) => {
    if (!json && /^---\s*$/.test(l)) {
      close(i);
      start = i + 1;
    }
  });
  close(lines.length);
  return out;
}

async function sourceAt(uri: string, s: Section): Promise<string | undefined> {
  const h = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: s.keyLine, character: s.keyChar } })) as Hover | null;
  const m = /Source: `([^`]+)`/.exec(JSON.stringify(h?.contents ?? ''));
  return m?.[1];
}

/** Opens `text` as `file` and checks each document: no error, the entry's schema (hover). */
async function expectValid(file: string, text: string, entryOf: (s: Section) => string | undefined, where: string) {
  const uri = pathToFileURL(file).href;
  const next = c.nextDiagnostics(uri);
  await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: file.endsWith('.json') ? 'json' : 'yaml', version: 1, text } });
  const diagnostics = (await next).diagnostics;
  const errors = diagnostics.filter((d) => d.severity === 1);
  assert.deepEqual(
    errors.map((d) => `${d.range.start.line + 1}: ${d.message}`),
    [],
    `${where}: a valid file got errors`,
  );
  for (const s of sections(text, file.endsWith('.json'))) {
    assert.equal(await sourceAt(uri, s), entryOf(s), `${where}: schema of the document at line ${s.keyLine + 1}`);
  }
  await c.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
}

function filesIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesIn(p) : /\.(ya?ml|json)$/.test(e.name) && e.name !== 'expectations.json' ? [p] : [];
  });
}

const ENTRIES = fs.readdirSync(root).filter((d) => /^(accelerate|deepspeed|kubeflow-.+|kubernetes-(?!mixed).+)$/.test(d));

test('valid accelerate, DeepSpeed, PyTorchJob and Kubernetes configs: no errors, their own schema, under their names and the usual ones', async () => {
  assert.ok(ENTRIES.length >= 13, ENTRIES.join(' '));
  let opened = 0;
  for (const entry of ENTRIES) {
    const files = [...filesIn(path.join(root, entry, 'valid')), ...filesIn(path.join(root, entry)).filter((f) => path.basename(f) === 'valid.yaml')];
    assert.ok(files.length > 0, entry);
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      await expectValid(f, text, () => entry, path.relative(root, f));
      await expectValid(virtual(usualName(entry)), text, () => entry, `${path.relative(root, f)} as ${usualName(entry)}`);
      opened += 2;
    }
  }
  assert.ok(opened > 150, `${opened} opens`);
});

test('invalid configs: every document gets an error under the usual name', async () => {
  for (const entry of ENTRIES) {
    const files = [...filesIn(path.join(root, entry, 'invalid')), ...filesIn(path.join(root, entry)).filter((f) => path.basename(f) === 'invalid.yaml')];
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      const json = f.endsWith('.json');
      const name = usualName(entry);
      const { diagnostics } = await open(virtual(name), text);
      const values = json ? [JSON.parse(text)] : parseAllDocuments(text).map((d) => (d as { toJS(): unknown }).toJS());
      sections(text, json).forEach((s, i) => {
        // a document its format's name does not claim (accelerate without `distributed_type`) has no schema to break
        if (matchCatalog(name, values[i])?.name !== entry && matchCatalog('x.yaml', values[i])?.name !== entry) return;
        const inside = diagnostics.filter((d) => d.severity === 1 && d.range.start.line >= s.start && d.range.start.line < s.end);
        assert.ok(inside.length > 0, `${path.relative(root, f)} as ${name}: no error in the document at line ${s.keyLine + 1}`);
      });
    }
  }
});

test('mixed manifests: each document gets its kind\'s schema, kinds we do not bundle (CRDs, operators\' kinds) none', async () => {
  for (const f of filesIn(path.join(root, 'kubernetes-mixed', 'valid'))) {
    const expected = (s: Section) => {
      const m = /#\s*schema:\s*(\S+)/.exec(s.comment);
      assert.ok(m, `${f}: a document without "# schema:"`);
      return m[1] === 'none' ? undefined : m[1];
    };
    await expectValid(f, fs.readFileSync(f, 'utf8'), expected, path.relative(root, f));
  }
});

test('files of other tools get no schema and no diagnostics (compose, workflows, Helm, kustomize, package.json, …)', async () => {
  const files = filesIn(path.join(root, 'kubernetes-mixed', 'unrelated'));
  assert.ok(files.length >= 10);
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const { uri, diagnostics } = await open(f, text);
    assert.deepEqual(diagnostics.map((d) => d.message), [], path.relative(root, f));
    void uri;
  }
});

test('ML consistency checks on top of the schemas: accelerate, DeepSpeed and Kubernetes', async () => {
  const cases: [string, string, RegExp][] = [
    [
      'default_config.yaml',
      'compute_environment: LOCAL_MACHINE\ndistributed_type: DEEPSPEED\ndeepspeed_config:\n  deepspeed_config_file: ds.json\n  zero_stage: 3\nmixed_precision: bf16\nnum_processes: 8\n',
      /zero_stage cannot be used together with deepspeed_config_file/,
    ],
    ['ds_config.json', '{"train_batch_size": 100, "train_micro_batch_size_per_gpu": 8, "gradient_accumulation_steps": 4}', /multiple of 32/],
    ['ds_config.json', '{"train_batch_size": 8, "fp16": {"enabled": true}, "bf16": {"enabled": true}}', /cannot both be enabled/],
    [
      'k8s/deployment.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: web, image: nginx}]\n',
      /selector does not match the pod template/,
    ],
    [
      'k8s/job.yaml',
      'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: t\n          image: x\n          resources: {requests: {nvidia.com/gpu: 1}}\n          volumeMounts: [{name: dshm, mountPath: /dev/shm}]\n',
      /no volume named `dshm`/,
    ],
  ];
  for (const [name, text, re] of cases) {
    const { diagnostics } = await open(virtual(name), text);
    assert.ok(
      diagnostics.some((d) => d.severity === 1 && re.test(String(d.message))),
      `${name}: expected ${re}, got ${diagnostics.map((d) => d.message).join(' | ')}`,
    );
  }
  // DeepSpeed runs with offloading a stage cannot use (it ignores it): a warning, not an error
  const { diagnostics } = await open(virtual('ds_config_zero2.json'), '{"train_batch_size": "auto", "zero_optimization": {"stage": 2, "offload_param": {"device": "cpu"}}}');
  assert.deepEqual(diagnostics.map((d) => d.severity), [2]);
});
