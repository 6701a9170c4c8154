import type { Frame } from '../codec.js';
import type { CloseInfo } from '../types.js';
import type { WebSocketLike } from '../webSocketLike.js';

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

/**
 * A follower tab's "socket": the leader's socket seen through the BroadcastChannel. It opens when
 * the leader's socket is open, carries the frames the leader receives, hands sends to the leader,
 * and closes when the leader's socket closes or the leader changes. The connection treats it like
 * any socket, so reconnecting, the send buffer and `state$` work in a follower as in the leader.
 * @internal
 */
export class FollowerSocket implements WebSocketLike {
  readyState = CONNECTING;
  readonly bufferedAmount = 0;
  binaryType = 'arraybuffer';
  #onopen: WebSocketLike['onopen'] = null;
  /** The leader's socket is open, but nobody listens to this one yet: it opens once someone does. */
  #openWhenListened = false;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  readonly #handOver: (frame: Frame) => void;
  readonly #onEnd: (socket: FollowerSocket) => void;

  /**
   * @param handOver posts a frame to the leader
   * @param onEnd the socket closed: forget it
   */
  constructor(handOver: (frame: Frame) => void, onEnd: (socket: FollowerSocket) => void) {
    this.#handOver = handOver;
    this.#onEnd = onEnd;
  }

  get onopen(): WebSocketLike['onopen'] {
    return this.#onopen;
  }

  // The connection gets this socket a few microtasks after it was made (the tab share is awaited),
  // and the leader's `up` may come first: the open waits for the connection's handler, as a real
  // socket's would.
  set onopen(handler: WebSocketLike['onopen']) {
    this.#onopen = handler;
    if (!handler || !this.#openWhenListened) return;
    this.#openWhenListened = false;
    queueMicrotask(() => this.up());
  }

  /** The leader's socket is open. */
  up(): void {
    if (this.readyState !== CONNECTING) return;
    if (!this.#onopen) {
      this.#openWhenListened = true;
      return;
    }
    this.readyState = OPEN;
    this.#onopen({});
  }

  /** A frame the leader received. */
  deliver(frame: Frame): void {
    if (this.readyState === OPEN) this.onmessage?.({ data: frame });
  }

  /** The leader's socket closed, or the leader is gone. */
  down(info: CloseInfo): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.#onEnd(this);
    this.onclose?.(info);
  }

  send(data: string | ArrayBuffer | Uint8Array): void {
    if (this.readyState !== OPEN) throw new Error('The shared connection is not open.');
    // A view is copied into its own buffer: only an ArrayBuffer or a string crosses to another tab.
    this.#handOver(typeof data === 'string' || data instanceof ArrayBuffer ? data : data.slice().buffer);
  }

  /** This tab's connection lets go; the leader's socket is not touched. Closes like a socket: later. */
  close(code = 1000, reason = ''): void {
    if (this.readyState === CLOSED) return;
    queueMicrotask(() => this.down({ code, reason, wasClean: true }));
  }
}
