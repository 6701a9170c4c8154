import { BoundedQueue } from '../boundedQueue.js';
import type { Clock } from '../clock.js';
import type { Frame } from '../codec.js';
import { ConnectionLostError, type RxwireError } from '../errors.js';
import { JobTimer } from '../timing/jobTimer.js';
import { holdWritesThisTick } from './platform.js';
import { OPEN, type WebSocketLike } from '../webSocketLike.js';
import type { WebSocketConnectionOptions } from '../webSocketConnectionOptions.js';

const DRAIN_POLL_MS = 4;

/** Options of {@link SendPipe}: the buffer and watermark options of a connection, and whom to tell. @internal */
export interface SendPipeOptions extends Pick<WebSocketConnectionOptions, 'sendBuffer' | 'highWaterMark' | 'lowWaterMark'> {
  clock: Clock;
  /** Frames were dropped (the overflow policy, or a discard): the total dropped so far. */
  onDropped?: ((total: number) => void) | undefined;
  /** A send failed or the buffer overflowed with `overflow: 'error'`. */
  report: (error: RxwireError) => void;
}

/**
 * The outbound side of a connection: writes straight to an open socket while its buffered amount is
 * below the high watermark, and otherwise queues in a bounded buffer that drains (in order) once
 * the socket is open again and below the low watermark. Browsers have no drain event, so draining
 * polls the buffered amount, and only while something waits.
 *
 * @internal
 */
export class SendPipe {
  readonly #queue: BoundedQueue<Frame>;
  /** Polls the socket's buffered amount while frames wait for it to drain. */
  readonly #drainTimer: JobTimer;
  readonly #highWaterMark: number;
  readonly #lowWaterMark: number;
  readonly #onDropped: ((total: number) => void) | undefined;
  readonly #report: (error: RxwireError) => void;
  #socket: WebSocketLike | undefined;
  /** Whether the writes of this tick are held back, to leave in one system call (Node's `ws` only). */
  #holding = false;
  readonly #released = (): void => {
    this.#holding = false;
  };

  constructor(options: SendPipeOptions) {
    this.#queue = new BoundedQueue(options.sendBuffer?.limit ?? 1000, options.sendBuffer?.overflow ?? 'error');
    this.#drainTimer = new JobTimer(options.clock);
    this.#highWaterMark = options.highWaterMark ?? 1_048_576;
    this.#lowWaterMark = Math.min(options.lowWaterMark ?? 262_144, this.#highWaterMark);
    this.#onDropped = options.onDropped;
    this.#report = options.report;
  }

  get size(): number {
    return this.#queue.size;
  }

  /** Writes or queues; `false` when the overflow policy dropped this frame. */
  offer(frame: Frame): boolean {
    const socket = this.#socket;
    // The hot path: open socket, nothing waiting, room in the socket's buffer.
    if (socket && this.#queue.size === 0 && socket.readyState === OPEN && socket.bufferedAmount < this.#highWaterMark) {
      this.#write(socket, frame);
      return true;
    }
    const outcome = this.#queue.push(frame);
    if (socket) this.#scheduleDrain();
    if (outcome === 'queued') return true;
    this.#dropped();
    if (outcome === 'overflow') this.#report(this.#queue.overflowError('The send buffer'));
    return outcome === 'dropped-oldest';
  }

  /** The socket is open: flush what waited, then write directly. */
  attach(socket: WebSocketLike): void {
    this.#socket = socket;
    this.#drain();
  }

  /** The socket is gone: queue from now on. */
  detach(): void {
    this.#socket = undefined;
    this.#drainTimer.stop();
  }

  /** Discards what waits (the connection is closing for good); the discarded frames count as drops. */
  discard(): void {
    this.detach();
    const count = this.#queue.clear().length;
    if (count) {
      this.#queue.dropped += count;
      this.#dropped();
    }
  }

  #dropped(): void {
    this.#onDropped?.(this.#queue.dropped);
  }

  #write(socket: WebSocketLike, frame: Frame): void {
    if (!this.#holding) this.#holding = holdWritesThisTick(socket, this.#released);
    try {
      socket.send(frame);
    } catch (cause) {
      // The socket went away under us; its close event drives the reconnect.
      this.#report(new ConnectionLostError('A send failed because the socket is no longer open.', { cause }));
    }
  }

  #drain(): void {
    const socket = this.#socket;
    if (!socket || socket.readyState !== OPEN) return;
    while (this.#queue.size > 0 && socket.bufferedAmount < this.#highWaterMark) {
      this.#write(socket, this.#queue.shift() as Frame);
    }
    if (this.#queue.size > 0) this.#scheduleDrain();
  }

  #scheduleDrain(): void {
    if (this.#drainTimer.running) return;
    const poll = (): void => {
      const socket = this.#socket;
      if (!socket) return;
      // Hysteresis: once over the high mark, wait for the low one before writing again.
      if (socket.bufferedAmount > this.#lowWaterMark) this.#drainTimer.start(DRAIN_POLL_MS, poll);
      else this.#drain();
    };
    this.#drainTimer.start(DRAIN_POLL_MS, poll);
  }
}
