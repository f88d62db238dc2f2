/**
 * Requests answered as they are read. vscode-jsonrpc queues every incoming message and handles
 * one per turn of the event loop (`setImmediate`), wraps each request in a cancellation source,
 * traces, and replies through a promise; for completion and hover, whose answer is ready at once
 * while the user types, that machinery was half of the server's share of a round trip (0.1 ms
 * of queueing before the handler, 0.07 ms after it, measured on the bench's 531-line file).
 *
 * The lane answers a request itself, at once, only when nothing the client sent before it is
 * still waiting in the library's queue: every earlier message has been dispatched, so the
 * documents and settings the answer reads are exactly what the library's own handler would read.
 * Anything else (a request behind a queued `didChange`, another method, a handler that declines)
 * goes the usual way. It keeps the library's count of what is queued by watching both ends:
 * messages handed to the connection here, and messages the connection dispatches
 * (`messageStrategy`); a request the client cancels while it is still queued is answered by the
 * library without being dispatched (our `cancelUndispatched`), and is taken off the count then.
 */
import type { DataCallback, Message, MessageReader, MessageStrategy } from 'vscode-languageserver/node';

/** What a lane handler returns to let the library handle the request after all. */
export const PASS: unique symbol = Symbol('pass');

/** What a handler sees of a request's cancellation (set when the client cancels it while its promise runs). */
export interface LaneToken {
  isCancellationRequested: boolean;
}

/** A request's answer now, a promise of it, or PASS. */
export type LaneHandler = (params: unknown, token: LaneToken) => unknown;

interface RequestLike {
  id: number | string;
  method: string;
  params?: unknown;
}

function isRequest(m: Message): m is Message & RequestLike {
  const r = m as Partial<RequestLike>;
  return typeof r.method === 'string' && (typeof r.id === 'number' || typeof r.id === 'string');
}

/** `$/cancelRequest` (a notification: no id of its own). */
function isCancel(m: Message): m is Message & { method: string; params?: { id?: number | string } } {
  const r = m as Partial<RequestLike>;
  return r.method === '$/cancelRequest' && r.id === undefined;
}

export class FastLane {
  private readonly handlers = new Map<string, LaneHandler>();
  /** Requests handed to the connection and not dispatched yet: id → method. */
  private readonly queuedRequests = new Map<number | string, string>();
  /** Other messages (notifications, responses) handed to the connection and not dispatched yet. */
  private queuedOther = 0;
  /** Requests this lane answers with a promise still running: id → their token. */
  private readonly running = new Map<number | string, LaneToken>();
  /** Since `takeAnsweredOnly` was last asked: answered here / handed to the connection. */
  private answered = 0;
  private handedOn = 0;
  /** Off until the connection is initialized (nothing is answered before `initialize`'s answer). */
  enabled = false;
  /**
   * Answers not written yet: with a reader that says when a chunk's messages are all handed over
   * (StdioReader), answers wait for that, so a cancel written together with its request still
   * turns the answer into RequestCancelled, as the library does for a request still queued.
   */
  private held: Array<{ id: number | string; message: Message }> | undefined;

  /**
   * `write` sends a response; `uncancellable`: methods the connection's `cancelUndispatched`
   * leaves in its queue when the client cancels them there; `cancelled`: the error answering a
   * request cancelled before its answer was written.
   */
  constructor(
    private readonly write: (msg: Message) => void,
    private readonly uncancellable: ReadonlySet<string> = new Set(),
    private readonly cancelled: () => object = () => ({ code: -32800, message: 'request cancelled' }),
  ) {}

  /** Answer `method` here when the queue is empty. */
  on(method: string, handler: LaneHandler): void {
    this.handlers.set(method, handler);
  }

  /** The connection's message strategy: notes each message as the library dispatches it. */
  readonly messageStrategy: MessageStrategy = {
    handleMessage: (message, next) => {
      if (isRequest(message)) this.queuedRequests.delete(message.id);
      else if (!isCancel(message) && this.queuedOther > 0) this.queuedOther--;
      return next(message);
    },
  };

  /** `reader` with the lane in front of the connection's callback. */
  track(reader: MessageReader & { batchEnd?: (() => void) | undefined }): MessageReader {
    if ('batchEnd' in reader) {
      this.held = [];
      reader.batchEnd = () => this.flush();
    }
    const listen = reader.listen.bind(reader);
    reader.listen = (callback: DataCallback) =>
      listen((message) => {
        if (this.tryAnswer(message)) return;
        this.handOn(message);
        callback(message);
      });
    return reader;
  }

  /**
   * True when, since the last call, messages came and every one was answered here (nothing waits
   * in the connection's queue for the event loop); resets the tally.
   */
  takeAnsweredOnly(): boolean {
    const only = this.answered > 0 && this.handedOn === 0;
    this.answered = 0;
    this.handedOn = 0;
    return only;
  }

  /** Whether every message handed to the connection has been dispatched. */
  get idle(): boolean {
    return this.queuedRequests.size === 0 && this.queuedOther === 0;
  }

  /**
   * The connection's queue, mirrored: what it will queue, less a queued request the client
   * cancels (the library answers that one without dispatching it). Cancels are not counted at
   * either end: whether the library queues one depends on its request's state, and a cancel
   * changes nothing an answer reads.
   */
  private handOn(message: Message): void {
    this.handedOn++;
    if (isRequest(message)) {
      this.queuedRequests.set(message.id, message.method);
    } else if (isCancel(message)) {
      const id = message.params?.id;
      const queued = id === undefined ? undefined : this.queuedRequests.get(id);
      if (queued !== undefined && !this.uncancellable.has(queued)) this.queuedRequests.delete(id!);
    } else {
      this.queuedOther++;
    }
  }

  private tryAnswer(message: Message): boolean {
    if (isCancel(message)) {
      const id = message.params?.id;
      if (id === undefined) return false;
      // answered in this chunk, not written yet: answered as cancelled instead
      const h = this.held?.find((x) => x.id === id);
      if (h) {
        h.message = { jsonrpc: '2.0', id, error: this.cancelled() } as Message;
        return true;
      }
      // A request this lane is answering asynchronously: its token says so (the handler answers
      // RequestCancelled at its next check), and the library never saw that id.
      const token = this.running.get(id);
      if (!token) return false;
      token.isCancellationRequested = true;
      return true;
    }
    if (!this.enabled || !isRequest(message) || !this.idle) return false;
    const handler = this.handlers.get(message.method);
    if (!handler) return false;
    let result: unknown;
    const token: LaneToken = { isCancellationRequested: false };
    try {
      result = handler(message.params, token);
    } catch (err) {
      this.answered++;
      this.send(this.failure(message, err));
      return true;
    }
    if (result === PASS) return false;
    this.answered++;
    if (result instanceof Promise) {
      const id = message.id;
      this.running.set(id, token);
      result.then(
        (value) => {
          this.running.delete(id);
          this.write({ jsonrpc: '2.0', id, result: value ?? null } as Message);
        },
        (err) => {
          this.running.delete(id);
          this.write(this.failure(message, err));
        },
      );
      return true;
    }
    this.send({ jsonrpc: '2.0', id: message.id, result: result ?? null } as Message);
    return true;
  }

  /** An answer: written now, or held until the chunk it came in is all read. */
  private send(message: Message & { id?: unknown }): void {
    if (this.held) this.held.push({ id: message.id as number | string, message });
    else this.write(message);
  }

  /** While held answers are written (the transport does not watch for input between them). */
  flushing = false;
  /** Called after held answers were written (the transport's watch for the next request). */
  afterFlush: (() => void) | undefined;

  /** Writes the answers held (the reader's chunk is all handed over). */
  flush(): void {
    if (!this.held?.length) return;
    const out = this.held;
    this.held = [];
    this.flushing = true;
    try {
      for (const h of out) this.write(h.message);
    } finally {
      this.flushing = false;
    }
    this.afterFlush?.();
  }

  /** An error answer, as the library words one for a handler that threw. */
  private failure(message: RequestLike, err: unknown): Message {
    const e = err as { code?: unknown; message?: unknown; toJson?: () => unknown } | undefined;
    const error =
      e && typeof e.toJson === 'function' && typeof e.code === 'number'
        ? e.toJson()
        : { code: -32603, message: `Request ${message.method} failed with message: ${err instanceof Error ? err.message : String(err)}` };
    return { jsonrpc: '2.0', id: message.id, error } as Message;
  }
}
