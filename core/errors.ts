/**
 * Expected failures are typed: a `reason` code, a message a user can act on, and the cause.
 * Anything else that throws is a bug.
 */
export type FailureReason =
  | 'spec-invalid'
  | 'file-not-found'
  | 'unknown-target'
  | 'unknown-job'
  | 'target-unsupported'
  | 'host-unreachable'
  | 'auth-refused'
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'no-free-gpu'
  | 'quota-exceeded'
  | 'secret-missing'
  | 'launch-failed'
  | 'not-running'
  | 'aborted'
  | 'bad-argument';

export class TrainyardError extends Error {
  readonly reason: FailureReason;
  constructor(reason: FailureReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TrainyardError';
    this.reason = reason;
  }
}

export function isTrainyardError(e: unknown): e is TrainyardError {
  return e instanceof TrainyardError;
}

export function abortError(signal?: AbortSignal): TrainyardError {
  return new TrainyardError('aborted', 'the operation was cancelled', { cause: signal?.reason });
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw abortError(signal);
}
