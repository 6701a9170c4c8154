/**
 * Stable error codes. Codes are part of the public contract: new ones may be added, none is ever
 * renamed.
 */
export type RxwireErrorCode =
  | 'TRANSPORT_TIMEOUT'
  | 'CONNECTION_LOST'
  | 'CLOSED'
  | 'CANCELLED'
  | 'BAD_FRAME'
  | 'MESSAGE_TOO_LARGE'
  | 'BUFFER_OVERFLOW'
  | 'UNSUPPORTED_CONNECTION_TYPE'
  | 'HANDSHAKE_DENIED'
  | 'SUBSCRIBE_DENIED'
  | 'PUBLISH_FAILED'
  | 'RPC_TIMEOUT'
  | 'RPC_ERROR'
  | (string & {});

/** Options shared by every rxwire error. */
export interface RxwireErrorOptions {
  /** The error that caused this one (a refused socket, a certificate problem...). */
  cause?: unknown;
  /** What the server said, when the server said something. */
  payload?: unknown;
}

/**
 * The base class of every error rxwire raises. Check `code` rather than the message: codes are
 * stable, messages may improve.
 *
 * @example
 * ```ts
 * connection.errors$.subscribe((e) => {
 *   if (e.code === 'BAD_FRAME') metrics.badFrames++;
 * });
 * ```
 */
export class RxwireError extends Error {
  readonly code: RxwireErrorCode;
  /** What the server said, if anything. */
  readonly payload?: unknown;

  constructor(code: RxwireErrorCode, message: string, options: RxwireErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.payload !== undefined) this.payload = options.payload;
    // Minifiers rename classes, so core's own classes spell their name out (a `name` field, set after
    // this constructor); `new.target.name` is the fallback for subclasses that do not.
    this.name = new.target === RxwireError ? 'RxwireError' : new.target.name;
  }
}

/** A connection attempt, a held request or a heartbeat got no answer in time. Code `TRANSPORT_TIMEOUT`. */
export class TransportTimeoutError extends RxwireError {
  override readonly name = 'TransportTimeoutError';
  constructor(message: string, options?: RxwireErrorOptions) {
    super('TRANSPORT_TIMEOUT', message, options);
  }
}

/** The connection dropped (or could not be made) and the operation cannot go on. Code `CONNECTION_LOST`. */
export class ConnectionLostError extends RxwireError {
  override readonly name = 'ConnectionLostError';
  constructor(message: string, options?: RxwireErrorOptions) {
    super('CONNECTION_LOST', message, options);
  }
}

/** The client or connection was closed by the application. Code `CLOSED`. */
export class ClosedError extends RxwireError {
  override readonly name = 'ClosedError';
  constructor(message: string, options?: RxwireErrorOptions) {
    super('CLOSED', message, options);
  }
}

/** The operation was cancelled (an `AbortSignal`, an unsubscribe). Code `CANCELLED`. */
export class CancelledError extends RxwireError {
  override readonly name = 'CancelledError';
  constructor(message: string, options?: RxwireErrorOptions) {
    super('CANCELLED', message, options);
  }
}

/** An inbound frame could not be decoded or had the wrong shape. Code `BAD_FRAME`. */
export class BadFrameError extends RxwireError {
  override readonly name = 'BadFrameError';
  /** Size of the raw frame, in characters for text and bytes for binary. */
  readonly frameSize: number;
  constructor(message: string, frameSize: number, options?: RxwireErrorOptions) {
    super('BAD_FRAME', message, options);
    this.frameSize = frameSize;
  }
}

/** An inbound frame exceeded `maxMessageSize` and was discarded. Code `MESSAGE_TOO_LARGE`. */
export class MessageTooLargeError extends RxwireError {
  override readonly name = 'MessageTooLargeError';
  readonly frameSize: number;
  readonly limit: number;
  constructor(frameSize: number, limit: number) {
    super(
      'MESSAGE_TOO_LARGE',
      `Discarded an inbound frame of ${frameSize} bytes: larger than maxMessageSize (${limit}). ` +
        'Raise maxMessageSize if such frames are expected.',
    );
    this.frameSize = frameSize;
    this.limit = limit;
  }
}

/** A bounded buffer was full and its overflow policy is `error`. Code `BUFFER_OVERFLOW`. */
export class BufferOverflowError extends RxwireError {
  override readonly name = 'BufferOverflowError';
  readonly limit: number;
  constructor(message: string, limit: number) {
    super('BUFFER_OVERFLOW', message);
    this.limit = limit;
  }
}

/**
 * The message of the deepest cause of an error (a certificate problem, ECONNREFUSED, an HTTP
 * status) rather than of the wrappers around it, without a final period, for messages such as
 * "...; last attempt failed: <it>".
 *
 * @example
 * ```ts
 * rootCauseMessage(new ConnectionLostError('Could not connect', { cause: new Error('connect ECONNREFUSED') })); // 'connect ECONNREFUSED'
 * ```
 */
export function rootCauseMessage(error: unknown): string {
  let reason = error;
  while (reason instanceof Error && reason.cause instanceof Error) reason = reason.cause;
  const message = reason instanceof Error && reason.message ? reason.message : error instanceof Error ? error.message : String(error);
  return message.replace(/\.$/, '');
}
