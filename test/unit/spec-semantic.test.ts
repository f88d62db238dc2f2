// Semantic checks, referenced files, overrides, file collection and the small helpers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { load, where, y, FIXTURES } from './spec-helpers';
import {
  collectSpecFiles,
  didYouMean,
  formatProblem,
  isSpecFileName,
  loadSpecFile,
  loadSpecText,
  parseDuration,
} from '../../core/spec';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-spec-'));
}

test('valid example specs produce zero problems', async () => {
  const { files, missing } = await collectSpecFiles([path.join(FIXTURES, 'valid')]);
  assert.deepEqual(missing, []);
  assert.ok(files.length >= 8, files.join(', '));
  for (const f of files) {
    const r = await loadSpecFile(f);
    assert.deepEqual(r.problems.map(formatProblem), [], f);
    assert.ok(r.spec, f);
  }
});

test('pipeline cycle and missing needs', async () => {
  const r = await loadSpecFile(path.join(FIXTURES, 'broken', 'cycle.trainyard.yaml'));
  assert.deepEqual(where(r), ['pipeline-cycle@8:13', 'unknown-stage@11:20']);
  assert.equal(r.problems[0].message, 'pipeline cycle: train → prepare → evaluate → train');
  const two = load(y('kind: pipeline', 'stages:', '  train:', '    job: { run: x }', '    needs: [evaluate]', '  evaluate:', '    job: { run: y }', '    needs: [train, trian]'));
  assert.deepEqual(where(two), ['pipeline-cycle@8:13', 'unknown-stage@8:20']);
  assert.equal(two.problems[0].message, 'pipeline cycle: evaluate → train → evaluate');
  assert.equal(two.problems[1].suggestion, 'train');
});

test('a stage needing itself', () => {
  const r = load(y('kind: pipeline', 'stages:', '  a:', '    job: { run: x }', '    needs: [a]'));
  assert.deepEqual(where(r), ['pipeline-cycle@5:13']);
  assert.equal(r.problems[0].message, 'stage `a` needs itself');
});

test('missing and broken referenced files (temp dir)', () => {
  const dir = tempDir();
  try {
    fs.writeFileSync(path.join(dir, 'bad.trainyard.yaml'), y('kind: job', 'rn: x', 'resources: { gpus: two }'));
    fs.writeFileSync(path.join(dir, 'ok.trainyard.yaml'), y('kind: job', 'run: x'));
    fs.writeFileSync(path.join(dir, 'pipe.trainyard.yaml'), y('kind: pipeline', 'stages:', '  a: { job: { run: x } }'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'notadir'), '');
    const text = y(
      'kind: pipeline',
      'stages:',
      '  a:',
      '    spec: missing.trainyard.yaml',
      '  b:',
      '    spec: bad.trainyard.yaml',
      '  c:',
      '    spec: pipe.trainyard.yaml',
      '  d:',
      '    spec: ok.trainyard.yaml',
      '  e:',
      '    job: { run: x, workdir: nope }',
      '  f:',
      '    job: { run: x, workdir: notadir }',
      '  g:',
      '    job: { run: x, workdir: src }',
    );
    const r = loadSpecText(text, path.join(dir, 'p.trainyard.yaml'));
    assert.deepEqual(where(r), ['file-not-found@4:11', 'referenced-spec@6:11', 'referenced-spec@8:11', 'file-not-found@12:29', 'not-a-directory@14:29']);
    // (`rn` for `run` is one error: the misspelt key)
    assert.match(r.problems[1].message, /^bad\.trainyard\.yaml has 2 errors/);
    assert.match(r.problems[2].message, /is a pipeline spec/);
    // checkFiles: false skips the file system entirely.
    assert.deepEqual(loadSpecText(text, path.join(dir, 'p.trainyard.yaml'), { checkFiles: false }).problems, []);
    // Sweep job references resolve the same way.
    const s = loadSpecText(y('kind: sweep', 'job: gone.trainyard.yaml', 'matrix: { lr: [1] }'), path.join(dir, 's.trainyard.yaml'));
    assert.deepEqual(where(s), ['file-not-found@2:6']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('fixture pipeline with bad references', async () => {
  const r = await loadSpecFile(path.join(FIXTURES, 'broken', 'bad-refs.trainyard.yaml'));
  assert.deepEqual(where(r), ['file-not-found@4:11', 'referenced-spec@6:11', 'referenced-spec@9:11']);
});

test('sweeps: random draws the default number of samples, huge grids warn, bad ranges', () => {
  const r = load(y('kind: sweep', 'job: { run: "x ${{ params.lr }} $PARAM_WD" }', 'strategy: random', 'matrix:', '  lr: { min: 1, max: 0.1 }', '  wd: { min: 0, max: 1, scale: log }'));
  assert.deepEqual(where(r), ['range@5:22', 'range@6:14']);
  const values = (n: number) => `[${Array.from({ length: n }, (_, i) => i).join(', ')}]`;
  const big = load(y('kind: sweep', 'job: { run: "x $PARAM_A $PARAM_B" }', 'matrix:', `  a: ${values(101)}`, `  b: ${values(100)}`));
  assert.deepEqual(where(big), ['sweep-too-large@3:1']);
  assert.equal(big.problems[0].severity, 'warning');
  assert.ok(big.spec, 'warnings do not block the spec');
  assert.match(big.problems[0].message, /10,100 combinations/);
});

test('metrics pattern, timeout, target, plain secrets', () => {
  const r = load(
    y(
      'kind: job',
      'run: x',
      'metrics:',
      '  pattern: "loss=(?<loss>[0-9.]+"',
      'timeout: 0s',
      'target: "ssh:a b"',
      'env:',
      '  WANDB_API_KEY: abc123',
      '  DB_PASSWORD: { secret: DB_PASSWORD }',
      '  TOKENIZER_PATH_NOT_SECRET: 1',
    ),
  );
  assert.deepEqual(where(r), ['format@4:12', 'duration@5:10', 'target@6:9', 'plain-secret@8:18']);
  assert.match(r.problems[0].message, /not a valid regular expression/);
  // the fix is said once (the editor adds no second "did you mean")
  assert.equal(r.problems[3].message, '`WANDB_API_KEY` looks like a secret written into the spec; keep the value outside it: did you mean `{ secret: WANDB_API_KEY }`?');
  assert.equal(r.problems[3].suggestion, '{ secret: WANDB_API_KEY }');
});

test('overrides (--set) valid', () => {
  const text = y('kind: job', 'run: x', 'resources:', '  gpus: 1');
  const r = load(text, { checkFiles: false, overrides: [
    { path: 'resources.gpus', value: '2' },
    { path: 'env.LR', value: '0.1' },
    { path: 'outputs', value: '[a, b]' },
    { path: 'env.KEY', value: '{secret: KEY}' },
    { path: 'name', value: '' },
  ] });
  assert.deepEqual(where(r), ['length@1:1', 'pattern@1:1']);
  assert.match(r.problems[0].message, /set by `--set name=`/);
  const ok = load(text, { checkFiles: false, overrides: [{ path: 'resources.gpus', value: '2' }, { path: 'env.LR', value: '0.1' }] });
  assert.deepEqual(ok.problems, []);
  assert.deepEqual((ok.spec as any).resources, { gpus: 2 });
  assert.deepEqual((ok.spec as any).env, { LR: 0.1 });
  assert.deepEqual(ok.text, text, 'the text is what the file holds');
});

test('overrides (--set) invalid: clear problems', () => {
  const text = y('kind: job', 'run: x', 'resources:', '  gpus: 1');
  const bad = load(text, { checkFiles: false, overrides: [{ path: 'resources.gpus.count', value: '2' }] });
  assert.deepEqual(where(bad), ['bad-override@1:1']);
  assert.match(bad.problems[0].message, /`resources.gpus` is a number, not a mapping/);
  const empty = load(text, { checkFiles: false, overrides: [{ path: 'resources..gpus', value: '2' }] });
  assert.deepEqual(where(empty), ['bad-override@1:1']);
  const yamlErr = load(text, { checkFiles: false, overrides: [{ path: 'run', value: '[unclosed' }] });
  assert.deepEqual(where(yamlErr), ['bad-override@1:1']);
  // A value of the wrong type is reported where the file sets it, saying --set did it.
  const typed = load(text, { checkFiles: false, overrides: [{ path: 'resources.gpus', value: 'two' }] });
  assert.deepEqual(where(typed), ['type@4:9']);
  assert.match(typed.problems[0].message, /\(set by `--set resources.gpus=two`\)/);
  // A new unknown key is reported at its nearest written ancestor.
  const unknown = load(text, { checkFiles: false, overrides: [{ path: 'resources.gpuz', value: '1' }] });
  assert.deepEqual(where(unknown), ['unknown-key@3:1']);
  // (not `gpus`, which `resources` has already)
  assert.equal(unknown.problems[0].suggestion, 'gpu');
});

test('collectSpecFiles walks folders, skips node_modules, .git and dot-folders', async () => {
  const dir = tempDir();
  try {
    for (const f of ['a.trainyard.yaml', 'sub/b.trainyard.yml', 'sub/c.yaml', 'node_modules/x.trainyard.yaml', '.git/y.trainyard.yaml', '.hidden/z.trainyard.yaml']) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), 'kind: job\nrun: x\n');
    }
    const explicit = path.join(dir, 'sub', 'c.yaml');
    const { files, missing } = await collectSpecFiles([dir, explicit, path.join(dir, 'nope.trainyard.yaml')]);
    assert.deepEqual(files, [path.join(dir, 'a.trainyard.yaml'), path.join(dir, 'sub', 'b.trainyard.yml'), explicit]);
    assert.deepEqual(missing, [path.join(dir, 'nope.trainyard.yaml')]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('loadSpecFile: missing file, folder, and size guard before reading', async () => {
  const dir = tempDir();
  try {
    assert.deepEqual(where(await loadSpecFile(path.join(dir, 'none.trainyard.yaml'))), ['file-not-found@1:1']);
    assert.deepEqual(where(await loadSpecFile(dir)), ['file-not-found@1:1']);
    const big = path.join(dir, 'big.trainyard.yaml');
    fs.writeFileSync(big, Buffer.alloc(6 * 1024 * 1024, 0x61));
    assert.deepEqual(where(await loadSpecFile(big)), ['too-large@1:1']);
    const latin = await loadSpecFile(path.join(FIXTURES, 'broken', 'latin1.trainyard.yaml'));
    assert.deepEqual(where(latin), ['encoding@3:17']);
    const bin = await loadSpecFile(path.join(FIXTURES, 'broken', 'binary.trainyard.yaml'));
    assert.deepEqual(where(bin), ['binary@1:1']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('helpers: isSpecFileName, formatProblem, didYouMean, parseDuration', () => {
  assert.equal(isSpecFileName('a/train.trainyard.yaml'), true);
  assert.equal(isSpecFileName('train.trainyard.yml'), true);
  assert.equal(isSpecFileName('train.yaml'), false);
  const r = load(y('kind: job', 'rn: x'));
  assert.equal(formatProblem(r.problems[0]), 'test.trainyard.yaml:2:1: error: unknown key `rn` in job; did you mean `run` (required)?');
  assert.equal(didYouMean('rn', ['run', 'name']), 'run');
  assert.equal(didYouMean('Stage', ['stage']), 'stage');
  assert.equal(didYouMean('resource', ['resources', 'retries']), 'resources');
  assert.equal(didYouMean('trian', ['data', 'train']), 'train');
  assert.equal(didYouMean('xyz', ['run', 'name']), undefined);
  assert.equal(parseDuration('2h30m'), 9000);
  assert.equal(parseDuration('90s'), 90);
  assert.equal(parseDuration('1d'), 86400);
  assert.equal(parseDuration('1.5h'), 5400);
  assert.equal(parseDuration('45'), 45);
  assert.ok(Number.isNaN(parseDuration('soon')));
  assert.ok(Number.isNaN(parseDuration('1h1h')));
});

test('speed: a 30-line job spec loads well under 1 ms', () => {
  const text = fs.readFileSync(path.join(FIXTURES, 'valid', 'train.trainyard.yaml'), 'utf8');
  for (let i = 0; i < 200; i++) loadSpecText(text, 'w.trainyard.yaml', { checkFiles: false });
  const n = 1000;
  const t = performance.now();
  for (let i = 0; i < n; i++) loadSpecText(text, 'w.trainyard.yaml', { checkFiles: false });
  const per = (performance.now() - t) / n;
  assert.ok(per < 5, `${per.toFixed(3)} ms per spec`); // a regression guard, generous for shared CI machines; typically 0.4-0.7 ms
});
