/**
 * Requests answered as they are read. vscode-jsonrpc queues every incoming message and handles
 * one per turn of the event loop (`setImmediate`), wraps each request in a cancellation source,
 * traces, and replies through a promise; for completion and hover, whose answer is ready at once
 * while the user types, that machinery was half of the server's share of a round trip (0.1 ms
 * of queueing before the handler, 0.07 ms after it, measured on the bench's 531-line file).
 *
 * The lane answers a request itself, at once, only when nothing the client sent before it is
 * still with the library: every earlier notification has been dispatched (so the documents and
 * settings the answer reads are exactly what the library's own handler would read) and every
 * earlier request has been answered (so answers go out in the order of the requests). Anything
 * else (a request behind a queued `didChange` or a running request, another method, a handler
 * that declines) goes the usual way. It knows what is with the library by watching three points:
 * messages handed to the connection here, messages the connection dispatches (`messageStrategy`),
 * and answers written (`written`, called by the transport's writer for every message).
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

type Id = number | string;

interface RequestLike {
  id: Id;
  method: string;
  params?: unknown;
}

function isRequest(m: Message): m is Message & RequestLike {
  const r = m as Partial<RequestLike>;
  return typeof r.method === 'string' && (typeof r.id === 'number' || typeof r.id === 'string');
}

/** `$/cancelRequest` (a notification: no id of its own). */
function isCancel(m: Message): m is Message & { method: string; params?: { id?: Id } } {
  const r = m as Partial<RequestLike>;
  return r.method === '$/cancelRequest' && r.id === undefined;
}

/** An answer of the lane, in request order; `message` undefined while its promise runs. */
interface Answer {
  id: Id;
  message?: Message;
  token: LaneToken;
}

export class FastLane {
  private readonly handlers = new Map<string, LaneHandler>();
  /** Requests handed to the connection and not answered yet. */
  private readonly outstanding = new Set<Id>();
  /** Notifications and responses handed to the connection and not dispatched yet. */
  private queuedOther = 0;
  /** The lane's answers not written yet, in the order of their requests. */
  private readonly answers: Answer[] = [];
  /** Whether the reader says when a chunk's messages are all handed over (StdioReader). */
  private batching = false;
  private inBatch = false;
  /** Since `takeAnsweredOnly` was last asked: answered here / handed to the connection. */
  private answered = 0;
  private handedOn = 0;
  /** Off until the connection is initialized (nothing is answered before `initialize`'s answer). */
  enabled = false;
  /** While answers are written (the transport does not watch for input between them). */
  flushing = false;
  /** Called after answers were written (the transport's watch for the next request). */
  afterFlush: (() => void) | undefined;

  /**
   * `write` sends a response (through the transport's writer, which calls `written` back);
   * `cancelled`: the error answering a request cancelled before its answer was written.
   */
  constructor(
    private readonly write: (msg: Message) => void,
    private readonly cancelled: () => object = () => ({ code: -32800, message: 'request cancelled' }),
  ) {}

  /** Answer `method` here when nothing is with the library. */
  on(method: string, handler: LaneHandler): void {
    this.handlers.set(method, handler);
  }

  /** The connection's message strategy: notes each notification and response as the library dispatches it. */
  readonly messageStrategy: MessageStrategy = {
    handleMessage: (message, next) => {
      if (!isRequest(message) && !isCancel(message) && this.queuedOther > 0) this.queuedOther--;
      return next(message);
    },
  };

  /** The transport's writer wrote `message` (an answer ends its request's time with the library). */
  written(message: Message): void {
    const r = message as { id?: unknown; method?: unknown };
    if (r.method === undefined && (typeof r.id === 'number' || typeof r.id === 'string')) this.outstanding.delete(r.id);
  }

  /**
   * `reader` with the lane in front of the connection's callback. A reader with a `batchEnd` hook
   * (StdioReader) says when a chunk's messages are all handed over: answers wait for that, so a
   * cancel written together with its request still turns the answer into RequestCancelled, as
   * the library does for a request still queued.
   */
  track(reader: MessageReader & { batchEnd?: (() => void) | undefined }): MessageReader {
    if ('batchEnd' in reader) {
      this.batching = true;
      reader.batchEnd = () => {
        this.inBatch = false;
        this.flush();
      };
    }
    const listen = reader.listen.bind(reader);
    reader.listen = (callback: DataCallback) =>
      listen((message) => {
        if (this.batching) this.inBatch = true;
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

  /** Whether nothing handed to the connection is still with it (queued, or a request not answered). */
  get idle(): boolean {
    return this.outstanding.size === 0 && this.queuedOther === 0;
  }

  /**
   * What the connection now holds. Cancels are not counted: whether the library queues one
   * depends on its request's state, and a cancel changes nothing an answer reads (a request it
   * cancels is answered, which `written` sees).
   */
  private handOn(message: Message): void {
    this.handedOn++;
    if (isRequest(message)) this.outstanding.add(message.id);
    else if (!isCancel(message)) this.queuedOther++;
  }

  private tryAnswer(message: Message): boolean {
    if (isCancel(message)) {
      const id = message.params?.id;
      const a = id === undefined ? undefined : this.answers.find((x) => x.id === id);
      if (!a) return false;
      // not written yet: answered as cancelled; still running: its token says so (the handler
      // answers RequestCancelled at its next check). The library never saw that id.
      if (a.message) a.message = { jsonrpc: '2.0', id: a.id, error: this.cancelled() } as Message;
      else a.token.isCancellationRequested = true;
      return true;
    }
    if (!this.enabled || !isRequest(message) || !this.idle) return false;
    const handler = this.handlers.get(message.method);
    if (!handler) return false;
    const answer: Answer = { id: message.id, token: { isCancellationRequested: false } };
    let result: unknown;
    try {
      result = handler(message.params, answer.token);
    } catch (err) {
      result = Promise.reject(err);
    }
    if (result === PASS) return false;
    this.answered++;
    this.answers.push(answer);
    if (result instanceof Promise) {
      result.then(
        (value) => this.settle(answer, { jsonrpc: '2.0', id: answer.id, result: value ?? null } as Message),
        (err) => this.settle(answer, this.failure(message, err)),
      );
    } else {
      answer.message = { jsonrpc: '2.0', id: message.id, result: result ?? null } as Message;
      if (!this.inBatch) this.flush();
    }
    return true;
  }

  /** A promised answer came: written once the answers before it are. */
  private settle(answer: Answer, message: Message): void {
    answer.message = message;
    if (!this.inBatch) this.flush();
  }

  /** Writes the answers that are ready, in order, up to the first still running. */
  flush(): void {
    if (this.flushing || !this.answers[0]?.message) return;
    this.flushing = true;
    try {
      while (this.answers[0]?.message) this.write(this.answers.shift()!.message!);
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
