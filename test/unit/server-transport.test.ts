// The lean stdio transport (server/transport.ts): framing however the bytes are split, UTF-8
// bodies, bad headers skipped with an error, one write per message; client activity tracking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { Activity, StdioReader, StdioWriter, contentLength } from '../../server/transport';

function frame(msg: unknown, extraHeaders = ''): Buffer {
  const body = Buffer.from(JSON.stringify(msg), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n${extraHeaders}\r\n`, 'ascii'), body]);
}

function readAll(reader: StdioReader, input: PassThrough, chunks: Buffer[]): { messages: unknown[]; errors: Error[] } {
  const messages: unknown[] = [];
  const errors: Error[] = [];
  reader.onError((e) => errors.push(e instanceof Error ? e : (e as [Error])[0]));
  reader.listen((m) => messages.push(m));
  for (const c of chunks) input.emit('data', c);
  return { messages, errors };
}

const msgs = [
  { jsonrpc: '2.0', id: 1, method: 'initialize', params: { rootUri: null, note: 'héllo — 日本 😀' } },
  { jsonrpc: '2.0', method: 'initialized', params: {} },
  { jsonrpc: '2.0', id: 2, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///a.yaml' }, position: { line: 0, character: 1 } } },
];

test('messages are framed the same however the bytes are split (one by one, all at once, random cuts)', () => {
  const bytes = Buffer.concat([frame(msgs[0]), frame(msgs[1], 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n'), frame(msgs[2])]);
  const splits: Buffer[][] = [[bytes], [...bytes].map((b) => Buffer.from([b]))];
  let seed = 7;
  for (let k = 0; k < 50; k++) {
    const parts: Buffer[] = [];
    let at = 0;
    while (at < bytes.length) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const n = 1 + (seed % 40);
      parts.push(bytes.subarray(at, at + n));
      at += n;
    }
    splits.push(parts);
  }
  for (const parts of splits) {
    const input = new PassThrough();
    const { messages, errors } = readAll(new StdioReader(input), input, parts);
    assert.deepEqual(errors, []);
    assert.deepEqual(messages, msgs);
  }
});

test('a 5 MB message arriving in 64 KB reads, followed by a small one in its last read, is read whole', () => {
  const big = { jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///big.yaml', text: 'key: välue\n'.repeat(450_000) } } };
  const bytes = Buffer.concat([frame(big), frame(msgs[2])]);
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += 65536) parts.push(bytes.subarray(at, at + 65536));
  const input = new PassThrough();
  const { messages, errors } = readAll(new StdioReader(input), input, parts);
  assert.deepEqual(errors, []);
  assert.equal(messages.length, 2);
  assert.equal((messages[0] as typeof big).params.textDocument.text, big.params.textDocument.text);
  assert.deepEqual(messages[1], msgs[2]);
});

test('a header without a valid Content-Length and a body that is not JSON are reported and skipped', () => {
  const input = new PassThrough();
  const bad = Buffer.from('Content-Type: x\r\n\r\n', 'ascii');
  const notJson = Buffer.from('Content-Length: 5\r\n\r\n{oops', 'ascii');
  const { messages, errors } = readAll(new StdioReader(input), input, [Buffer.concat([bad, frame(msgs[1]), notJson, frame(msgs[2])])]);
  assert.deepEqual(messages, [msgs[1], msgs[2]]);
  assert.equal(errors.length, 2);
  assert.match(errors[0].message, /Content-Length/);
  assert.match(errors[1].message, /not JSON/);
});

test('Content-Length is read case-insensitively and must be a whole number', () => {
  assert.equal(contentLength('content-length: 12'), 12);
  assert.equal(contentLength('Content-Type: a\r\nCONTENT-LENGTH:7'), 7);
  assert.equal(contentLength('Content-Length: -1'), undefined);
  assert.equal(contentLength('Content-Length: 1e3'), undefined);
  assert.equal(contentLength('Content-Type: a'), undefined);
});

test('the writer sends each message as one write, its length in UTF-8 bytes', async () => {
  const writes: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, cb) {
      writes.push(Buffer.from(chunk));
      cb();
    },
  });
  const writer = new StdioWriter(out);
  await writer.write(msgs[0] as never);
  await writer.write(msgs[2] as never);
  assert.equal(writes.length, 2);
  // what one writer writes, the reader reads back
  const input = new PassThrough();
  const { messages } = readAll(new StdioReader(input), input, writes);
  assert.deepEqual(messages, [msgs[0], msgs[2]]);
  const header = writes[0].toString('ascii', 0, writes[0].indexOf('\r\n\r\n'));
  assert.equal(Number(/Content-Length: (\d+)/.exec(header)![1]), writes[0].length - header.length - 4);
});

test('activity: the time since the client last sent a message', async () => {
  const input = new PassThrough();
  const activity = new Activity();
  const reader = activity.track(new StdioReader(input));
  const seen: unknown[] = [];
  reader.listen((m) => seen.push(m));
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
  await wait(30);
  assert.ok(activity.quietFor() >= 25);
  input.emit('data', frame(msgs[1]));
  assert.equal(seen.length, 1);
  assert.ok(activity.quietFor() < 25);
});

test('after an answer the stdio reader reads a pipe directly: what arrives is handled in order, nothing there returns at once', { skip: process.platform === 'win32' }, async () => {
  const { execFileSync } = await import('node:child_process');
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  // a named pipe opened non-blocking for reading (as libuv leaves a piped stdin)
  const fifo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ty-fifo-')), 'in');
  execFileSync('mkfifo', [fifo]);
  const readFd = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  const writeFd = fs.openSync(fifo, 'w');
  try {
    const reader = new StdioReader(new PassThrough(), readFd);
    const got: unknown[] = [];
    reader.listen((m) => got.push(m));
    assert.equal(reader.pollInput(), false, 'an empty pipe: nothing, at once');
    const msgs = [1, 2, 3].map((id) => ({ jsonrpc: '2.0', id, method: 'textDocument/hover', params: { n: 'x'.repeat(id * 1000) } }));
    const bytes = Buffer.concat(msgs.map((m) => frame(m)));
    // the first message and half of the second, then the rest: one read each, framed across reads
    const cut = frame(msgs[0]).length + 500;
    fs.writeSync(writeFd, bytes.subarray(0, cut));
    assert.equal(reader.pollInput(), true);
    assert.deepEqual(got, [msgs[0]]);
    fs.writeSync(writeFd, bytes.subarray(cut));
    assert.equal(reader.pollInput(), true);
    assert.deepEqual(got, msgs);
    assert.equal(reader.pollInput(), false);
  } finally {
    fs.closeSync(writeFd);
    fs.closeSync(readFd);
  }
});

test('the stdio writer watches for the next message after answers only (not after notifications or its own requests)', async () => {
  let watched = 0;
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  const writer = new StdioWriter(sink, () => watched++);
  await writer.write({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: {} } as never);
  await writer.write({ jsonrpc: '2.0', id: 7, method: 'workspace/configuration', params: {} } as never);
  assert.equal(watched, 0);
  await writer.write({ jsonrpc: '2.0', id: 1, result: null } as never);
  await writer.write({ jsonrpc: '2.0', id: 2, error: { code: -32800, message: 'cancelled' } } as never);
  assert.equal(watched, 2);
});
