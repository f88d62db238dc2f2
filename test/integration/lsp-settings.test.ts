/**
 * Settings over stdio from editors that pass them differently: in initializationOptions (a client
 * without workspace/configuration), and through a client that announces workspace/configuration
 * but answers null (its config has no trainyard section) — both use initializationOptions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './lsp-helpers';

function workspace(): { dir: string; doc: string; text: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ty-settings-'));
  fs.writeFileSync(path.join(dir, 'model.schema.json'), JSON.stringify({ type: 'object', properties: { lr: { type: 'number' } }, additionalProperties: false }));
  return { dir, doc: pathToFileURL(path.join(dir, 'model.yaml')).href, text: 'lr: fast\nepochs: 3\n' };
}

for (const answersConfiguration of [false, true]) {
  test(`trainyard.schemas from initializationOptions (${answersConfiguration ? 'configuration answered with null' : 'no workspace/configuration'})`, async () => {
    const { dir, doc, text } = workspace();
    const c = new LspClient({ TRAINYARD_HOME: path.join(dir, 'home') });
    try {
      if (answersConfiguration) c.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
      await c.conn.sendRequest('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(dir).href,
        capabilities: answersConfiguration ? { workspace: { configuration: true } } : {},
        initializationOptions: { trainyard: { schemas: { './model.schema.json': 'model.yaml' } } },
      });
      await c.conn.sendNotification('initialized', {});
      const diags = await c.open(doc, text);
      const lines = diags.map((d) => d.range.start.line).sort();
      // `fast` is not a number (line 0) and `epochs` is not allowed (line 1): the schema applies
      assert.deepEqual(lines, [0, 1], JSON.stringify(diags));
    } finally {
      await c.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
