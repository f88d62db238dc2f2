/**
 * The server's schema association (server/schema/association.ts over the bundled catalog) follows
 * the catalog rules of core/checks/catalogMatch.ts: for every third-party fixture document, under
 * its own file name and under names other tools use, both pick the same entry (or none). In
 * particular a file name shared with other tools (`default_config.yaml`, `*sweep*.yaml`) does not
 * force its format's schema onto a document whose content contradicts it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { matchCatalog } from '../../core/checks/catalogMatch';
import { SchemaService } from '../../server/schema/service';

const root = join(__dirname, '..', 'fixtures', 'thirdparty');
const svc = new SchemaService();

function serverEntry(file: string, value: unknown): string | undefined {
  const a = svc.associate(pathToFileURL(file).href, value, undefined, {});
  return a.kind === 'schema' ? a.name : undefined;
}

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : /\.(ya?ml|json)$/.test(n) && n !== 'expectations.json' ? [p] : [];
  });
}

function docs(file: string): unknown[] {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.json')) return [JSON.parse(text)];
  return parseAllDocuments(text).map((d) => (d as { toJS(): unknown }).toJS());
}

const OTHER_NAMES = [
  '/home/u/.cache/huggingface/accelerate/default_config.yaml',
  '/repo/configs/default_config.yaml',
  '/repo/accelerate_fsdp.yaml',
  '/repo/ds_config_zero3.json',
  '/repo/lr-sweep.yaml',
  '/repo/k8s/deployment.yaml',
  '/repo/config.json',
];

test('server association = catalog rules, for every fixture under its own and other tools\' names', () => {
  const dirs = readdirSync(root).filter((d) => /^(accelerate|deepspeed|kubeflow-.+|kubernetes-.+)$/.test(d));
  let n = 0;
  for (const d of dirs) {
    for (const file of walk(join(root, d))) {
      docs(file).forEach((value, i) => {
        for (const name of [file, ...OTHER_NAMES]) {
          const where = `${relative(root, file)}#${i} as ${name}`;
          assert.equal(serverEntry(name, value), matchCatalog(name, value)?.name, where);
          n++;
        }
      });
    }
  }
  assert.ok(n > 1000, `${n} comparisons`);
});

test('names other tools share do not force a schema', () => {
  const hydra = { model: { name: 'resnet50' }, trainer: { max_epochs: 90 } };
  assert.equal(serverEntry('/repo/configs/default_config.yaml', hydra), undefined);
  assert.equal(serverEntry('/repo/configs/default_config.yaml', { distributed_type: 'multi_gpu', num_processes: 2 }), 'accelerate', 'a wrong value is still reported');
  const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'agent' }, spec: {} };
  assert.equal(serverEntry('/repo/k8s/wandb-sweep-agent.yaml', job), 'kubernetes-job');
  assert.equal(serverEntry('/repo/deepspeed_results.json', [{ run: 'zero2' }]), undefined);
  assert.equal(serverEntry('/repo/ds_config.json', {}), 'deepspeed', 'an empty new ds_config.json');
  assert.equal(serverEntry('/repo/ds_config.json', null), 'deepspeed');
});
