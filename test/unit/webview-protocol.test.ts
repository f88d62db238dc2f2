import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as p from '../../webviews/protocol';
import { parseToHost, parseToWebview, parseUiState, defaultUiState, toHostShapes, toWebviewShapes, MAX_LINES_PER_REQUEST } from '../../webviews/protocol';

test('valid webview → host messages pass, with their type', () => {
  assert.deepEqual(parseToHost({ type: 'ready' }), { type: 'ready' });
  assert.equal(parseToHost({ type: 'requestLines', requestId: 1, start: 0, count: 256 })?.type, 'requestLines');
  assert.equal(parseToHost({ type: 'search', requestId: 2, query: 'loss', caseSensitive: false })?.type, 'search');
  assert.equal(parseToHost({ type: 'action', action: 'cancel' })?.type, 'action');
  assert.equal(parseToHost({ type: 'exportCsv', name: 'loss', csv: 'step,loss\n' })?.type, 'exportCsv');
});

test('invalid webview → host messages are rejected', () => {
  for (const bad of [
    null, 42, 'ready', [], {}, { type: 'nope' }, { type: 'toString' }, { type: '__proto__' },
    { type: 'requestLines', requestId: 1, start: -1, count: 10 },
    { type: 'requestLines', requestId: 1, start: 0, count: MAX_LINES_PER_REQUEST + 1 },
    { type: 'requestLines', requestId: 1.5, start: 0, count: 1 },
    { type: 'requestLines', requestId: 1, start: '0', count: 1 },
    { type: 'search', requestId: 1, query: 'x' },
    { type: 'action', action: 'rm -rf' },
    { type: 'exportPng', name: 'x' },
  ]) assert.equal(parseToHost(bad), undefined, JSON.stringify(bad));
});

test('host → webview messages are checked too', () => {
  const job = { id: 'j1', name: 'train', target: 'local', status: 'running', exitCode: null, createdAt: 't', startedAt: 't', endedAt: null };
  assert.equal(parseToWebview({ type: 'job', job })?.type, 'job');
  assert.equal(parseToWebview({ type: 'job', job: { ...job, gpus: ['0', '1'] } })?.type, 'job');
  assert.equal(parseToWebview({ type: 'job', job: { ...job, status: 'exploded' } }), undefined);
  assert.equal(parseToWebview({ type: 'job', job: { ...job, exitCode: 'x' } }), undefined);
  assert.equal(parseToWebview({ type: 'lines', requestId: 1, start: 0, lines: ['a', 'b'] })?.type, 'lines');
  assert.equal(parseToWebview({ type: 'lines', requestId: 1, start: 0, lines: ['a', 2] }), undefined);
  assert.equal(parseToWebview({ type: 'metrics', reset: true, source: 'file', points: [{ x: 1, values: { loss: 0.5 } }] })?.type, 'metrics');
  assert.equal(parseToWebview({ type: 'metrics', reset: true, source: 'file', points: [{ x: 1, values: { loss: 'high' } }] }), undefined);
  assert.equal(parseToWebview({ type: 'metrics', reset: true, source: 'file', points: [{ x: NaN, values: {} }] }), undefined);
  assert.equal(parseToWebview({ type: 'gpu', reset: false, samples: [{ time: 1, gpus: [{ index: 0, utilization: 50 }] }] })?.type, 'gpu');
  assert.equal(parseToWebview({ type: 'logInfo', lineCount: 3, byteLength: 10, done: false })?.type, 'logInfo');
});

test('every message type has a shape (declared once)', () => {
  assert.deepEqual(Object.keys(toHostShapes).sort(), ['action', 'exportCsv', 'exportPng', 'ready', 'requestLines', 'search']);
  assert.deepEqual(Object.keys(toWebviewShapes).sort(), ['gpu', 'job', 'lines', 'logInfo', 'metrics', 'notice', 'searchResult']);
});

test('UI state: only valid persisted state is used', () => {
  const s = defaultUiState('j1');
  assert.deepEqual(parseUiState(s), s);
  assert.equal(parseUiState({ ...s, topLine: -3 }), undefined);
  assert.equal(parseUiState({ jobId: 'j1' }), undefined);
  assert.equal(parseUiState(undefined), undefined);
});

test('host dashboard messages: declared once, checked on receipt', () => {
  assert.deepEqual(Object.keys(p.hostDashToHostShapes).sort(), ['probeNow', 'ready']);
  assert.deepEqual(Object.keys(p.hostDashToWebviewShapes).sort(), ['history', 'host', 'notice', 'probing', 'snapshot']);
  assert.deepEqual(p.parseHostDashToHost({ type: 'ready' }), { type: 'ready' });
  assert.equal(p.parseHostDashToHost({ type: 'probeNow' })?.type, 'probeNow');
  for (const bad of [null, {}, { type: 'requestLines', requestId: 1, start: 0, count: 1 }, { type: 'constructor' }, { type: 'history', reset: true, windowMs: 1, samples: [] }])
    assert.equal(p.parseHostDashToHost(bad), undefined, JSON.stringify(bad));
  const snapshot = { ok: true, probedAt: 1, gpus: [{ index: 0, utilization: 3 }], processes: [{ gpu: 0, pid: 12, user: 'alice', memoryMiB: 100 }], load: [1, 2, 3], memory: { totalMiB: 10, availableMiB: 5 } };
  assert.equal(p.parseHostDashToWebview({ type: 'snapshot', snapshot })?.type, 'snapshot');
  assert.equal(p.parseHostDashToWebview({ type: 'snapshot', snapshot: { ...snapshot, processes: [{ gpu: -1 }] } }), undefined);
  assert.equal(p.parseHostDashToWebview({ type: 'snapshot', snapshot: { ...snapshot, load: [1, 2, 3, 4] } }), undefined);
  assert.equal(p.parseHostDashToWebview({ type: 'snapshot', snapshot: { ...snapshot, probedAt: 'now' } }), undefined);
  assert.equal(p.parseHostDashToWebview({ type: 'history', reset: true, windowMs: 3_600_000, samples: [{ time: 1, gpus: [{ index: 0, memoryUsedMiB: 10 }] }] })?.type, 'history');
  assert.equal(p.parseHostDashToWebview({ type: 'history', reset: true, windowMs: 0, samples: [] }), undefined);
  assert.equal(p.parseHostDashToWebview({ type: 'host', id: 'local', name: 'local' })?.type, 'host');
  assert.equal(p.parseHostDashToWebview({ type: 'probing', active: 'yes' }), undefined);
  assert.equal(p.parseHostDashToWebview({ type: 'job', job: {} }), undefined, "the monitor's messages are not the dashboard's");
  const ui = p.defaultHostDashUiState('ssh:gpu1');
  assert.deepEqual(p.parseHostDashUiState(ui), ui);
  assert.equal(p.parseHostDashUiState({ ...ui, sortBy: 'nope' }), undefined);
  assert.equal(p.parseHostDashUiState(p.defaultUiState('j1')), undefined);
});
