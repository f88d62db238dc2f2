/**
 * The built server in another editor: Neovim (Debian's 0.7, `nvim --headless`) starts it with
 * its built-in LSP client (`vim.lsp.start_client`, the 0.7 API; the same config as
 * docs/editors.md), opens a broken Trainyard spec, waits for the diagnostics (`vim.wait`, which
 * runs Neovim's event loop while it checks), writes them to a file and quits.
 * Skips when `nvim` is not installed (.ci/run installs Debian's `neovim`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SERVER } from './lsp-helpers';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const version = nvim.status === 0 ? /NVIM v([0-9.]+)/.exec(nvim.stdout)?.[1] : undefined;

/** The editor side, as docs/editors.md shows it (0.7 API), plus the lines that drive the check. */
const INIT_LUA = `
local server, out, file, node = os.getenv('TY_SERVER'), os.getenv('TY_OUT'), os.getenv('TY_FILE'), os.getenv('TY_NODE')
vim.api.nvim_create_autocmd('VimEnter', { callback = function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({
    name = 'trainyard',
    cmd = { node, server, '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
    settings = { trainyard = { languageServer = { claim = 'all' } } },
  })
  vim.lsp.buf_attach_client(buf, id)
  local ok = vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
  local lines = { ok and 'ok' or 'timeout' }
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(lines, string.format('%d:%d %s', d.lnum + 1, d.col + 1, d.message))
  end
  vim.fn.writefile(lines, out)
  vim.cmd('qa!')
end })
`;

test('Neovim 0.7 (headless, built-in LSP client) shows the diagnostics of a broken spec', { skip: version ? false : 'nvim is not installed (Debian: apt-get install neovim); .ci/run installs it' }, async (t) => {
  assert.ok(fs.existsSync(SERVER), 'build first: node esbuild.mjs');
  t.diagnostic(`nvim ${version}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trainyard-nvim-'));
  try {
    const file = path.join(dir, 'broken.trainyard.yaml');
    fs.writeFileSync(file, 'version: 1\nkind: job\nrun: echo hi\nresourcs:\n  gpus: 1\n');
    const init = path.join(dir, 'init.lua');
    fs.writeFileSync(init, INIT_LUA);
    const out = path.join(dir, 'diagnostics.txt');
    const r = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', init], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, TY_SERVER: SERVER, TY_OUT: out, TY_FILE: file, TY_NODE: process.execPath, TRAINYARD_HOME: path.join(dir, 'home'), XDG_STATE_HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir, XDG_CACHE_HOME: dir },
    });
    assert.ok(fs.existsSync(out), `nvim wrote no diagnostics (exit ${r.status}, signal ${r.signal}): ${r.stderr || r.stdout}`);
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'ok', `no diagnostics arrived in Neovim: ${lines.join(' | ')}`);
    assert.deepEqual(lines.slice(1), ['4:1 unknown key `resourcs` in job; did you mean `resources`?']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
