import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ansiSegments, collapseCarriageReturns, findAll, highlight, stripAnsi } from '../../webviews/text';
import { alignedCsv } from '../../webviews/csv';

test('ANSI SGR: colours, bright colours, bold, reset; other escapes dropped', () => {
  assert.deepEqual(ansiSegments('plain'), [{ text: 'plain' }]);
  assert.deepEqual(ansiSegments('\x1b[31mred\x1b[0m ok'), [{ text: 'red', fg: 31 }, { text: ' ok' }]);
  assert.deepEqual(ansiSegments('\x1b[1;92mB\x1b[22mG\x1b[39mN'), [{ text: 'B', fg: 92, bold: true }, { text: 'G', fg: 92 }, { text: 'N' }]);
  assert.deepEqual(ansiSegments('\x1b[2K\x1b[1Gclean\x1b]0;title\x07'), [{ text: 'clean' }]);
  assert.deepEqual(ansiSegments('\x1b[38;5;196mx\x1b[m'), [{ text: 'x' }]);
  assert.equal(stripAnsi('\x1b[33mwarn\x1b[0m: x'), 'warn: x');
});

test('carriage returns: a progress bar line shows its last state', () => {
  assert.equal(collapseCarriageReturns(' 10%|█ |\r 50%|█████ |\r100%|██████████|'), '100%|██████████|');
  assert.equal(collapseCarriageReturns('done\r'), 'done');
  assert.equal(collapseCarriageReturns('no cr'), 'no cr');
  assert.equal(collapseCarriageReturns('\r\r'), '');
});

test('search highlights split segments, across colour changes', () => {
  assert.deepEqual(findAll('Loss loss LOSS', 'loss', false), [[0, 4], [5, 9], [10, 14]]);
  assert.deepEqual(findAll('Loss loss LOSS', 'loss', true), [[5, 9]]);
  const segs = highlight(ansiSegments('a\x1b[32mbc\x1b[0md'), 'bcd', false);
  assert.deepEqual(segs, [{ text: 'a' }, { text: 'bc', fg: 32, match: true }, { text: 'd', match: true }]);
  assert.deepEqual(highlight([{ text: 'abc' }], '', false), [{ text: 'abc' }]);
});

test('CSV of aligned chart data', () => {
  assert.equal(alignedCsv(['step', 'loss', 'a,b'], [[1, 2], [0.5, null], [NaN, 3]]), 'step,loss,"a,b"\n1,0.5,\n2,,3\n');
});
