import { BufferOverflowError, CancelledError, ConnectionLostError, RxwireError, type Clock, type TimerHandle, systemClock } from '@rxwire/core';
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
}

/** A call the manager tracks. */
export interface PendingCall<R = unknown> {
  readonly id: string;
  readonly promise: Promise<R>;
  /** Rejects the call with code `CANCELLED` (no-op once settled). */
  cancel(reason?: unknown): void;
}

interface Entry {
  readonly id: string;
  readonly seq: number;
  readonly message: unknown;
  readonly retry: boolean;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  sent: boolean;
  timer: TimerHandle | undefined;
  cleanup: (() => void) | undefined;
}

/**
 * Correlates requests with replies, transport-free: it generates ids, keeps calls "outgoing"
 * (waiting: offline or behind `maxInFlight`, in call order) or "in flight" (on the wire), times them
 * out through an injected clock, cancels them, and drops (and counts) replies nobody waits for any
 * more. The client tells it when the link goes up (`online()`) or down (`connectionLost()`).
 *
 * @example
 * ```ts
 * const manager = new RequestManager({ send: (m) => connection.send(m) });
 * const call = manager.start((id) => ({ id, method: 'add', payload: { a: 1, b: 2 } }));
 * manager.online();
 * // when the reply arrives:
 * manager.resolve(reply.id, reply.response);
 * await call.promise; // 3
 * ```
 */
export class RequestManager {
  private readonly entries = new Map<string, Entry>();
  private queue: Entry[] = [];
  private inFlight = 0;
  private seq = 0;
  private isOnline = false;
  private dropped = 0;
  /** Ids of calls that ended on the wire without their reply (timeout, cancel, lost): a reply may still come. */
  private readonly abandoned = new Set<string>();
  private readonly clock: Clock;

  constructor(private readonly options: RequestManagerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** Calls on the wire, waiting for a reply. */
  get inFlightCount(): number {
    return this.inFlight;
  }

  /** Calls waiting to be sent. */
  get queuedCount(): number {
    return this.queue.length;
  }

  /** Every unsettled call. */
  get size(): number {
    return this.entries.size;
  }

  /** Replies that matched no waiting call (late after a timeout or cancel, or unknown) and were dropped. */
  get droppedReplyCount(): number {
    return this.dropped;
  }

  /**
   * Whether a reply with this id, which matched no waiting call, may simply be late (its call timed
   * out, was cancelled or lost its connection); otherwise the id is unknown or was already answered.
   */
  wasAbandoned(id: string): boolean {
    return this.abandoned.has(id);
  }

  /** Whether the manager currently sends. */
  get isConnected(): boolean {
    return this.isOnline;
  }

  /** The oldest call on the wire, for protocols that fall back to reply order. */
  oldestInFlightId(): string | undefined {
    let oldest: Entry | undefined;
    for (const entry of this.entries.values()) {
      if (entry.sent && (!oldest || entry.seq < oldest.seq)) oldest = entry;
    }
    return oldest?.id;
  }

  /** Registers a call: `encode` builds its wire message from the generated id. */
  start<R = unknown>(encode: (id: string) => unknown, options: CallOptions = {}): PendingCall<R> {
    const seq = ++this.seq;
    const id = `${this.options.idPrefix ?? ''}${seq.toString(36)}`;
    let settle!: { resolve: (value: unknown) => void; reject: (error: unknown) => void };
    const promise = new Promise<R>((resolve, reject) => {
      settle = { resolve: resolve as (value: unknown) => void, reject };
    });
    const call: PendingCall<R> = { id, promise, cancel: (reason) => this.cancel(id, reason) };
    const { signal } = options;
    if (signal?.aborted) {
      settle.reject(cancelled(signal.reason));
      return call;
    }
    let message: unknown;
    try {
      message = encode(id);
    } catch (cause) {
      settle.reject(new RxwireError('ENCODE_FAILED', 'Could not encode the request; it was not sent.', { cause }));
      return call;
    }
    const canSendNow = this.isOnline && this.inFlight < this.maxInFlight() && this.queue.length === 0;
    if (!canSendNow && this.queue.length >= (this.options.queueLimit ?? 10_000)) {
      const limit = this.options.queueLimit ?? 10_000;
      settle.reject(new BufferOverflowError(`${limit} calls are already waiting to be sent (queueLimit); this call was not queued.`, limit));
      return call;
    }
    const entry: Entry = {
      id,
      seq,
      message,
      retry: options.retry ?? false,
      resolve: settle.resolve,
      reject: settle.reject,
      sent: false,
      timer: undefined,
      cleanup: undefined,
    };
    this.entries.set(id, entry);
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? 30_000;
    if (Number.isFinite(timeoutMs)) {
      entry.timer = this.clock.setTimeout(() => {
        entry.timer = undefined;
        this.settle(entry, new RpcTimeoutError(`No reply within ${timeoutMs} ms (timeoutMs).`, timeoutMs));
      }, timeoutMs);
    }
    if (signal) {
      const onAbort = (): void => this.cancel(id, signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      entry.cleanup = () => signal.removeEventListener('abort', onAbort);
    }
    if (canSendNow) this.transmit(entry);
    else this.queue.push(entry);
    return call;
  }

  /** Delivers a reply. Returns `false` (and counts a dropped reply) when no call waits for `id`. */
  resolve(id: string, value: unknown): boolean {
    const entry = this.entries.get(id);
    if (!entry || !entry.sent) {
      this.dropped++;
      return false;
    }
    this.settle(entry, undefined, value, true);
    return true;
  }

  /** Delivers an error reply. Returns `false` (and counts a dropped reply) when no call waits for `id`. */
  reject(id: string, error: unknown): boolean {
    const entry = this.entries.get(id);
    if (!entry || !entry.sent) {
      this.dropped++;
      return false;
    }
    this.settle(entry, error, undefined, false, true);
    return true;
  }

  /** Rejects a call with code `CANCELLED`; a reply that still comes is dropped. */
  cancel(id: string, reason?: unknown): void {
    const entry = this.entries.get(id);
    if (entry) this.settle(entry, cancelled(reason));
  }

  /** The link is up: send what waits, in order, up to `maxInFlight`. */
  online(): void {
    this.isOnline = true;
    this.pump();
  }

  /**
   * The link went down: calls on the wire reject with `CONNECTION_LOST`, except those made with
   * `retry: true`, which go back to the front of the queue (in call order) to be re-sent.
   */
  connectionLost(cause?: unknown): void {
    this.isOnline = false;
    const requeued: Entry[] = [];
    for (const entry of [...this.entries.values()]) {
      if (!entry.sent) continue;
      if (entry.retry) {
        entry.sent = false;
        this.inFlight--;
        requeued.push(entry);
      } else {
        this.settle(
          entry,
          new ConnectionLostError('The connection was lost while the call was in flight; it may or may not have run on the server.', {
            cause,
          }),
        );
      }
    }
    if (requeued.length) this.queue = [...requeued, ...this.queue].sort((a, b) => a.seq - b.seq);
  }

  /** Rejects every unsettled call (queued or in flight) with `error`, e.g. on close. */
  rejectAll(error: unknown): void {
    this.isOnline = false;
    for (const entry of [...this.entries.values()]) this.settle(entry, error);
  }

  private maxInFlight(): number {
    return this.options.maxInFlight ?? Infinity;
  }

  private pump(): void {
    while (this.isOnline && this.queue.length > 0 && this.inFlight < this.maxInFlight()) {
      this.transmit(this.queue.shift() as Entry);
    }
  }

  private transmit(entry: Entry): void {
    entry.sent = true;
    this.inFlight++;
    // A transport may answer synchronously (an in-memory pair), so bookkeeping comes first.
    if (!this.options.send(entry.message, entry.id) && this.entries.get(entry.id) === entry) {
      this.settle(entry, new BufferOverflowError('The connection dropped the request (its send buffer is full).', 0));
    }
  }

  private settle(entry: Entry, error: unknown, value?: unknown, ok = false, answered = ok): void {
    if (this.entries.get(entry.id) !== entry) return;
    this.entries.delete(entry.id);
    if (entry.sent && !answered) {
      this.abandoned.add(entry.id);
      // Bounded: only recent late replies matter.
      if (this.abandoned.size > 1000) this.abandoned.delete(this.abandoned.values().next().value as string);
    }
    if (entry.timer !== undefined) this.clock.clearTimeout(entry.timer);
    entry.cleanup?.();
    if (entry.sent) {
      this.inFlight--;
    } else {
      const index = this.queue.indexOf(entry);
      if (index >= 0) this.queue.splice(index, 1);
    }
    if (ok) entry.resolve(value);
    else entry.reject(error);
    if (entry.sent) this.pump();
  }
}

function cancelled(reason: unknown): CancelledError {
  return new CancelledError('The call was cancelled.', reason === undefined ? {} : { cause: reason });
}
