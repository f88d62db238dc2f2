/**
 * How the server talks to its client. `--stdio` (Neovim, Helix, Emacs, the CLI's tests) uses a
 * lean transport: bytes are framed and parsed synchronously as they arrive and each outgoing
 * message is a single write of header and body. vscode-jsonrpc's stream reader and writer take a
 * semaphore and several promise hops per message and write header and body separately (two
 * wake-ups of the client), which was a third of a completion's round trip. `--node-ipc` (the
 * VS Code extension) keeps the library's IPC reader and writer. Either way the reader notes when
 * the client last said something, so idle work can wait until the client is quiet.
 *
 * After answering a request over a pipe the server keeps looking at stdin for a moment
 * (`ANSWER_WATCH_MS`, synchronous non-blocking reads) before it goes back to waiting in the event
 * loop: a client that asks again at once (completion then hover, a burst of requests) is read
 * without the process being put to sleep and woken up again, which on a virtual machine costs a
 * few tenths of a millisecond per request. Never more than that window of CPU per answer, only on
 * Linux and macOS pipes and sockets (where libuv has made stdin non-blocking), off with
 * `TRAINYARD_LSP_ANSWER_WATCH_MS=0`.
 */
import * as fs from 'node:fs';
import { format } from 'node:util';
import type { DataCallback, Disposable, Message, MessageReader, MessageWriter } from 'vscode-languageserver/node';
import { AbstractMessageReader, AbstractMessageWriter, IPCMessageReader, IPCMessageWriter } from './protocol';

const SEPARATOR = Buffer.from('\r\n\r\n', 'ascii');

/**
 * Reads `Content-Length`-framed JSON-RPC messages from a byte stream, synchronously per chunk.
 * A body that spans many chunks (opening a 4 MB file: ~60 pipe reads) is gathered as a list and
 * joined once, not re-copied on every chunk.
 */
export class StdioReader extends AbstractMessageReader implements MessageReader {
  /** Bytes not yet framed while looking for a header. */
  private buffer: Buffer = Buffer.alloc(0);
  /** While a body is incomplete: its length, the parts received and their total. */
  private need = -1;
  private parts: Buffer[] = [];
  private have = 0;

  /** Reads what stdin holds now without waiting (undefined: not watched, see `watchFd`). */
  private readNow: (() => boolean) | undefined;

  /** Called once the messages of a chunk have all been handed over (server/fastLane.ts holds its answers until then). */
  batchEnd: (() => void) | undefined = undefined;

  /** `watchFd`: the non-blocking descriptor behind `input`, read directly by `pollInput`. */
  constructor(
    private readonly input: NodeJS.ReadableStream = process.stdin,
    private readonly watchFd?: number,
  ) {
    super();
  }

  /**
   * Reads whatever has arrived on the watched descriptor and handles it as the stream would;
   * true when something came. Never waits (false at once when nothing is there or on any error).
   */
  pollInput(): boolean {
    return this.readNow ? this.readNow() : false;
  }

  listen(callback: DataCallback): Disposable {
    const onData = (chunk: Buffer) => this.onData(chunk, callback);
    if (this.watchFd !== undefined) {
      const fd = this.watchFd;
      const buf = Buffer.allocUnsafe(64 * 1024);
      this.readNow = () => {
        let n: number;
        try {
          n = fs.readSync(fd, buf, 0, buf.length, null);
        } catch {
          return false; // EAGAIN: nothing yet
        }
        if (n <= 0) return false; // (the end of input is the stream's to report)
        onData(Buffer.from(buf.subarray(0, n)));
        return true;
      };
    }
    const onError = (err: Error) => this.fireError(err);
    const onClose = () => this.fireClose();
    this.input.on('data', onData);
    this.input.on('error', onError);
    this.input.on('end', onClose);
    this.input.on('close', onClose);
    return {
      dispose: () => {
        this.input.off('data', onData);
        this.input.off('error', onError);
        this.input.off('end', onClose);
        this.input.off('close', onClose);
        this.readNow = undefined;
      },
    };
  }

  private onData(chunk: Buffer, callback: DataCallback): void {
    try {
      this.frame(chunk, callback);
    } finally {
      this.batchEnd?.();
    }
  }

  private frame(chunk: Buffer, callback: DataCallback): void {
    if (this.need >= 0) {
      this.parts.push(chunk);
      this.have += chunk.length;
      if (this.have < this.need) return;
      const all = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.have);
      const need = this.need;
      this.parts = [];
      this.have = 0;
      this.need = -1;
      this.deliver(all.subarray(0, need), callback);
      // (a copy of the rest, usually small: a view would keep the whole joined body alive)
      this.buffer = all.length === need ? Buffer.alloc(0) : Buffer.from(all.subarray(need));
    } else {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    }
    for (;;) {
      const end = this.buffer.indexOf(SEPARATOR);
      if (end < 0) return;
      const header = this.buffer.toString('ascii', 0, end);
      const length = contentLength(header);
      const start = end + SEPARATOR.length;
      if (length === undefined) {
        // Skip the bad header; what follows may still be a well-framed message.
        this.buffer = this.buffer.subarray(start);
        this.fireError(new Error(`message header without a valid Content-Length: ${JSON.stringify(header.slice(0, 200))}`));
        continue;
      }
      if (this.buffer.length - start < length) {
        // the body is still coming: gather its parts
        const first = this.buffer.subarray(start);
        this.parts = first.length ? [first] : [];
        this.have = first.length;
        this.need = length;
        this.buffer = Buffer.alloc(0);
        return;
      }
      const body = this.buffer.subarray(start, start + length);
      this.buffer = this.buffer.length === start + length ? Buffer.alloc(0) : this.buffer.subarray(start + length);
      this.deliver(body, callback);
    }
  }

  private deliver(body: Buffer, callback: DataCallback): void {
    const text = body.toString('utf8');
    let message: Message;
    try {
      message = JSON.parse(text) as Message;
    } catch (err) {
      this.fireError(new Error(`message is not JSON (${(err as Error).message}): ${JSON.stringify(text.slice(0, 200))}`));
      return;
    }
    callback(message);
  }
}

/** The Content-Length of a header block (case-insensitive name), or undefined. */
export function contentLength(header: string): number | undefined {
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === 'content-length') {
      const value = line.slice(colon + 1).trim();
      return /^\d+$/.test(value) ? Number(value) : undefined;
    }
  }
  return undefined;
}

/** Writes each message as one `Content-Length` header + UTF-8 JSON body, in one write. */
export class StdioWriter extends AbstractMessageWriter implements MessageWriter {
  private failures = 0;

  /** `afterAnswer`: called once a response is written (the stdio transport watches stdin then). */
  constructor(
    private readonly output: NodeJS.WritableStream = process.stdout,
    private readonly afterAnswer?: () => void,
  ) {
    super();
    output.on('error', (err: Error) => this.fireError(err));
    output.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    try {
      const body = JSON.stringify(msg);
      this.output.write(`Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`, 'utf8');
      this.failures = 0;
      if (this.afterAnswer && ('result' in msg || 'error' in msg)) this.afterAnswer();
      return Promise.resolve();
    } catch (err) {
      this.fireError(err, msg, ++this.failures);
      return Promise.reject(err);
    }
  }

  end(): void {
    this.output.end();
  }
}

/** When the client last sent a message (for idle work that must never delay one). */
export class Activity {
  private last = performance.now();

  /** Milliseconds since the last message from the client. */
  quietFor(): number {
    return performance.now() - this.last;
  }

  /** `reader`, noting each message's arrival here. */
  track(reader: MessageReader): MessageReader {
    const listen = reader.listen.bind(reader);
    reader.listen = (callback: DataCallback) =>
      listen((message) => {
        this.last = performance.now();
        callback(message);
      });
    return reader;
  }
}

export interface Transport {
  reader: MessageReader;
  writer: MessageWriter;
  stdio: boolean;
  /** Watches stdin for a moment (called after each answer; undefined where stdin cannot be read directly). */
  watch?: () => void;
}

/** How the answer watch learns about the message queue (server/fastLane.ts). */
export interface WatchHooks {
  /** Since last asked, messages came and all were answered at once: watch on for the next. */
  answeredOnly?: () => boolean;
  /** Whether to watch at all now (not while messages already read wait for the event loop). */
  when?: () => boolean;
}

/** How long stdin is watched after an answer (ms; `TRAINYARD_LSP_ANSWER_WATCH_MS`, 0 turns it off). */
export const ANSWER_WATCH_MS = ((v) => (Number.isFinite(v) && v >= 0 ? Math.min(v, 10) : 2))(Number(process.env.TRAINYARD_LSP_ANSWER_WATCH_MS ?? 2));

/** Whether stdin may be read directly without blocking: a pipe or socket libuv made non-blocking (not on Windows). */
export function stdinWatchable(): boolean {
  if (process.platform === 'win32') return false;
  try {
    const st = fs.fstatSync(0);
    return st.isFIFO() || st.isSocket();
  } catch {
    return false;
  }
}

/** Answers given at once within one watch before the event loop gets a turn (timers, idle work). */
const MAX_ANSWERS_PER_WATCH = 16;

/**
 * After an answer: reads stdin directly for up to `ms`, handing over what comes. When what came
 * was answered at once (`answeredOnly`: the fast lane, whose answer calls this again) it watches
 * for the next, up to MAX_ANSWERS_PER_WATCH; anything left for the event loop ends the watch.
 */
export function watchAfterAnswer(reader: StdioReader, ms: number, answeredOnly: () => boolean = () => false, when: () => boolean = () => true): () => void {
  let watching = false;
  return () => {
    // (an answer written while watching: the watch already running goes on; messages already
    // read wait for the event loop: no watch)
    if (watching || !when()) return;
    watching = true;
    try {
      let until = performance.now() + ms;
      for (let answers = 0; performance.now() < until; ) {
        if (!reader.pollInput()) continue;
        if (!answeredOnly() || ++answers >= MAX_ANSWERS_PER_WATCH) return;
        until = performance.now() + ms;
      }
    } finally {
      watching = false;
    }
  };
}

/** The transport the command line asks for (`--stdio`, `--node-ipc`), or undefined for the library to pick (`--socket`, `--pipe`). */
export function transportFromArgs(argv: string[], activity: Activity, hooks: WatchHooks = {}): Transport | undefined {
  if (argv.includes('--stdio')) {
    const watchable = ANSWER_WATCH_MS > 0 && stdinWatchable();
    const reader = new StdioReader(process.stdin, watchable ? 0 : undefined);
    const watch = watchable ? watchAfterAnswer(reader, ANSWER_WATCH_MS, hooks.answeredOnly, hooks.when) : undefined;
    const writer = new StdioWriter(process.stdout, watch);
    return { reader: activity.track(reader), writer, stdio: true, watch };
  }
  if (argv.includes('--node-ipc')) return { reader: activity.track(new IPCMessageReader(process)), writer: new IPCMessageWriter(process), stdio: false };
  return undefined;
}

/** With stdio the protocol owns stdout: console output goes to the client's log instead. */
export function consoleToClient(log: { log(m: string): void; info(m: string): void; warn(m: string): void; error(m: string): void }): void {
  console.log = (...args: unknown[]) => log.log(format(...args));
  console.debug = (...args: unknown[]) => log.log(format(...args));
  console.info = (...args: unknown[]) => log.info(format(...args));
  console.warn = (...args: unknown[]) => log.warn(format(...args));
  console.error = (...args: unknown[]) => log.error(format(...args));
  console.trace = (...args: unknown[]) => log.log(`Trace: ${format(...args)}\n${(new Error().stack ?? '').split('\n').slice(2).join('\n')}`);
  console.dir = (arg: unknown) => log.log(format('%O', arg));
}
