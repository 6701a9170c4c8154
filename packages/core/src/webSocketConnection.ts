import { BehaviorSubject, Observable, Subject } from 'rxjs';
import { backoffDelay, resolveReconnect, type ReconnectOptions, type ResolvedReconnect } from './backoff.js';
import { BoundedQueue } from './boundedQueue.js';
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
import { Heartbeat } from './internal/heartbeat.js';
import { defaultWebSocket, isNodePlatform } from './internal/platform.js';
import { defaultLogger, logError, redact, type Logger } from './logger.js';
import type { CloseInfo, ConnectionState } from './types.js';
import { OPEN, type WebSocketConstructor, type WebSocketLike } from './webSocketLike.js';

/** Half-open detection. */
export interface HeartbeatOptions {
  /** Quiet time (no inbound traffic) before a ping is sent. @default 15_000 */
  intervalMs?: number;
  /** Time the peer has to show life after a ping before the socket is replaced. @default 10_000 */
  timeoutMs?: number;
  /**
   * An application-level ping, for browsers (which cannot send ping frames) or servers that ignore
   * them: returns the message to send. Any inbound message counts as life.
   */
  ping?: () => unknown;
  /** Use WebSocket ping frames where the socket supports them (Node's `ws`). @default true */
  useFrames?: boolean;
}

/** Node-only TLS options for `wss://` (ignored by browsers, which use the system trust store). */
export interface TlsOptions {
  /** Extra trusted certificate authorities, e.g. a self-signed test certificate. */
  ca?: string | Uint8Array | Array<string | Uint8Array>;
  cert?: string | Uint8Array;
  key?: string | Uint8Array;
  servername?: string;
}

/** Options of {@link webSocketConnection}. */
export interface WebSocketConnectionOptions<T = unknown> {
  /** `ws(s)://` (an `http(s)://` URL has its scheme swapped), or a factory called before every attempt. */
  url: string | (() => string | Promise<string>);
  protocols?: string | string[];
  /** @default jsonCodec() */
  codec?: Codec<T>;
  /** @default isomorphic-ws (`ws` in Node, the global `WebSocket` in browsers) */
  WebSocket?: WebSocketConstructor;
  /** `false` turns reconnecting off. @default exponential backoff with full jitter */
  reconnect?: ReconnectOptions | boolean;
  /** `false` turns half-open detection off. @default on (ping frames in Node) */
  heartbeat?: HeartbeatOptions | false;
  /** Time an attempt may take to open. @default 10_000 */
  connectTimeoutMs?: number;
  /** Where sends wait while not connected. @default { limit: 1000, overflow: 'error' } */
  sendBuffer?: { limit?: number; overflow?: 'drop-oldest' | 'drop-newest' | 'error' };
  /** Stop writing to the socket above this many buffered bytes... @default 1_048_576 */
  highWaterMark?: number;
  /** ...and resume below this many. @default 262_144 */
  lowWaterMark?: number;
  /** Inbound frames larger than this are discarded with `MESSAGE_TOO_LARGE`. @default unlimited */
  maxMessageSize?: number;
  /** Wait for `connect()`, a send or a `messages$` observer before connecting. @default false */
  lazy?: boolean;
  /** Node only: headers on the upgrade request. */
  headers?: Record<string, string>;
  /** Node only: TLS trust for `wss://`. */
  tls?: TlsOptions;
  /** @default console.warn */
  logger?: Logger;
  /** @default the global timers */
  clock?: Clock;
  /** @default Math.random */
  random?: () => number;
}

/**
 * Swaps `http(s)://` for `ws(s)://`; other URLs are returned as they are.
 *
 * @example
 * ```ts
 * toWebSocketUrl('https://example.com/cometd'); // 'wss://example.com/cometd'
 * ```
 */
export function toWebSocketUrl(url: string): string {
  return url.replace(/^http(s?):\/\//i, (_, secure: string) => (secure ? 'wss://' : 'ws://'));
}

const DRAIN_POLL_MS = 4;

/** @internal */
class WebSocketConnection<T> implements Connection<T> {
  private readonly stateSubject = new BehaviorSubject<ConnectionState>('idle');
  private readonly messageSubject = new Subject<T>();
  private readonly closeSubject = new Subject<CloseInfo>();
  private readonly errorSubject = new Subject<RxwireError>();
  private readonly dropSubject = new BehaviorSubject<number>(0);

  /** Replays the current state; after the end it replays `closed` and completes. */
  readonly state$ = new Observable<ConnectionState>((subscriber) => {
    if (!this.finished) return this.stateSubject.subscribe(subscriber);
    subscriber.next('closed');
    subscriber.complete();
    return undefined;
  });
  readonly messages$: Observable<T>;
  readonly closes$ = this.closeSubject.asObservable();
  readonly errors$ = this.errorSubject.asObservable();
  readonly drops$ = this.dropSubject.asObservable();

  private readonly codec: Codec<T>;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly reconnect: ResolvedReconnect | undefined;
  private readonly sendQueue: BoundedQueue<Frame>;
  private readonly highWaterMark: number;
  private readonly lowWaterMark: number;

  private socket: WebSocketLike | undefined;
  private heartbeat: Heartbeat | undefined;
  private attempts = 0;
  private everConnected = false;
  private paused = false;
  private finished = false;
  private lastSocketError: unknown;
  private connectTimer: TimerHandle | undefined;
  private reconnectTimer: TimerHandle | undefined;
  private stableTimer: TimerHandle | undefined;
  private drainTimer: TimerHandle | undefined;

  constructor(private readonly options: WebSocketConnectionOptions<T>) {
    this.codec = options.codec ?? jsonCodec<T>();
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? defaultLogger;
    this.reconnect = resolveReconnect(options.reconnect);
    this.sendQueue = new BoundedQueue(options.sendBuffer?.limit ?? 1000, options.sendBuffer?.overflow ?? 'error');
    this.highWaterMark = options.highWaterMark ?? 1_048_576;
    this.lowWaterMark = Math.min(options.lowWaterMark ?? 262_144, this.highWaterMark);
    const messages = this.messageSubject;
    this.messages$ = new Observable<T>((subscriber) => {
      this.connect();
      return messages.subscribe(subscriber);
    });
    if ((options.headers || options.tls) && !isNodePlatform) {
      this.logger('[rxwire] headers and tls options are Node-only; a browser WebSocket ignores them.');
    }
    if (!options.lazy) this.connect();
  }

  get state(): ConnectionState {
    return this.stateSubject.value;
  }

  get droppedCount(): number {
    return this.dropSubject.value;
  }

  get pendingSendCount(): number {
    return this.sendQueue.size;
  }

  connect(): void {
    if (this.state === 'idle') void this.attempt();
  }

  prepare(message: T): PreparedMessage {
    return new PreparedMessage(this.codec.encode(message));
  }

  send(message: T | PreparedMessage): boolean {
    if (this.state === 'closed') {
      this.report(new ClosedError('Cannot send: the connection is closed. Create a new connection to send again.'));
      return false;
    }
    let frame: Frame;
    try {
      frame = message instanceof PreparedMessage ? message.frame : this.codec.encode(message);
    } catch (cause) {
      this.report(new RxwireError('ENCODE_FAILED', 'Could not encode an outgoing message; it was not sent.', { cause }));
      return false;
    }
    this.connect();
    if (this.canWrite() && this.sendQueue.size === 0) {
      this.write(frame);
      return true;
    }
    const outcome = this.sendQueue.push(frame);
    if (this.state === 'connected') this.scheduleDrain();
    switch (outcome) {
      case 'queued':
      case 'paused':
        return true;
      case 'dropped-oldest':
        this.dropSubject.next(this.sendQueue.dropped);
        return true;
      case 'dropped-newest':
        this.dropSubject.next(this.sendQueue.dropped);
        return false;
      case 'overflow':
        this.dropSubject.next(this.sendQueue.dropped);
        this.report(this.sendQueue.overflowError('The send buffer'));
        return false;
    }
  }

  pause(): void {
    this.paused = true;
    this.socket?.pause?.();
  }

  resume(): void {
    this.paused = false;
    this.socket?.resume?.();
  }

  close(code = 1000, reason = ''): void {
    if (this.state === 'closed') return;
    this.clearTimers();
    const unsent = this.sendQueue.clear().length;
    if (unsent) this.dropSubject.next(this.dropSubject.value + unsent);
    const socket = this.socket;
    this.socket = undefined;
    this.setState('closed');
    this.messageSubject.complete();
    if (socket) {
      // Wait for the closing handshake to report the real close, but never hold the process for it.
      socket.onmessage = null;
      socket.onerror = null;
      socket.onopen = null;
      const giveUp = this.clock.setTimeout(() => {
        socket.onclose = null;
        socket.terminate?.();
        this.finishClose({ code: 1006, reason: 'closing handshake timed out', wasClean: false });
      }, 1000);
      (giveUp as { unref?: () => void }).unref?.();
      socket.onclose = (event) => {
        this.clock.clearTimeout(giveUp);
        this.finishClose(closeInfo(event));
      };
      try {
        socket.close(code, reason);
      } catch (cause) {
        // An invalid code or a socket still connecting: drop it without a handshake.
        this.clock.clearTimeout(giveUp);
        socket.onclose = null;
        socket.terminate?.();
        this.report(new RxwireError('CLOSE_FAILED', 'Closing handshake not possible; the socket was dropped.', { cause }));
        this.finishClose({ code: 1006, reason: 'closed without handshake', wasClean: false });
      }
    } else {
      this.finishClose(undefined);
    }
  }

  private finishClose(info: CloseInfo | undefined): void {
    this.finished = true;
    if (info) this.closeSubject.next(info);
    this.closeSubject.complete();
    this.errorSubject.complete();
    this.dropSubject.complete();
    this.stateSubject.complete();
  }

  private async attempt(): Promise<void> {
    this.setState(this.everConnected || this.attempts > 0 ? 'reconnecting' : 'connecting');
    let url: string;
    try {
      const source = this.options.url;
      // A factory runs after a microtask, so even its synchronous failure reaches errors$ observers.
      url = toWebSocketUrl(typeof source === 'string' ? source : await Promise.resolve().then(source));
    } catch (cause) {
      if (this.state === 'closed') return;
      this.failAttempt(new ConnectionLostError('The url factory failed, so no connection could be attempted.', { cause }));
      return;
    }
    if (this.state === 'closed') return;
    let socket: WebSocketLike;
    try {
      const Ctor = this.options.WebSocket ?? defaultWebSocket();
      const nodeOptions = this.nodeOptions();
      socket = nodeOptions ? new Ctor(url, this.options.protocols, nodeOptions) : new Ctor(url, this.options.protocols);
    } catch (cause) {
      this.failAttempt(new ConnectionLostError(`Could not create a WebSocket for ${redact(url)}.`, { cause }));
      return;
    }
    this.socket = socket;
    this.lastSocketError = undefined;
    socket.binaryType = 'arraybuffer';
    const timeoutMs = this.options.connectTimeoutMs ?? 10_000;
    this.connectTimer = this.clock.setTimeout(() => {
      this.connectTimer = undefined;
      this.dropSocket(socket);
      this.failAttempt(
        new TransportTimeoutError(`No WebSocket connection to ${redact(url)} within ${timeoutMs} ms (connectTimeoutMs).`),
      );
    }, timeoutMs);
    socket.onopen = () => this.onOpen(socket);
    socket.onmessage = (event) => this.onFrame(event.data);
    socket.onerror = (event) => {
      this.lastSocketError = (event as { error?: unknown }).error ?? event;
    };
    socket.onclose = (event) => this.onSocketClose(socket, closeInfo(event), url);
    if (this.paused) socket.pause?.();
  }

  private nodeOptions(): Record<string, unknown> | undefined {
    const { headers, tls } = this.options;
    if (!isNodePlatform || (!headers && !tls)) return undefined;
    return { ...(headers ? { headers } : {}), ...tls };
  }

  private onOpen(socket: WebSocketLike): void {
    if (socket !== this.socket) return;
    this.clearTimer('connectTimer');
    this.everConnected = true;
    this.stableTimer = this.clock.setTimeout(() => {
      this.stableTimer = undefined;
      this.attempts = 0;
    }, this.reconnect?.stableAfterMs ?? 0);
    // Queued sends go out before anyone reacting to 'connected' can send, to keep their order.
    this.drain();
    this.setState('connected');
    this.startHeartbeat(socket);
  }

  private onFrame(data: unknown): void {
    if (this.heartbeat) this.heartbeat.alive = true;
    const frame = data as string | ArrayBuffer;
    const size = frameSize(frame);
    const limit = this.options.maxMessageSize;
    if (limit !== undefined && size > limit) {
      this.report(new MessageTooLargeError(size, limit));
      return;
    }
    let message: T;
    try {
      message = this.codec.decode(frame);
    } catch (cause) {
      const unit = typeof frame === 'string' ? 'characters' : 'bytes';
      this.report(
        new BadFrameError(`Could not decode an inbound frame of ${size} ${unit}; it was skipped and the connection carries on.`, size, { cause }),
      );
      return;
    }
    this.messageSubject.next(message);
  }

  private onSocketClose(socket: WebSocketLike, info: CloseInfo, url: string): void {
    if (socket !== this.socket) return;
    const wasOpen = this.state === 'connected';
    this.detach();
    this.closeSubject.next(info);
    if (wasOpen) {
      this.scheduleReconnect(new ConnectionLostError(`The connection closed (code ${info.code}${info.reason ? `, ${info.reason}` : ''}).`));
    } else {
      this.failAttempt(
        new ConnectionLostError(`Could not connect to ${redact(url)} (code ${info.code}).`, { cause: this.lastSocketError }),
      );
    }
  }

  private startHeartbeat(socket: WebSocketLike): void {
    const options = this.options.heartbeat;
    if (options === false) return;
    const frames = options?.useFrames !== false && typeof socket.ping === 'function' && typeof socket.on === 'function';
    const appPing = options?.ping;
    if (!frames && !appPing) return;
    const intervalMs = options?.intervalMs ?? 15_000;
    const timeoutMs = options?.timeoutMs ?? 10_000;
    const heartbeat = new Heartbeat(
      this.clock,
      intervalMs,
      timeoutMs,
      () => {
        if (frames) socket.ping?.();
        else this.send(appPing?.() as T);
      },
      () => {
        this.report(
          new TransportTimeoutError(
            `No traffic and no pong for ${intervalMs + timeoutMs} ms: the connection is half-open and is being replaced.`,
          ),
        );
        this.dropSocket(socket);
        const info = { code: 1006, reason: 'heartbeat timeout', wasClean: false };
        this.detach();
        this.closeSubject.next(info);
        this.scheduleReconnect(undefined);
      },
    );
    if (frames) socket.on?.('pong', () => (heartbeat.alive = true));
    this.heartbeat = heartbeat;
    heartbeat.start();
  }

  private failAttempt(error: RxwireError): void {
    this.detach();
    this.report(error);
    this.scheduleReconnect(error);
  }

  private scheduleReconnect(reason: RxwireError | undefined): void {
    if (this.state === 'closed') return;
    const policy = this.reconnect;
    if (!policy) {
      this.fail(reason ?? new ConnectionLostError('The connection was lost and reconnect is off.'));
      return;
    }
    if (this.attempts >= policy.maxAttempts) {
      this.fail(
        new ConnectionLostError(`Gave up after ${this.attempts} failed reconnect attempts (reconnect.maxAttempts).`, {
          cause: reason,
        }),
      );
      return;
    }
    const delay = backoffDelay(this.attempts, policy, this.options.random);
    this.attempts++;
    this.setState('reconnecting');
    this.reconnectTimer = this.clock.setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.attempt();
    }, delay);
  }

  /** Terminal failure: report it, error `messages$`, and close. */
  private fail(error: RxwireError): void {
    this.clearTimers();
    const unsent = this.sendQueue.clear().length;
    if (unsent) this.dropSubject.next(this.dropSubject.value + unsent);
    this.report(error);
    this.setState('closed');
    this.messageSubject.error(error);
    this.finishClose(undefined);
  }

  private detach(): void {
    const socket = this.socket;
    this.socket = undefined;
    this.heartbeat?.stop();
    this.heartbeat = undefined;
    this.clearTimer('connectTimer');
    this.clearTimer('stableTimer');
    this.clearTimer('drainTimer');
    if (socket) {
      socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
    }
  }

  private dropSocket(socket: WebSocketLike): void {
    socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
    // A dead peer will never complete a closing handshake: skip it where the socket allows.
    if (socket.terminate) socket.terminate();
    else {
      try {
        socket.close(4000, 'replaced');
      } catch {
        // Already closing: nothing left to release.
      }
    }
  }

  private canWrite(): boolean {
    const socket = this.socket;
    return this.state === 'connected' && socket !== undefined && socket.readyState === OPEN && socket.bufferedAmount < this.highWaterMark;
  }

  private write(frame: Frame): void {
    try {
      this.socket?.send(frame);
    } catch (cause) {
      // The socket went away under us; its close event drives the reconnect.
      this.report(new ConnectionLostError('A send failed because the socket is no longer open.', { cause }));
    }
  }

  private drain(): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) return;
    while (this.sendQueue.size > 0 && socket.bufferedAmount < this.highWaterMark) {
      this.write(this.sendQueue.shift() as Frame);
    }
    if (this.sendQueue.size > 0) this.scheduleDrain();
  }

  private scheduleDrain(): void {
    if (this.drainTimer !== undefined) return;
    const poll = (): void => {
      this.drainTimer = undefined;
      const socket = this.socket;
      if (!socket || this.state !== 'connected') return;
      // Hysteresis: once over the high mark, wait for the low one before writing again.
      if (socket.bufferedAmount > this.lowWaterMark) this.drainTimer = this.clock.setTimeout(poll, DRAIN_POLL_MS);
      else this.drain();
    };
    this.drainTimer = this.clock.setTimeout(poll, DRAIN_POLL_MS);
  }

  private report(error: RxwireError): void {
    if (this.errorSubject.observed) this.errorSubject.next(error);
    else logError(this.logger, 'connection', error);
  }

  private setState(state: ConnectionState): void {
    if (this.stateSubject.value !== state) this.stateSubject.next(state);
  }

  private clearTimer(name: 'connectTimer' | 'reconnectTimer' | 'stableTimer' | 'drainTimer'): void {
    const handle = this[name];
    if (handle !== undefined) this.clock.clearTimeout(handle);
    this[name] = undefined;
  }

  private clearTimers(): void {
    this.heartbeat?.stop();
    this.clearTimer('connectTimer');
    this.clearTimer('reconnectTimer');
    this.clearTimer('stableTimer');
    this.clearTimer('drainTimer');
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
