import { test } from 'node:test';
import assert from 'node:assert/strict';
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
