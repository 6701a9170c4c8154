import type { Observable } from 'rxjs';
import type { RxwireError } from './errors.js';
import type { Frame } from './codec.js';
import type { CloseInfo, ConnectionState } from './types.js';

/**
 * A message encoded once, ready to be sent many times (to many connections, or again after a
 * reconnect) without paying for the encoding again. Made by {@link Connection.prepare}.
 */
export class PreparedMessage {
  /** @internal */
  constructor(readonly frame: Frame) {}
}

/**
 * A long-lived, self-healing link to a server, seen as observables.
 *
 * - `state$` replays the current state; `state` reads it synchronously.
 * - `messages$` is hot: it carries decoded inbound messages while subscribed.
 * - `closes$` emits each time a socket closes (also those followed by a reconnect).
 * - `errors$` carries every non-fatal problem (bad frames, overflows, failed attempts); if nobody
 *   observes it, errors go to the `logger` option.
 */
export interface Connection<T = unknown> {
  readonly state: ConnectionState;
  readonly state$: Observable<ConnectionState>;
  readonly messages$: Observable<T>;
  readonly closes$: Observable<CloseInfo>;
  readonly errors$: Observable<RxwireError>;
  /** Total sends that the send buffer's overflow policy dropped; `drops$` replays it on change. */
  readonly droppedCount: number;
  readonly drops$: Observable<number>;
  /** Sends waiting for the connection (or for the socket buffer to drain). */
  readonly pendingSendCount: number;
  /** Starts connecting if the connection is `idle` (created with `lazy: true`). Idempotent. */
  connect(): void;
  /**
   * Sends now, or queues until connected. Never throws; returns `false` when the message was
   * dropped (by the overflow policy, or because the connection is closed).
   */
  send(message: T | PreparedMessage): boolean;
  /** Encodes once; the result can be passed to `send` any number of times. */
  prepare(message: T): PreparedMessage;
  /**
   * Node only: stop reading from the socket until `resume()`; frames of the TCP read in progress
   * are held, so no message reaches observers while paused. A no-op in browsers, which cannot
   * pause a WebSocket.
   */
  pause(): void;
  resume(): void;
  /** Closes for good: no reconnect, every timer and socket released. Idempotent. */
  close(code?: number, reason?: string): void;
}
