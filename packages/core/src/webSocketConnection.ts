import { Observable } from 'rxjs';
import { backoffDelay, resolveReconnect, type ResolvedReconnect } from './backoff.js';
import { systemClock, type Clock, type TimerHandle } from './clock.js';
import { frameSize, jsonCodec, type Codec, type Frame } from './codec.js';
import { PreparedMessage, type Connection } from './connection.js';
import {
  BadFrameError,
  ClosedError,
  ConnectionLostError,
  MessageTooLargeError,
  RxwireError,
  TransportTimeoutError,
} from './errors.js';
import { SendPipe } from './internal/sendPipe.js';
import { Multicast, MulticastValue } from './multicast.js';
import { browserNetworkStatus, type NetworkStatus } from './networkStatus.js';
import { toWebSocketUrl } from './toWebSocketUrl.js';
import type { WebSocketConnectionOptions } from './webSocketConnectionOptions.js';
import { createWebSocket, isNodePlatform } from './internal/platform.js';
import { logError, redact, toLogger, type Logger } from './logger.js';
import { checkWebSocketConnectionOptions } from './webSocketConnectionOptionRules.js';
import type { CloseInfo, ConnectionState } from './types.js';
import type { WebSocketLike } from './webSocketLike.js';

/** @internal */
class WebSocketConnection<T> implements Connection<T> {
  readonly #state = new MulticastValue<ConnectionState>('idle');
  readonly #messages = new Multicast<T>();
  readonly #closes = new Multicast<CloseInfo>();
  readonly #errors = new Multicast<RxwireError>();
  readonly #drops = new MulticastValue(0);

  /** Replays the current state; after the end it replays `closed` and completes. */
  readonly state$ = new Observable<ConnectionState>((subscriber) => {
    if (!this.#state.ended) return this.#state.observable.subscribe(subscriber);
    subscriber.next('closed');
    subscriber.complete();
    return undefined;
  });
  readonly messages$ = new Observable<T>((subscriber) => {
    this.connect();
    return this.#messages.observable.subscribe(subscriber);
  });
  readonly closes$ = this.#closes.observable;
  readonly errors$ = this.#errors.observable;
  readonly drops$ = this.#drops.observable;

  readonly #options: WebSocketConnectionOptions<T>;
  readonly #codec: Codec<T>;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #reconnect: ResolvedReconnect | undefined;
  readonly #maxMessageSize: number;
  readonly #pipe: SendPipe;
  readonly #network: NetworkStatus | undefined;
  #stopNetworkWatch: (() => void) | undefined;
  #waitingForNetwork = false;

  #socket: WebSocketLike | undefined;
  /** Inbound traffic since the heartbeat last looked (a plain write, cheap enough per frame). */
  #alive = false;
  #attempts = 0;
  #paused = false;
  /**
   * Messages that arrived while paused. Pausing a Node socket stops the next TCP read, not the
   * frames of the read in progress: they wait here, so nothing reaches observers while paused.
   * Bounded by one read, since the socket stays paused until they are delivered.
   */
  #held: T[] = [];
  #lastReported: RxwireError | undefined;
  #lastSocketError: unknown;
  /** When the current socket opened; a socket that stayed open `stableAfterMs` resets `#attempts`. */
  #openedAt: number | undefined;
  /**
   * The one timer a connection needs at a time: the connect timeout, then the heartbeat, while there
   * is a socket; the reconnect delay while there is none.
   */
  #timer: TimerHandle | undefined;

  constructor(options: WebSocketConnectionOptions<T>) {
    this.#logger = toLogger(options.logger);
    // Development builds check the options up front. Production builds leave the checks out, as React
    // and TanStack Query leave out theirs: bundlers replace process.env.NODE_ENV and drop dead code.
    if (process.env.NODE_ENV !== 'production') checkWebSocketConnectionOptions(options, this.#logger);
    this.#options = options;
    this.#codec = options.codec ?? jsonCodec<T>();
    this.#clock = options.clock ?? systemClock;
    this.#reconnect = resolveReconnect(options.reconnect);
    this.#maxMessageSize = options.maxMessageSize ?? Infinity;
    this.#pipe = new SendPipe(options, this.#clock, this.#drops, (error) => this.#report(error));
    this.#network = options.network === false ? undefined : (options.network ?? browserNetworkStatus());
    if ((options.headers || options.tls) && !isNodePlatform) {
      this.#logger('[rxwire] headers and tls options are Node-only; a browser WebSocket ignores them.');
    }
    if (!options.lazy) this.connect();
  }

  get state(): ConnectionState {
    return this.#state.value;
  }

  get droppedCount(): number {
    return this.#drops.value;
  }

  get pendingSendCount(): number {
    return this.#pipe.size;
  }

  connect(): void {
    if (this.#state.value !== 'idle') return;
    this.#stopNetworkWatch = this.#network?.subscribe((online) => this.#onNetworkChange(online));
    void this.#attempt();
  }

  prepare(message: T): PreparedMessage {
    return new PreparedMessage(this.#codec.encode(message));
  }

  send(message: T | PreparedMessage): boolean {
    if (this.#state.value === 'closed') {
      this.#report(new ClosedError('Cannot send: the connection is closed. Create a new connection to send again.'));
      return false;
    }
    let frame: Frame;
    try {
      frame = message instanceof PreparedMessage ? message.frame : this.#codec.encode(message);
    } catch (cause) {
      this.#report(new RxwireError('ENCODE_FAILED', 'Could not encode an outgoing message; it was not sent.', { cause }));
      return false;
    }
    this.connect();
    return this.#pipe.offer(frame);
  }

  pause(): void {
    this.#paused = true;
    this.#socket?.pause?.();
  }

  resume(): void {
    this.#paused = false;
    const held = this.#held;
    if (held.length > 0) {
      this.#held = [];
      let i = 0;
      // An observer may pause again while these go out: the rest wait for the next resume.
      while (i < held.length && !this.#paused) this.#messages.next(held[i++] as T);
      if (i < held.length) this.#held = held.slice(i).concat(this.#held);
    }
    if (!this.#paused) this.#socket?.resume?.();
  }

  close(code = 1000, reason = ''): void {
    if (this.#state.value === 'closed') return;
    this.#release();
    const socket = this.#socket;
    this.#socket = undefined;
    this.#state.set('closed');
    this.#messages.complete();
    if (!socket) return this.#finishClose();
    // Wait for the closing handshake to report the real close, but never hold the process for it.
    socket.onmessage = socket.onopen = null;
    socket.onerror = ignore;
    const drop = (reason: string): void => {
      socket.onclose = null;
      socket.terminate?.();
      this.#finishClose({ code: 1006, reason, wasClean: false });
    };
    const giveUp = this.#clock.setTimeout(() => drop('closing handshake timed out'), 1000);
    (giveUp as { unref?: () => void }).unref?.();
    socket.onclose = (event) => {
      this.#clock.clearTimeout(giveUp);
      this.#finishClose(closeInfo(event));
    };
    try {
      socket.close(code, reason);
    } catch (cause) {
      // An invalid code or a socket still connecting: drop it without a handshake.
      this.#clock.clearTimeout(giveUp);
      this.#report(new RxwireError('CLOSE_FAILED', 'Closing handshake not possible; the socket was dropped.', { cause }));
      drop('closed without handshake');
    }
  }

  #finishClose(info?: CloseInfo): void {
    if (info) this.#closes.next(info);
    this.#closes.complete();
    this.#errors.complete();
    this.#drops.complete();
    this.#state.complete();
  }

  async #attempt(): Promise<void> {
    // Only the first attempt starts from 'idle'; every later one follows a 'reconnecting'.
    this.#state.set(this.#state.value === 'idle' ? 'connecting' : 'reconnecting');
    const options = this.#options;
    let url: string;
    try {
      const source = options.url;
      // A factory runs after a microtask, so even its synchronous failure reaches errors$ observers.
      url = toWebSocketUrl(typeof source === 'string' ? source : await Promise.resolve().then(source));
    } catch (cause) {
      if (this.#state.value === 'closed') return;
      this.#failAttempt(new ConnectionLostError('The url factory failed, so no connection could be attempted.', { cause }));
      return;
    }
    if (this.#state.value === 'closed') return;
    let socket: WebSocketLike;
    try {
      socket = createWebSocket(url, options);
    } catch (cause) {
      this.#failAttempt(new ConnectionLostError(`Could not create a WebSocket for ${redact(url)}.`, { cause }));
      return;
    }
    this.#socket = socket;
    this.#lastSocketError = undefined;
    socket.binaryType = 'arraybuffer';
    const timeoutMs = options.connectTimeoutMs ?? 10_000;
    this.#setTimer(() => {
      dropSocket(socket);
      this.#failAttempt(
        new TransportTimeoutError(`No WebSocket connection to ${redact(url)} within ${timeoutMs} ms (connectTimeoutMs).`),
      );
    }, timeoutMs);
    socket.onopen = () => this.#onOpen(socket);
    socket.onmessage = (event) => this.#onFrame(event.data as string | ArrayBuffer);
    socket.onerror = (event) => {
      this.#lastSocketError = (event as { error?: unknown }).error ?? event;
    };
    socket.onclose = (event) => this.#onSocketClose(socket, closeInfo(event), url);
    if (this.#paused) socket.pause?.();
  }

  #onOpen(socket: WebSocketLike): void {
    if (socket !== this.#socket) return;
    this.#clearTimer();
    this.#openedAt = this.#clock.now();
    // Queued sends go out before anyone reacting to 'connected' can send, to keep their order.
    this.#pipe.attach(socket);
    this.#state.set('connected');
    this.#startHeartbeat(socket);
  }

  // The per-frame hot path: one field write, one compare, the decode, the multicast.
  #onFrame(frame: string | ArrayBuffer): void {
    this.#alive = true;
    let message: T;
    if (this.#maxMessageSize < frameSize(frame)) {
      this.#report(new MessageTooLargeError(frameSize(frame), this.#maxMessageSize));
      return;
    }
    try {
      message = this.#codec.decode(frame);
    } catch (cause) {
      const size = frameSize(frame);
      const unit = typeof frame === 'string' ? 'characters' : 'bytes';
      this.#report(
        new BadFrameError(`Could not decode an inbound frame of ${size} ${unit}; it was skipped and the connection carries on.`, size, { cause }),
      );
      return;
    }
    if (this.#paused && this.#socket?.pause) this.#held.push(message);
    else this.#messages.next(message);
  }

  #onSocketClose(socket: WebSocketLike, info: CloseInfo, url: string): void {
    if (socket !== this.#socket) return;
    const wasOpen = this.#state.value === 'connected';
    this.#detach();
    this.#closes.next(info);
    if (wasOpen) {
      this.#scheduleReconnect(new ConnectionLostError(`The connection closed (code ${info.code}${info.reason ? `, ${info.reason}` : ''}).`));
    } else {
      const cause = this.#lastSocketError;
      this.#failAttempt(
        new ConnectionLostError(
          `Could not connect to ${redact(url)}${cause instanceof Error && cause.message ? `: ${redact(cause.message)}` : ''} (code ${info.code}). It will be retried if reconnect allows.`,
          { cause },
        ),
      );
    }
  }

  /**
   * Half-open detection: every `intervalMs` look whether any traffic came in; if none did, ping and
   * give the peer `timeoutMs` to show life before the socket is replaced.
   */
  #startHeartbeat(socket: WebSocketLike): void {
    const options = this.#options.heartbeat;
    if (options === false) return;
    const frames = options?.useFrames !== false && typeof socket.ping === 'function' && typeof socket.on === 'function';
    const appPing = options?.ping;
    if (!frames && !appPing) return;
    const intervalMs = options?.intervalMs ?? 15_000;
    const timeoutMs = options?.timeoutMs ?? 10_000;
    const check = (pinged: boolean): void => {
      if (this.#alive) {
        this.#alive = false;
        this.#setTimer(() => check(false), intervalMs);
      } else if (!pinged) {
        this.#setTimer(() => check(true), timeoutMs);
        if (frames) socket.ping?.();
        else this.send(appPing?.() as T);
      } else {
        this.#report(
          new TransportTimeoutError(`No traffic and no pong for ${intervalMs + timeoutMs} ms: the connection is half-open and is being replaced.`),
        );
        dropSocket(socket);
        this.#detach();
        this.#closes.next({ code: 1006, reason: 'heartbeat timeout', wasClean: false });
        this.#scheduleReconnect();
      }
    };
    if (frames) {
      socket.on?.('pong', () => {
        if (socket === this.#socket) this.#alive = true;
      });
    }
    this.#alive = false;
    this.#setTimer(() => check(false), intervalMs);
  }

  #failAttempt(error: RxwireError): void {
    this.#detach();
    this.#report(error);
    this.#scheduleReconnect(error);
  }

  #scheduleReconnect(reason?: RxwireError): void {
    if (this.#state.value === 'closed') return;
    const policy = this.#reconnect;
    if (!policy || this.#attempts >= policy.maxAttempts) {
      // Terminal failure: report it, error `messages$`, and close.
      const error = !policy
        ? (reason ?? new ConnectionLostError('The connection was lost and reconnect is off.'))
        : new ConnectionLostError(`Gave up after ${this.#attempts} failed reconnect attempts (reconnect.maxAttempts).`, {
            cause: reason,
          });
      this.#release();
      if (error !== this.#lastReported) this.#report(error);
      this.#state.set('closed');
      this.#messages.error(error);
      this.#finishClose();
      return;
    }
    this.#state.set('reconnecting');
    if (this.#network && !this.#network.isOnline()) {
      // Attempts while offline would only burn the backoff budget: wait for the network instead.
      this.#waitingForNetwork = true;
      return;
    }
    const delay = backoffDelay(this.#attempts++, policy, this.#options.random);
    this.#setTimer(() => void this.#attempt(), delay);
  }

  #detach(): void {
    const socket = this.#socket;
    this.#socket = undefined;
    this.#clearTimer();
    const openedAt = this.#openedAt;
    this.#openedAt = undefined;
    if (openedAt !== undefined && this.#clock.now() - openedAt >= (this.#reconnect?.stableAfterMs ?? 0)) this.#attempts = 0;
    this.#pipe.detach();
    if (socket) silence(socket);
  }

  #onNetworkChange(online: boolean): void {
    if (this.#state.value !== 'reconnecting' || this.#socket) return;
    if (!online) {
      this.#clearTimer();
      this.#waitingForNetwork = true;
      return;
    }
    if (!this.#waitingForNetwork && this.#timer === undefined) return;
    // Back online: no reason to sit out the rest of a backoff delay.
    this.#waitingForNetwork = false;
    this.#clearTimer();
    void this.#attempt();
  }

  #report(error: RxwireError): void {
    this.#lastReported = error;
    if (this.#errors.observed) this.#errors.next(error);
    else logError(this.#logger, 'connection', error);
  }

  #setTimer(callback: () => void, ms: number): void {
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      callback();
    }, ms);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Stops every timer and listener and discards unsent frames (counted as drops): the end. */
  #release(): void {
    // Messages held for a paused observer end with the stream.
    this.#held = [];
    this.#clearTimer();
    this.#pipe.discard();
    this.#stopNetworkWatch?.();
    this.#stopNetworkWatch = undefined;
    this.#waitingForNetwork = false;
  }
}

const ignore = (): void => undefined;

/**
 * Detaches our handlers from a socket we are done with. The error handler stays as a no-op: Node's
 * `ws` emits 'error' when a socket that is still connecting is closed, and an EventEmitter with no
 * error listener would throw it at the process.
 */
function silence(socket: WebSocketLike): void {
  socket.onopen = socket.onmessage = socket.onclose = null;
  socket.onerror = ignore;
}

/** Drops a socket we gave up on. A dead peer never completes a closing handshake: skip it where the socket allows. */
function dropSocket(socket: WebSocketLike): void {
  silence(socket);
  if (socket.terminate) socket.terminate();
  else {
    try {
      socket.close(4000, 'replaced');
    } catch {
      // Already closing: nothing left to release.
    }
  }
}

function closeInfo(event: { code?: number; reason?: string; wasClean?: boolean }): CloseInfo {
  return { code: event.code ?? 1006, reason: event.reason ?? '', wasClean: event.wasClean ?? false };
}

/**
 * Opens a WebSocket whose state, messages, closes and errors are observables, that reconnects by
 * itself (exponential backoff, full jitter), replaces half-open sockets, queues sends while
 * disconnected in a bounded buffer, and respects the socket's buffered amount while connected.
 *
 * @example
 * ```ts
 * const connection = webSocketConnection<Quote>({ url: 'wss://example.com/quotes' });
 * connection.messages$.subscribe((quote) => render(quote));
 * connection.send({ subscribe: 'ACME' });
 * // later
 * connection.close();
 * ```
 */
export function webSocketConnection<T = unknown>(options: WebSocketConnectionOptions<T>): Connection<T> {
  return new WebSocketConnection<T>(options);
}
