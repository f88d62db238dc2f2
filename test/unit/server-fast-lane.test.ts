// server/fastLane.ts: a request is answered as it is read only when every message read before it
// has been dispatched by the connection; its count of the connection's queue (messages handed on,
// messages dispatched, queued requests the client cancels) against scripted sequences.
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

function setup(uncancellable = new Set(['initialize', 'shutdown'])) {
  const written: Message[] = [];
  const lane = new FastLane((m) => written.push(m), uncancellable);
  const reader = new ScriptedReader();
  const queue: Message[] = [];
  lane.track(reader).listen((m) => queue.push(m));
  lane.enabled = true;
  /** The connection dispatching its oldest queued message. */
  const dispatch = () => {
    const m = queue.shift()!;
    lane.messageStrategy.handleMessage(m, () => undefined);
    return m;
  };
  return { lane, reader, queue, written, dispatch };
}

const req = (id: number, method = 'textDocument/completion') => ({ jsonrpc: '2.0', id, method, params: { n: id } });
const note = (method: string, params: object = {}) => ({ jsonrpc: '2.0', method, params });
const cancel = (id: number) => note('$/cancelRequest', { id });

test('answered at once when nothing is queued; anything queued before it sends it the usual way', () => {
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
  reader.send(req(4));
  assert.deepEqual(written.at(-1), { jsonrpc: '2.0', id: 4, result: { items: [4] } });
  // other methods, responses to the server's own requests and a handler's PASS go the usual way
  reader.send(req(5, 'textDocument/codeAction'));
  dispatch();
  reader.send({ jsonrpc: '2.0', id: 0, result: [{}] });
  assert.equal(lane.idle, false, 'a response is queued too');
  dispatch();
  lane.on('textDocument/hover', () => PASS);
  reader.send(req(6, 'textDocument/hover'));
  assert.equal(queue.length, 1);
  dispatch();
  assert.equal(lane.idle, true);
});

test('a queued request the client cancels leaves the count (the library answers it without dispatching); initialize and shutdown stay queued', () => {
  const { lane, reader, queue, written, dispatch } = setup();
  lane.on('textDocument/completion', () => ({ items: [] }));
  reader.send(note('textDocument/didChange'));
  reader.send(req(7, 'textDocument/documentSymbol'));
  dispatch();
  reader.send(cancel(7));
  // (the library drops request 7 from its queue and answers it RequestCancelled)
  queue.splice(queue.findIndex((m) => (m as { id?: number }).id === 7), 1);
  queue.pop(); // (and does not queue that cancel)
  assert.equal(lane.idle, true);
  reader.send(req(8));
  assert.equal((written.at(-1) as { id?: number }).id, 8);
  // a cancel of a request already dispatched or answered changes nothing here, whether queued or not
  reader.send(cancel(8));
  assert.equal(lane.idle, true);
  dispatch(); // (the library queued it: request 8 was not running there)
  assert.equal(lane.idle, true);
  // shutdown cancelled while queued stays queued
  reader.send(req(9, 'shutdown'));
  reader.send(cancel(9));
  assert.equal(lane.idle, false);
  dispatch();
  dispatch();
  assert.equal(lane.idle, true);
});

test('promises are answered when they settle, errors as the library words them, and nothing before initialize', async () => {
  const { lane, reader, queue, written } = setup();
  let release: (v: unknown) => void = () => undefined;
  let seen: { isCancellationRequested: boolean } | undefined;
  lane.on('textDocument/hover', (_p, token) => {
    seen = token;
    return new Promise((r) => (release = r));
  });
  lane.on('textDocument/completion', () => {
    throw new Error('boom');
  });
  lane.enabled = false;
  reader.send(req(1, 'textDocument/hover'));
  assert.equal(queue.length, 1, 'before initialize: the usual way');
  queue.length = 0;
  lane.messageStrategy.handleMessage(req(1) as Message, () => undefined);
  lane.enabled = true;
  reader.send(req(2, 'textDocument/hover'));
  assert.equal(written.length, 0);
  // the client cancelling it: the handler's token says so (a handler that ignores it still
  // answers), and the library never hears of that id
  assert.equal(seen?.isCancellationRequested, false);
  reader.send(cancel(2));
  assert.equal(seen?.isCancellationRequested, true);
  assert.equal(queue.length, 0);
  release({ contents: 'x' });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(written, [{ jsonrpc: '2.0', id: 2, result: { contents: 'x' } }]);
  reader.send(req(3));
  assert.deepEqual(written.at(-1), { jsonrpc: '2.0', id: 3, error: { code: -32603, message: 'Request textDocument/completion failed with message: boom' } });
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
  const written: Message[] = [];
  const lane = new FastLane((m) => written.push(m), new Set(), () => ({ code: -32800, message: 'request cancelled' }));
  const reader = new (class extends ScriptedReader {
    batchEnd: (() => void) | undefined = undefined;
  })();
  lane.track(reader).listen(() => undefined);
  lane.enabled = true;
  let flushed = 0;
  lane.afterFlush = () => flushed++;
  lane.on('textDocument/completion', () => ({ items: [] }));
  reader.send(req(1));
  reader.send(req(2));
  reader.send(cancel(1));
  assert.equal(written.length, 0, 'held until the chunk is read');
  reader.batchEnd!();
  assert.deepEqual(written, [
    { jsonrpc: '2.0', id: 1, error: { code: -32800, message: 'request cancelled' } },
    { jsonrpc: '2.0', id: 2, result: { items: [] } },
  ]);
  assert.equal(flushed, 1);
  reader.batchEnd!();
  assert.equal(flushed, 1, 'nothing held: nothing written');
});
