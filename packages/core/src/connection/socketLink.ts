import type { Clock } from '../clock.js';
import { frameSize, type Codec } from '../codec.js';
import { BadFrameError, ConnectionLostError, MessageTooLargeError, type RxwireError } from '../errors.js';
import { createWebSocket, onFrames } from '../internal/platform.js';
import { redact } from '../logger.js';
import type { CloseInfo } from '../types.js';
import type { WireTap } from '../inspect/wireTap.js';
import type { SocketCreateOptions, WebSocketLike } from '../webSocketLike.js';
import { closeGracefully, closeInfo, dropSocket, silence, type CloseGracefullyOptions } from './socketHelpers.js';

/** How a socket of a {@link SocketLink} ended by itself (not by `close`, `drop` or `detach`). @internal */
export interface SocketEnd {
  /** The close event, as rxwire reports it. */
  info: CloseInfo;
  /** Whether the socket had opened: a lost connection, rather than a failed attempt. */
  wasOpen: boolean;
  /** The failure to report: names the URL and, for a failed attempt, the socket's own error as `cause`. */
  error: ConnectionLostError;
}

/** Options of {@link SocketLink}: what each socket's frames become, and who hears about its life. @internal */
export interface SocketLinkOptions<T> {
  codec: Codec<T>;
  /** Larger inbound frames are skipped with `MESSAGE_TOO_LARGE`. @default Infinity */
  maxMessageSize?: number | undefined;
  /** Bounds the closing handshake of {@link SocketLink.close}. */
  clock: Clock;
  /** The socket opened. */
  onOpen: (socket: WebSocketLike) => void;
  /** The wire hooks of `inspect$`: each frame that decoded is shown as it arrives. */
  wire?: WireTap | undefined;
  /** A decoded inbound message (never while paused, where the socket can pause). */
  onMessage: (message: T) => void;
  /** Any inbound frame, good or bad: proof the peer is alive. */
  onTraffic?: (() => void) | undefined;
  /** The socket closed or failed by itself; the link holds no socket any more. */
  onEnd: (end: SocketEnd) => void;
  /** A problem the socket survives: a frame that could not be decoded or was too large. */
  onProblem: (error: RxwireError) => void;
}

/** What {@link SocketLink.open} opens. @internal */
export interface SocketOpenOptions extends SocketCreateOptions {
  url: string;
  /** A socket made elsewhere (a follower tab's, routed through the leader); otherwise the link makes one. */
  socket?: WebSocketLike | undefined;
}

/** Options of {@link SocketLink.close}: the code, the reason, and who hears how it went. @internal */
export type SocketCloseOptions = Omit<CloseGracefullyOptions, 'clock'>;

/**
 * One socket at a time, for its whole life: open it, decode its frames, pause and resume reading,
 * close it cleanly, and tell the owner how it ended as an rxwire error. When to open another, how
 * to keep it alive and what to send are the owner's jobs (core's `webSocketConnection`, Bayeux's
 * WebSocket transport). Read pausing and the messages held by it outlive a socket: they belong to
 * the owner's reader, not to the socket.
 * @internal
 */
export class SocketLink<T> {
  readonly #options: SocketLinkOptions<T>;
  readonly #maxMessageSize: number;
  #socket: WebSocketLike | undefined;
  #url = '';
  #opened = false;
  #lastSocketError: unknown;
  #paused = false;
  /**
   * Messages that arrived while paused. Pausing a Node socket stops the next TCP read, not the
   * frames of the read in progress: they wait here, so nothing reaches the owner while paused.
   * Bounded by one read, since the socket stays paused until they are delivered.
   */
  #held: T[] = [];

  constructor(options: SocketLinkOptions<T>) {
    this.#options = options;
    this.#maxMessageSize = options.maxMessageSize ?? Infinity;
  }

  /** The current socket (opening or open); undefined between sockets. */
  get socket(): WebSocketLike | undefined {
    return this.#socket;
  }

  /** The URL of the current (or last) socket, for messages. */
  get url(): string {
    return this.#url;
  }

  /**
   * Opens a socket (forgetting any current one: call `drop`, `close` or `detach` first).
   * @throws ConnectionLostError when no socket could be made for the URL.
   */
  open(options: SocketOpenOptions): WebSocketLike {
    let socket: WebSocketLike;
    try {
      socket = options.socket ?? createWebSocket(options.url, options);
    } catch (cause) {
      throw new ConnectionLostError(`Could not create a WebSocket for ${redact(options.url)}.`, { cause });
    }
    this.#socket = socket;
    this.#url = options.url;
    this.#opened = false;
    this.#lastSocketError = undefined;
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      if (socket !== this.#socket) return;
      this.#opened = true;
      this.#options.onOpen(socket);
    };
    // The check also keeps out the frames of a socket left behind (silenced or closing): a `ws`
    // socket's own 'message' listener, unlike `onmessage`, stays on it.
    onFrames(socket, (frame) => {
      if (socket === this.#socket) this.#onFrame(frame);
    });
    socket.onerror = (event) => {
      this.#lastSocketError = (event as { error?: unknown }).error ?? event;
    };
    socket.onclose = (event) => {
      if (socket === this.#socket) this.#onClose(socket, closeInfo(event));
    };
    if (this.#paused) socket.pause?.();
    return socket;
  }

  /** Stops reading where the socket allows (Node); frames of the read under way are held. */
  pause(): void {
    this.#paused = true;
    this.#socket?.pause?.();
  }

  /** Delivers what was held, then reads again (unless the owner paused again meanwhile). */
  resume(): void {
    this.#paused = false;
    const held = this.#held;
    if (held.length > 0) {
      this.#held = [];
      let i = 0;
      // The owner may pause again while these go out: the rest wait for the next resume.
      while (i < held.length && !this.#paused) this.#options.onMessage(held[i++] as T);
      if (i < held.length) this.#held = held.slice(i).concat(this.#held);
    }
    if (!this.#paused) this.#socket?.resume?.();
  }

  /** Forgets the messages held for a paused reader (the reader is gone for good). */
  discardHeld(): void {
    this.#held = [];
  }

  /** Forgets the current socket without closing it; our handlers leave it. Returns it. */
  detach(): WebSocketLike | undefined {
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket) silence(socket);
    return socket;
  }

  /** Drops the current socket without a closing handshake: its peer is dead or too slow. */
  drop(): void {
    const socket = this.detach();
    if (socket) dropSocket(socket);
  }

  /**
   * Closes the current socket with a closing handshake, and reports the real close; but never holds
   * the process for a peer that does not answer (see `closeGracefully`). False when there was none.
   */
  close(options: SocketCloseOptions): boolean {
    const socket = this.#socket;
    this.#socket = undefined;
    if (!socket) return false;
    closeGracefully(socket, { ...options, clock: this.#options.clock });
    return true;
  }

  // The per-frame hot path: the size check, the decode, one call.
  #onFrame(frame: string | ArrayBuffer): void {
    const options = this.#options;
    options.onTraffic?.();
    if (this.#maxMessageSize < frameSize(frame)) {
      options.onProblem(new MessageTooLargeError(frameSize(frame), this.#maxMessageSize));
      return;
    }
    let message: T;
    try {
      message = options.codec.decode(frame);
    } catch (cause) {
      const size = frameSize(frame);
      const unit = typeof frame === 'string' ? 'characters' : 'bytes';
      options.onProblem(
        new BadFrameError(`Could not decode an inbound frame of ${size} ${unit}; it was skipped and the connection carries on.`, size, { cause }),
      );
      return;
    }
    options.wire?.on?.frame('in', frame, message);
    if (this.#paused && this.#socket?.pause) this.#held.push(message);
    else options.onMessage(message);
  }

  #onClose(socket: WebSocketLike, info: CloseInfo): void {
    this.#socket = undefined;
    silence(socket);
    const wasOpen = this.#opened;
    const cause = this.#lastSocketError;
    const error = wasOpen
      ? new ConnectionLostError(`The connection closed (code ${info.code}${info.reason ? `, ${info.reason}` : ''}).`)
      : new ConnectionLostError(
          `Could not connect to ${redact(this.#url)}${cause instanceof Error && cause.message ? `: ${redact(cause.message)}` : ''} (code ${info.code}). It will be retried if reconnect allows.`,
          { cause },
        );
    this.#options.onEnd({ info, wasOpen, error });
  }
}
