import { BehaviorSubject, Observable, Subject } from 'rxjs';
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
import { Heartbeat } from './internal/heartbeat.js';
import { SendPipe } from './internal/sendPipe.js';
import { browserNetworkStatus, type NetworkStatus } from './networkStatus.js';
import { toWebSocketUrl } from './toWebSocketUrl.js';
import type { WebSocketConnectionOptions } from './webSocketConnectionOptions.js';
import { defaultWebSocket, isNodePlatform } from './internal/platform.js';
import { defaultLogger, logError, redact, type Logger } from './logger.js';
import type { CloseInfo, ConnectionState } from './types.js';
import type { WebSocketLike } from './webSocketLike.js';

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
  private readonly sendPipe: SendPipe;
  private readonly network: NetworkStatus | undefined;
  private stopNetworkWatch: (() => void) | undefined;
  private waitingForNetwork = false;

  private socket: WebSocketLike | undefined;
  private heartbeat: Heartbeat | undefined;
  private attempts = 0;
  private everConnected = false;
  private paused = false;
  private finished = false;
  private lastReported: RxwireError | undefined;
  private lastSocketError: unknown;
  private connectTimer: TimerHandle | undefined;
  private reconnectTimer: TimerHandle | undefined;
  private stableTimer: TimerHandle | undefined;

  constructor(private readonly options: WebSocketConnectionOptions<T>) {
    this.codec = options.codec ?? jsonCodec<T>();
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? defaultLogger;
    this.reconnect = resolveReconnect(options.reconnect);
    const highWaterMark = options.highWaterMark ?? 1_048_576;
    this.sendPipe = new SendPipe({
      clock: this.clock,
      limit: options.sendBuffer?.limit ?? 1000,
      overflow: options.sendBuffer?.overflow ?? 'error',
      highWaterMark,
      lowWaterMark: Math.min(options.lowWaterMark ?? 262_144, highWaterMark),
      report: (error) => this.report(error),
      onDrop: (total) => this.dropSubject.next(total),
    });
    this.network = options.network === false ? undefined : (options.network ?? browserNetworkStatus());
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
    return this.sendPipe.size;
  }

  connect(): void {
    if (this.state !== 'idle') return;
    this.stopNetworkWatch = this.network?.subscribe((online) => this.onNetworkChange(online));
    void this.attempt();
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
    return this.sendPipe.offer(frame);
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
    this.release();
    const socket = this.socket;
    this.socket = undefined;
    this.setState('closed');
    this.messageSubject.complete();
    if (socket) {
      // Wait for the closing handshake to report the real close, but never hold the process for it.
      socket.onmessage = null;
      socket.onerror = ignore;
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
    this.sendPipe.attach(socket);
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
        new ConnectionLostError(
          `Could not connect to ${redact(url)}${describeCause(this.lastSocketError)} (code ${info.code}). It will be retried if reconnect allows.`,
          { cause: this.lastSocketError },
        ),
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
    this.setState('reconnecting');
    if (this.network && !this.network.isOnline()) {
      // Attempts while offline would only burn the backoff budget: wait for the network instead.
      this.waitingForNetwork = true;
      return;
    }
    const delay = backoffDelay(this.attempts, policy, this.options.random);
    this.attempts++;
    this.reconnectTimer = this.clock.setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.attempt();
    }, delay);
  }

  /** Terminal failure: report it, error `messages$`, and close. */
  private fail(error: RxwireError): void {
    this.release();
    if (error !== this.lastReported) this.report(error);
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
    this.sendPipe.detach();
    if (socket) {
      silence(socket);
    }
  }

  private dropSocket(socket: WebSocketLike): void {
    silence(socket);
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

  private onNetworkChange(online: boolean): void {
    if (this.state !== 'reconnecting' || this.socket) return;
    if (!online) {
      this.clearTimer('reconnectTimer');
      this.waitingForNetwork = true;
      return;
    }
    if (!this.waitingForNetwork && this.reconnectTimer === undefined) return;
    // Back online: no reason to sit out the rest of a backoff delay.
    this.waitingForNetwork = false;
    this.clearTimer('reconnectTimer');
    void this.attempt();
  }

  private report(error: RxwireError): void {
    this.lastReported = error;
    if (this.errorSubject.observed) this.errorSubject.next(error);
    else logError(this.logger, 'connection', error);
  }

  private setState(state: ConnectionState): void {
    if (this.stateSubject.value !== state) this.stateSubject.next(state);
  }

  private clearTimer(name: 'connectTimer' | 'reconnectTimer' | 'stableTimer'): void {
    const handle = this[name];
    if (handle !== undefined) this.clock.clearTimeout(handle);
    this[name] = undefined;
  }

  /** Stops every timer and listener and discards unsent frames (counted as drops): the end. */
  private release(): void {
    this.heartbeat?.stop();
    this.clearTimer('connectTimer');
    this.clearTimer('reconnectTimer');
    this.clearTimer('stableTimer');
    this.sendPipe.discard();
    this.stopNetworkWatch?.();
    this.stopNetworkWatch = undefined;
    this.waitingForNetwork = false;
  }
}

const ignore = (): void => undefined;

function describeCause(cause: unknown): string {
  return cause instanceof Error && cause.message ? `: ${redact(cause.message)}` : '';
}

/**
 * Detaches our handlers from a socket we are done with. The error handler stays as a no-op: Node's
 * `ws` emits 'error' when a socket that is still connecting is closed, and an EventEmitter with no
 * error listener would throw it at the process.
 */
function silence(socket: WebSocketLike): void {
  socket.onopen = socket.onmessage = socket.onclose = null;
  socket.onerror = ignore;
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
