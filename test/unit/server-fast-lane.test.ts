// server/fastLane.ts: a request is answered as it is read only when nothing read before it is
// still with the connection (a notification not dispatched, a request not answered); answers
// keep the order of their requests. Its bookkeeping against scripted sequences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AbstractMessageReader, type DataCallback, type Disposable, type Message, type MessageReader } from 'vscode-languageserver/node';
import { FastLane, PASS } from '../../server/fastLane';

class ScriptedReader extends AbstractMessageReader implements MessageReader {
  private callback: DataCallback | undefined;
  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    return { dispose: () => (this.callback = undefined) };
  }
  send(m: object): void {
    this.callback!(m as Message);
  }
}

const CANCELLED = { code: -32800, message: 'request cancelled' };

/** A lane in front of a scripted connection: `dispatch` handles its oldest queued message (a request is answered with `done`). */
function setup(reader: ScriptedReader = new ScriptedReader()) {
  const written: Message[] = [];
  // (as the transport's writer: every message written passes `written`)
  const lane: FastLane = new FastLane((m) => {
    lane.written(m);
    written.push(m);
  }, () => CANCELLED);
  const queue: Message[] = [];
  lane.track(reader).listen((m) => queue.push(m));
  lane.enabled = true;
  const dispatch = () => {
    const m = queue.shift()!;
    lane.messageStrategy.handleMessage(m, () => undefined);
    const r = m as { id?: number; method?: string };
    if (r.id !== undefined && r.method) {
      lane.written({ jsonrpc: '2.0', id: r.id, result: 'done' } as Message);
      written.push({ jsonrpc: '2.0', id: r.id, result: 'done' } as Message);
    }
    return m;
  };
  return { lane, reader, queue, written, dispatch };
}

const req = (id: number, method = 'textDocument/completion') => ({ jsonrpc: '2.0', id, method, params: { n: id } });
const note = (method: string, params: object = {}) => ({ jsonrpc: '2.0', method, params });
const cancel = (id: number) => note('$/cancelRequest', { id });
const ids = (ms: Message[]) => ms.map((m) => (m as { id?: number }).id);

test('answered at once when nothing is with the connection; a request behind a queued change or an unanswered request goes the usual way', () => {
  const { lane, reader, queue, written, dispatch } = setup();
  lane.on('textDocument/completion', (p) => ({ items: [(p as { n: number }).n] }));
  reader.send(req(1));
  assert.deepEqual(written, [{ jsonrpc: '2.0', id: 1, result: { items: [1] } }]);
  assert.equal(queue.length, 0);
  // a change not dispatched yet: the request behind it waits its turn in the connection
  reader.send(note('textDocument/didChange'));
  reader.send(req(2));
  assert.equal(written.length, 1);
  assert.deepEqual(queue.map((m) => (m as { method?: string }).method), ['textDocument/didChange', 'textDocument/completion']);
  dispatch();
  assert.equal(lane.idle, false, 'request 2 is still queued');
  reader.send(req(3));
  assert.equal(written.length, 1, 'behind request 2');
  dispatch();
  dispatch();
  assert.equal(lane.idle, true);
  assert.deepEqual(ids(written), [1, 2, 3]);
  reader.send(req(4));
  assert.deepEqual(written.at(-1), { jsonrpc: '2.0', id: 4, result: { items: [4] } });
  // a request the library dispatched but has not answered (an async handler) holds the lane too
  reader.send(req(5, 'textDocument/codeAction'));
  lane.messageStrategy.handleMessage(queue.shift()!, () => undefined);
  reader.send(req(6));
  assert.equal(queue.length, 1, 'behind the unanswered code action');
  lane.written({ jsonrpc: '2.0', id: 5, result: [] } as Message);
  dispatch();
  // responses to the server's own requests are queued too; a handler's PASS goes the usual way
  reader.send({ jsonrpc: '2.0', id: 0, result: [{}] });
  assert.equal(lane.idle, false);
  dispatch();
  lane.on('textDocument/hover', () => PASS);
  reader.send(req(7, 'textDocument/hover'));
  assert.equal(queue.length, 1);
  dispatch();
  assert.equal(lane.idle, true);
});

test('a queued request the client cancels is answered by the library: the lane sees that answer', () => {
  const { lane, reader, queue, written, dispatch } = setup();
  lane.on('textDocument/completion', () => ({ items: [] }));
  reader.send(note('textDocument/didChange'));
  reader.send(req(7, 'textDocument/documentSymbol'));
  dispatch();
  reader.send(cancel(7));
  // (the library drops request 7 from its queue and answers it RequestCancelled; the cancel is not queued)
  queue.length = 0;
  lane.written({ jsonrpc: '2.0', id: 7, error: CANCELLED } as Message);
  assert.equal(lane.idle, true);
  reader.send(req(8));
  assert.equal((written.at(-1) as { id?: number }).id, 8);
  // a cancel of a request already answered changes nothing
  reader.send(cancel(8));
  assert.equal(lane.idle, true);
});

test('answers keep the order of their requests when a promised one settles later; errors are worded as the library words them; nothing before initialize', async () => {
  const { lane, reader, queue, written } = setup();
  let release: (v: unknown) => void = () => undefined;
  let seen: { isCancellationRequested: boolean } | undefined;
  lane.on('textDocument/hover', (_p, token) => {
    seen = token;
    return new Promise((r) => (release = r));
  });
  lane.on('textDocument/completion', (p) => {
    if ((p as { n: number }).n === 13) throw new Error('boom');
    return { items: [] };
  });
  lane.enabled = false;
  reader.send(req(1, 'textDocument/hover'));
  assert.equal(queue.length, 1, 'before initialize: the usual way');
  queue.length = 0;
  lane.written({ jsonrpc: '2.0', id: 1, result: null } as Message);
  lane.enabled = true;
  reader.send(req(2, 'textDocument/hover'));
  reader.send(req(3));
  assert.deepEqual(written, [], 'the completion waits for the hover before it');
  release({ contents: 'x' });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(ids(written), [2, 3]);
  // the client cancelling a running one: the handler's token says so, the library never hears of it
  reader.send(req(4, 'textDocument/hover'));
  assert.equal(seen?.isCancellationRequested, false);
  reader.send(cancel(4));
  assert.equal(seen?.isCancellationRequested, true);
  assert.equal(queue.length, 0);
  release(null);
  await new Promise((r) => setImmediate(r));
  reader.send(req(13));
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(written.at(-1), { jsonrpc: '2.0', id: 13, error: { code: -32603, message: 'Request textDocument/completion failed with message: boom' } });
});

test('takeAnsweredOnly: true only when messages came and every one was answered here', () => {
  const { lane, reader, dispatch } = setup();
  lane.on('textDocument/completion', () => null);
  assert.equal(lane.takeAnsweredOnly(), false, 'nothing came');
  reader.send(req(1));
  reader.send(req(2));
  assert.equal(lane.takeAnsweredOnly(), true);
  assert.equal(lane.takeAnsweredOnly(), false, 'reset');
  reader.send(req(3));
  reader.send(note('textDocument/didChange'));
  assert.equal(lane.takeAnsweredOnly(), false, 'one waits for the event loop');
  dispatch();
});

test('with a reader that says when a chunk is all read, answers wait for it: a cancel in the same chunk makes the answer RequestCancelled', () => {
  const reader = new (class extends ScriptedReader {
    batchEnd: (() => void) | undefined = undefined;
  })();
  const { lane, written } = setup(reader);
  let flushed = 0;
  lane.afterFlush = () => flushed++;
  lane.on('textDocument/completion', () => ({ items: [] }));
  reader.send(req(1));
  reader.send(req(2));
  reader.send(cancel(1));
  assert.equal(written.length, 0, 'held until the chunk is read');
  reader.batchEnd!();
  assert.deepEqual(written, [
    { jsonrpc: '2.0', id: 1, error: CANCELLED },
    { jsonrpc: '2.0', id: 2, result: { items: [] } },
  ]);
  assert.equal(flushed, 1);
  reader.batchEnd!();
  assert.equal(flushed, 1, 'nothing held: nothing written');
});
