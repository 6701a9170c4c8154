import {
  BufferOverflowError,
  CancelledError,
  ConnectionLostError,
  PendingReplies,
  redact,
  rootCauseMessage,
  systemClock,
  type Clock,
  type PendingReply,
  type RxwireError,
} from '@rxwire/core';
import { RpcTimeoutError } from './errors.js';

/** Per-call options of `RpcClient.call` and `RequestManager.start`. */
export interface CallOptions {
  /** Time the call may take, queueing included. `Infinity` waits forever. @default the client's `timeoutMs` */
  timeoutMs?: number;
  /** Aborting rejects the call with code `CANCELLED` and `cause` = `signal.reason`. */
  signal?: AbortSignal;
  /** Re-send after a reconnect instead of rejecting with `CONNECTION_LOST`. @default false */
  retry?: boolean;
}

/** Options of {@link RequestManager}. */
export interface RequestManagerOptions {
  /** Puts an encoded request on the wire; `false` means it was dropped (the call then rejects). */
  send: (message: unknown, id: string) => boolean;
  /** @default the global timers */
  clock?: Clock;
  /** Default per-call timeout. @default 30_000 */
  timeoutMs?: number;
  /** Requests on the wire at once; the rest wait in order. @default Infinity */
  maxInFlight?: number;
  /** Calls that may wait (offline, or behind `maxInFlight`); beyond it new calls reject. @default 10_000 */
  queueLimit?: number;
  /** Prefix of generated ids. @default '' */
  idPrefix?: string;
  /**
   * Why calls wait unsent (the last failed connection attempt), if known: a call that times out
   * without ever going out then rejects with a connection error caused by it, not a bare timeout.
   */
  offlineReason?: () => RxwireError | undefined;
}

/** A call the manager tracks. */
export interface PendingCall<R = unknown> {
  readonly id: string;
  readonly promise: Promise<R>;
  /** Rejects the call with code `CANCELLED` (no-op once settled). */
  cancel(reason?: unknown): void;
}

type Resolve = (value: unknown) => void;
type Reject = (error: unknown) => void;

/**
 * One call: the table's record, the handle given to the caller, and (with a signal) the abort
 * listener, all in one object, so a call allocates nothing else but its promise.
 */
class Call implements PendingReply, PendingCall {
  deadline = 0;
  /** On the wire (else waiting: offline, behind `maxInFlight`, or lost with `retry`). */
  sent = false;
  promise: Promise<unknown> = undefined as never;
  resolve: Resolve = undefined as never;
  reject: Reject = undefined as never;

  constructor(
    readonly manager: RequestManager,
    readonly id: string,
    /** Kept until sent, or for good with `retry` (to send again). */
    public message: unknown,
    readonly timeoutMs: number,
    readonly retry: boolean,
    readonly signal: AbortSignal | undefined,
  ) {}

  cancel(reason?: unknown): void {
    this.manager.cancel(this.id, reason);
  }

  /** The signal's abort listener (an object with `handleEvent` is one). */
  handleEvent(): void {
    this.cancel(this.signal?.reason);
  }
}

/**
 * Correlates calls with replies, transport-free, in the manner of tRPC's request manager: the
 * client makes the id ({@link nextId}) and the wire message, {@link start} tracks the call, and
 * {@link resolve} / {@link reject} settle it when its reply comes. A call waits ("outgoing": offline,
 * or behind `maxInFlight`, in call order) or is in flight; it times out through core's
 * `PendingReplies` (one timer for all calls), can be cancelled, and a reply nobody waits for any
 * more is dropped and counted. The client tells it when the link goes up (`online()`) or down
 * (`connectionLost()`).
 *
 * @example
 * ```ts
 * const manager = new RequestManager({ send: (m) => connection.send(m) });
 * const id = manager.nextId();
 * const call = manager.start(id, { id, method: 'add', payload: { a: 1, b: 2 } });
 * manager.online();
 * // when the reply arrives:
 * manager.resolve(reply.id, reply.response);
 * await call.promise; // 3
 * ```
 */
export class RequestManager {
  /** Every unsettled call, in call order; those not `sent` are the queue. */
  readonly #calls: PendingReplies<Call>;
  /** How many calls are `sent`. */
  #inFlight = 0;
  #online = false;
  #dropped = 0;
  readonly #send: RequestManagerOptions['send'];
  readonly #offlineReason: RequestManagerOptions['offlineReason'];
  readonly #timeoutMs: number;
  readonly #maxInFlight: number;
  readonly #queueLimit: number;
  /** The call whose promise is being made: {@link #executor} hands it the resolvers. */
  #making: Call | undefined;

  constructor(options: RequestManagerOptions) {
    this.#send = options.send;
    this.#offlineReason = options.offlineReason;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#maxInFlight = options.maxInFlight ?? Infinity;
    this.#queueLimit = options.queueLimit ?? 10_000;
    this.#calls = new PendingReplies<Call>({
      onTimeout: (call) => this.#finish(call, false, this.#timeoutError(call)),
      clock: options.clock ?? systemClock,
      idPrefix: options.idPrefix ?? '',
    });
  }

  /** A call on the wire timed out waiting for its reply; one still queued, waiting for a connection. */
  #timeoutError(call: Call): RxwireError {
    const reason = call.sent ? undefined : this.#offlineReason?.();
    if (!reason) return new RpcTimeoutError(`No reply within ${call.timeoutMs} ms (timeoutMs).`, call.timeoutMs);
    const message = `No connection within ${call.timeoutMs} ms (timeoutMs), so the call was never sent; last attempt failed: ${redact(rootCauseMessage(reason))}.`;
    return new ConnectionLostError(message, { cause: reason });
  }

  /** Calls on the wire, waiting for a reply. */
  get inFlightCount(): number {
    return this.#inFlight;
  }

  /** Calls waiting to be sent. */
  get queuedCount(): number {
    return this.#calls.size - this.#inFlight;
  }

  /** Every unsettled call. */
  get size(): number {
    return this.#calls.size;
  }

  /** Replies that matched no waiting call (late after a timeout or cancel, or unknown) and were dropped. */
  get droppedReplyCount(): number {
    return this.#dropped;
  }

  /**
   * Whether a reply with this id, which matched no waiting call, may simply be late (its call timed
   * out, was cancelled or lost its connection); otherwise the id is unknown or was already answered.
   */
  wasAbandoned(id: string): boolean {
    return this.#calls.abandoned(id);
  }

  /** The oldest call on the wire, for protocols that fall back to reply order. */
  oldestInFlightId(): string | undefined {
    for (const call of this.#calls.values()) if (call.sent) return call.id;
    return undefined;
  }

  /** A new call id (decimal, so a dialect may send it as a JSON number). */
  nextId(): string {
    return this.#calls.nextId();
  }

  /** Tracks a call whose wire `message` carries `id` (from {@link nextId}); sends it now, or once it may. */
  start<R = unknown>(id: string, message: unknown, options?: CallOptions): PendingCall<R> {
    const signal = options?.signal;
    const call = new Call(this, id, message, options?.timeoutMs ?? this.#timeoutMs, options?.retry ?? false, signal);
    this.#making = call;
    call.promise = new Promise(this.#executor);
    this.#making = undefined;
    const sendNow = this.#online && this.#inFlight < this.#maxInFlight && this.queuedCount === 0;
    if (signal?.aborted) {
      call.reject(cancelled(signal.reason));
    } else if (!sendNow && this.queuedCount >= this.#queueLimit) {
      const limit = this.#queueLimit;
      call.reject(new BufferOverflowError(`${limit} calls are already waiting to be sent (queueLimit); this call was not queued.`, limit));
    } else {
      this.#calls.add(call);
      signal?.addEventListener('abort', call, { once: true });
      if (sendNow) this.#transmit(call);
    }
    return call as PendingCall<R>;
  }

  /** Delivers a reply. Returns `false` (and counts a dropped reply) when no call waits for `id`. */
  resolve(id: string, value: unknown): boolean {
    return this.#answer(id, true, value);
  }

  /** Delivers an error reply. Returns `false` (and counts a dropped reply) when no call waits for `id`. */
  reject(id: string, error: unknown): boolean {
    return this.#answer(id, false, error);
  }

  /** Rejects a call with code `CANCELLED`; a reply that still comes is dropped. */
  cancel(id: string, reason?: unknown): void {
    const call = this.#calls.abandon(id);
    if (call) this.#finish(call, false, cancelled(reason));
  }

  /** The link is up: send what waits, in order, up to `maxInFlight`. */
  online(): void {
    this.#online = true;
    this.#pump();
  }

  /**
   * The link went down: calls on the wire reject with `CONNECTION_LOST`, except those made with
   * `retry: true`, which wait again (in call order) to be re-sent.
   */
  connectionLost(cause?: unknown): void {
    this.#online = false;
    for (const call of this.#calls.values()) {
      if (call.sent && call.retry) {
        call.sent = false;
        this.#inFlight--;
      }
    }
    this.#calls.abandonAll({
      where: (call) => call.sent,
      each: (call) => {
        const message = 'The connection was lost while the call was in flight; it may or may not have run on the server.';
        this.#finish(call, false, new ConnectionLostError(message, { cause }));
      },
    });
  }

  /** Rejects every unsettled call (queued or in flight) with `error`, e.g. on close. */
  rejectAll(error: unknown): void {
    this.#online = false;
    this.#calls.abandonAll({ each: (call) => this.#finish(call, false, error) });
  }

  /** `new Promise(this.#executor)` hands the resolvers to the call being made, without a closure per call. */
  readonly #executor = (resolve: Resolve, reject: Reject): void => {
    const call = this.#making as Call;
    call.resolve = resolve;
    call.reject = reject;
  };

  #answer(id: string, ok: boolean, value: unknown): boolean {
    const calls = this.#calls;
    const call = calls.get(id);
    if (!call?.sent) {
      this.#dropped++;
      return false;
    }
    calls.take(id);
    this.#finish(call, ok, value);
    return true;
  }

  /** Sends what waits, in call order, while online and below `maxInFlight`. */
  #pump(): void {
    if (!this.queuedCount) return;
    for (const call of this.#calls.values()) {
      if (!this.#online || this.#inFlight >= this.#maxInFlight) return;
      if (!call.sent) this.#transmit(call);
    }
  }

  #transmit(call: Call): void {
    call.sent = true;
    this.#inFlight++;
    // A transport may answer synchronously (an in-memory pair), so bookkeeping comes first.
    const { message } = call;
    if (!call.retry) call.message = undefined;
    if (!this.#send(message, call.id) && this.#calls.get(call.id) === call) {
      this.#calls.abandon(call.id);
      this.#finish(call, false, new BufferOverflowError('The connection dropped the request (its send buffer is full).', 0));
    }
  }

  /** Settles a call that has left the table: `ok` resolves with `value`, else rejects with it. */
  #finish(call: Call, ok: boolean, value: unknown): void {
    call.signal?.removeEventListener('abort', call);
    if (ok) call.resolve(value);
    else call.reject(value);
    if (!call.sent) return;
    this.#inFlight--;
    this.#pump();
  }
}

function cancelled(reason: unknown): CancelledError {
  return new CancelledError('The call was cancelled.', reason === undefined ? {} : { cause: reason });
}
