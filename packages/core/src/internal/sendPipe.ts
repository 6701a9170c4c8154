import { BoundedQueue } from '../boundedQueue.js';
import type { Clock, TimerHandle } from '../clock.js';
import type { Frame } from '../codec.js';
import { ConnectionLostError, type RxwireError } from '../errors.js';
import { OPEN, type WebSocketLike } from '../webSocketLike.js';

const DRAIN_POLL_MS = 4;

/** @internal */
export interface SendPipeOptions {
  clock: Clock;
  limit: number;
  overflow: 'drop-oldest' | 'drop-newest' | 'error';
  highWaterMark: number;
  lowWaterMark: number;
  report: (error: RxwireError) => void;
  onDrop: (totalDropped: number) => void;
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
  private readonly queue: BoundedQueue<Frame>;
  private socket: WebSocketLike | undefined;
  private drainTimer: TimerHandle | undefined;
  private extraDrops = 0;

  constructor(private readonly options: SendPipeOptions) {
    this.queue = new BoundedQueue(options.limit, options.overflow);
  }

  get size(): number {
    return this.queue.size;
  }

  get dropped(): number {
    return this.queue.dropped + this.extraDrops;
  }

  /** Writes or queues; `false` when the overflow policy dropped this frame. */
  offer(frame: Frame): boolean {
    const socket = this.socket;
    if (socket && this.queue.size === 0 && socket.readyState === OPEN && socket.bufferedAmount < this.options.highWaterMark) {
      this.write(socket, frame);
      return true;
    }
    const outcome = this.queue.push(frame);
    if (this.socket) this.scheduleDrain();
    switch (outcome) {
      case 'queued':
      case 'paused':
        return true;
      case 'dropped-oldest':
        this.options.onDrop(this.dropped);
        return true;
      case 'dropped-newest':
        this.options.onDrop(this.dropped);
        return false;
      case 'overflow':
        this.options.onDrop(this.dropped);
        this.options.report(this.queue.overflowError('The send buffer'));
        return false;
    }
  }

  /** The socket is open: flush what waited, then write directly. */
  attach(socket: WebSocketLike): void {
    this.socket = socket;
    this.drain();
  }

  /** The socket is gone: queue from now on. */
  detach(): void {
    this.socket = undefined;
    if (this.drainTimer !== undefined) this.options.clock.clearTimeout(this.drainTimer);
    this.drainTimer = undefined;
  }

  /** Discards what waits (the connection is closing for good); the discarded frames count as drops. */
  discard(): void {
    this.detach();
    const count = this.queue.clear().length;
    if (count) {
      this.extraDrops += count;
      this.options.onDrop(this.dropped);
    }
  }

  private write(socket: WebSocketLike, frame: Frame): void {
    try {
      socket.send(frame);
    } catch (cause) {
      // The socket went away under us; its close event drives the reconnect.
      this.options.report(new ConnectionLostError('A send failed because the socket is no longer open.', { cause }));
    }
  }

  private drain(): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) return;
    while (this.queue.size > 0 && socket.bufferedAmount < this.options.highWaterMark) {
      this.write(socket, this.queue.shift() as Frame);
    }
    if (this.queue.size > 0) this.scheduleDrain();
  }

  private scheduleDrain(): void {
    if (this.drainTimer !== undefined) return;
    const poll = (): void => {
      this.drainTimer = undefined;
      const socket = this.socket;
      if (!socket) return;
      // Hysteresis: once over the high mark, wait for the low one before writing again.
      if (socket.bufferedAmount > this.options.lowWaterMark) this.drainTimer = this.options.clock.setTimeout(poll, DRAIN_POLL_MS);
      else this.drain();
    };
    this.drainTimer = this.options.clock.setTimeout(poll, DRAIN_POLL_MS);
  }
}
