// Third-party configs opened the way users open them: under their usual names (sky.yaml,
// serve.yaml, .dstack.yml, dvc.yaml, sweep.yaml, MLproject), no modeline, through the BUILT server.
// Fixtures in subfolders of test/fixtures/thirdparty/<format>/{valid,invalid}/ carry those names:
// a valid one must get its format's schema (hover names it) and no error; an invalid one must get
// the schema and at least one error. Files of other tools under the same or similar names get no
// schema and no diagnostics at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Hover } from 'vscode-languageserver';
import { LspClient, SERVER } from './lsp-helpers';

const FORMATS = ['skypilot', 'dstack', 'dvc', 'wandb-sweep', 'mlflow'];
const fixtures = path.join(__dirname, '..', 'fixtures', 'thirdparty');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-lsp-thirdparty-'));
let client: LspClient;

before(async () => {
  assert.ok(fs.existsSync(SERVER), 'build first: node esbuild.mjs');
  client = new LspClient({ HOME: home, TRAINYARD_HOME: path.join(home, '.trainyard') });
  await client.initialize();
});
after(async () => {
  await client.close();
  fs.rmSync(home, { recursive: true, force: true });
});

/** Files under `dir`'s subfolders (the ones named as users name them). */
function namedFixtures(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const sub of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!sub.isDirectory()) continue;
    for (const f of fs.readdirSync(path.join(dir, sub.name), { withFileTypes: true })) if (f.isFile()) out.push(path.join(dir, sub.name, f.name));
  }
  return out.sort();
}

/** The catalog entry the hover on the first top-level key names (`Source: \`<name>\``), if any. */
async function schemaOf(uri: string, text: string): Promise<string | undefined> {
  const line = text.split('\n').findIndex((l) => /^[A-Za-z_][\w-]*\s*:/.test(l));
  if (line < 0) return undefined;
  const hover = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 1 } })) as Hover | null;
  const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
  return /Source: `([^`]+)`/.exec(value)?.[1];
}

const errors = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 1);
const show = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line + 1}: ${d.message}`).join('\n  ');

for (const format of FORMATS) {
  test(`${format}: valid configs under their usual names get the schema and no error`, async () => {
    const files = namedFixtures(path.join(fixtures, format, 'valid'));
    assert.ok(files.length >= 10, `${format}: ${files.length} named valid fixtures, want 10+`);
    for (const file of files) {
      const uri = pathToFileURL(file).href;
      const text = fs.readFileSync(file, 'utf8');
      const diags = await client.open(uri, text);
      assert.deepEqual(errors(diags), [], `${path.relative(fixtures, file)}:\n  ${show(errors(diags))}`);
      assert.equal(await schemaOf(uri, text), format, `${path.relative(fixtures, file)}: schema`);
    }
  });

  test(`${format}: broken configs under their usual names are reported`, async () => {
    const files = namedFixtures(path.join(fixtures, format, 'invalid'));
    assert.ok(files.length >= 3, `${format}: ${files.length} named invalid fixtures`);
    for (const file of files) {
      const uri = pathToFileURL(file).href;
      const text = fs.readFileSync(file, 'utf8');
      const diags = await client.open(uri, text);
      assert.ok(errors(diags).length > 0, `${path.relative(fixtures, file)}: no error`);
      assert.equal(await schemaOf(uri, text), format, `${path.relative(fixtures, file)}: schema`);
    }
  });
}

test('files of other tools under similar names get no schema and no diagnostics', async () => {
  const foreign: [string, string][] = [
    ['.github/workflows/ci.yml', 'name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n'],
    ['docker-compose.yml', 'services:\n  trainer:\n    image: pytorch/pytorch\n    command: python train.py\n'],
    ['config.yaml', 'name: svc\nrun:\n  port: 8080\nresources:\n  memory: 2Gi\n'],
    ['conf/config.yaml', 'defaults:\n  - model: resnet\n  - _self_\nseed: 42\ntrainer:\n  max_epochs: 10\n'],
    ['conf/sweep.yaml', 'hydra:\n  mode: MULTIRUN\n  sweeper:\n    params:\n      lr: 0.1,0.01\n'],
    ['sweep.yaml', 'study_name: s\ndirection: minimize\nparameters:\n  lr: {low: 0.001, high: 0.1}\n'],
    ['.sky.yaml', 'allowed_clouds: [aws]\njobs:\n  controller:\n    resources:\n      cpus: 4+\ndocker:\n  run_options: [--shm-size=16g]\n'],
    ['serve.yaml', 'proxy_location: EveryNode\napplications:\n  - name: llm\n    import_path: app:deployment\n'],
    ['task.yaml', "version: '3'\ntasks:\n  build:\n    cmds: [go build ./...]\n"],
    ['params.yaml', 'train:\n  lr: 0.01\n  epochs: 10\n'],
    ['python_env.yaml', 'python: "3.10"\nbuild_dependencies: [pip]\ndependencies: [mlflow]\n'],
    ['configs/fsdp_config.yaml', 'model:\n  d_model: 512\ntraining:\n  batch_size: 8\nfsdp:\n  sharding_strategy: full_shard\n  mixed_precision: bf16\n'],
    ['rules/sky.yaml', 'payload:\n  - "+.sky.com"\n  - "+.skysports.com"\n'],
    ['themes/sky.yml', 'information:\n  name: sky\n  background: dark\npalette:\n  blue0: "#70C0FF"\n'],
  ];
  for (const [name, text] of foreign) {
    const uri = pathToFileURL(path.join(home, 'project', name)).href;
    const diags = await client.open(uri, text);
    assert.deepEqual(diags, [], `${name}:\n  ${show(diags)}`);
    assert.equal(await schemaOf(uri, text), undefined, `${name}: schema`);
  }
});

test('ML-aware checks of W&B sweeps and DVC pipelines reach the editor, at the offending value', async () => {
  const sweep = ['program: train.py', 'method: grid', 'parameters:', '  lr:', '    min: 0.0001', '    max: 0.1', '  wd:', '    distribution: log_uniform', '    min: 0.0001', '    max: 0.01', ''].join('\n');
  let diags = await client.open(pathToFileURL(path.join(home, 'checks', 'sweep.yaml')).href, sweep);
  assert.deepEqual(
    diags.map((d) => `${d.severity} ${d.range.start.line}`),
    ['1 3', '1 7', '2 7'],
    show(diags),
  );
  assert.match(String(diags[0].message), /grid search/);
  const dvc = ['stages:', '  train:', '    cmd: python train.py', '    outs:', '      - model.pkl', '  export:', '    cmd: python export.py', '    outs:', '      - model.pkl', ''].join('\n');
  diags = await client.open(pathToFileURL(path.join(home, 'checks', 'dvc.yaml')).href, dvc);
  const errs = errors(diags);
  assert.equal(errs.length, 1, show(diags));
  assert.equal(errs[0].range.start.line, 8);
  assert.match(String(errs[0].message), /`model.pkl` is also an output of stage `train`/);
});
