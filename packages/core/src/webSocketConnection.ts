import { Observable } from 'rxjs';
import { systemClock } from './clock.js';
import { jsonCodec, type Codec, type Frame } from './codec.js';
import { PreparedMessage, type Connection } from './connection.js';
import { Heartbeat } from './connection/heartbeat.js';
import { SocketLink, type SocketEnd } from './connection/socketLink.js';
import { ClosedError, ConnectionLostError, RxwireError, TransportTimeoutError } from './errors.js';
import { SendPipe } from './internal/sendPipe.js';
import { Multicast, MulticastValue } from './multicast.js';
import { browserNetworkStatus } from './networkStatus.js';
import { PageWatch } from './connection/pageWatch.js';
import { BackoffSchedule } from './retry/backoffSchedule.js';
import { toWebSocketUrl } from './toWebSocketUrl.js';
import { resolveCredentials } from './credentials.js';
import type { HeartbeatOptions, WebSocketConnectionOptions } from './webSocketConnectionOptions.js';
import { isNodePlatform } from './internal/platform.js';
import { redact, reportError, toLogger, type Logger } from './logger.js';
import { checkWebSocketConnectionOptions } from './webSocketConnectionOptionRules.js';
import type { CloseInfo, ConnectionState, TabRole } from './types.js';
import { loadTabShare, type TabShare } from './tabs/loadTabShare.js';
import type { WebSocketLike } from './webSocketLike.js';
import { WireTap, type InspectSnapshot, type Inspectable } from './inspect/wireTap.js';

/**
 * The life of a {@link webSocketConnection}: a socket per attempt, from state to state. Each
 * socket's own life (open, frames, pausing, close) is the {@link SocketLink}'s job, when to try
 * again the {@link BackoffSchedule}'s, half-open detection the {@link Heartbeat}'s, the outbound
 * buffer the {@link SendPipe}'s.
 * @internal
 */
class WebSocketConnection<T> implements Connection<T>, Inspectable {
  readonly #state = new MulticastValue<ConnectionState>('idle');
  readonly #messages = new Multicast<T>();
  readonly #closes = new Multicast<CloseInfo>();
  readonly #errors = new Multicast<RxwireError>();
  readonly #drops = new MulticastValue(0);
  readonly #role = new MulticastValue<TabRole>('alone');

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
  readonly role$ = this.#role.observable; // this tab's role with `share`; 'alone' otherwise
  readonly inspect$; // wire events while observed (frames, state, errors): see Inspectable
  readonly #wire: WireTap; // a client above may lend its own, to add its calls and replies

  readonly #options: WebSocketConnectionOptions<T>;
  readonly #codec: Codec<T>;
  readonly #logger: Logger;
  readonly #link: SocketLink<T>;
  readonly #pipe: SendPipe;
  readonly #retry: BackoffSchedule;
  /** Both undefined with `heartbeat: false`. */
  readonly #heartbeat: Heartbeat | undefined;
  readonly #heartbeatOptions: HeartbeatOptions | undefined;

  /** The error reported last, so that a terminal failure already reported is not reported twice. */
  #lastReported: RxwireError | undefined;
  #tabs: Promise<TabShare | undefined> | undefined; // with `share`: undefined where tabs cannot share
  readonly #page: PageWatch;

  constructor(options: WebSocketConnectionOptions<T>) {
    this.#logger = toLogger(options.logger);
    // Development builds check the options up front. Production builds leave the checks out, as React
    // and TanStack Query leave out theirs: bundlers replace process.env.NODE_ENV and drop dead code.
    if (process.env.NODE_ENV !== 'production') checkWebSocketConnectionOptions(options, this.#logger);
    this.#options = options;
    this.#codec = options.codec ?? jsonCodec<T>();
    const clock = options.clock ?? systemClock;
    this.inspect$ = (this.#wire = options.wireTap ?? new WireTap(clock)).follow(this.state$);
    this.#link = new SocketLink<T>({
      codec: this.#codec,
      maxMessageSize: options.maxMessageSize,
      clock,
      wire: this.#wire,
      onOpen: (socket) => this.#onOpen(socket),
      onMessage: (message) => this.#messages.next(message),
      onTraffic: () => this.#heartbeat?.alive(),
      onEnd: (end) => this.#onSocketEnd(end),
      onProblem: (error) => this.#report(error),
    });
    this.#pipe = new SendPipe({
      ...options,
      clock,
      onDropped: (total) => this.#drops.next(total),
      report: (error) => this.#report(error),
    });
    this.#retry = new BackoffSchedule({
      reconnect: options.reconnect,
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      network: options.network === false ? undefined : (options.network ?? browserNetworkStatus()),
      clock,
      random: options.random,
      onAttemptTimeout: (timeoutMs) => {
        this.#link.drop();
        this.#failAttempt(
          new TransportTimeoutError(`No WebSocket connection to ${redact(this.#link.url)} within ${timeoutMs} ms (connectTimeoutMs).`),
        );
      },
      onGiveUp: (error) => this.#end(error),
    });
    const heartbeat = (this.#heartbeatOptions = options.heartbeat === false ? undefined : (options.heartbeat ?? {}));
    if (heartbeat) {
      this.#heartbeat = new Heartbeat({
        intervalMs: heartbeat.intervalMs,
        timeoutMs: heartbeat.timeoutMs,
        clock,
        ping: () => {
          const socket = this.#link.socket;
          if (this.#pingFrames(socket)) socket?.ping?.();
          else this.send(heartbeat.ping?.() as T);
        },
        onDead: (error) => this.#onHalfOpen(error),
      });
    }
    const page = (this.#page = new PageWatch(options, clock, { onSuspend: (why) => this.#suspend(why), onResume: () => this.#retry.setOnline(true) }));
    if (options.share) this.#tabs = loadTabShare(this, options, { role: this.#role, report: (error) => this.#report(error), page });
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
    this.#retry.start();
    this.#page.start();
    void this.#attempt();
  }

  /** The connection as it is now (credentials redacted from the url), for the devtools panel. */
  inspect(): InspectSnapshot {
    return this.#wire.snapshot({ kind: 'websocket', url: this.#link.url || this.#options.url, state: this.state, connectionType: 'websocket', role: this.#role.value, lastError: this.#lastReported });
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
    this.#wire.on?.frame('out', frame, message instanceof PreparedMessage ? undefined : message);
    return this.#pipe.offer(frame);
  }

  pause(): void {
    this.#link.pause();
  }

  resume(): void {
    this.#link.resume();
  }

  close(code = 1000, reason = ''): void {
    if (this.#state.value === 'closed') return;
    this.#release();
    this.#state.set('closed');
    this.#messages.complete();
    // Wait for the closing handshake to report the real close, but never hold the process for it.
    const closing = this.#link.close({
      code,
      reason,
      onClosed: (info) => this.#finishClose(info),
      onCloseFailed: (cause) =>
        this.#report(new RxwireError('CLOSE_FAILED', 'Closing handshake not possible; the socket was dropped.', { cause })),
    });
    if (!closing) this.#finishClose();
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
    let url: string, headers: Record<string, string> | undefined;
    try {
      const credentials = resolveCredentials(options, { toUrl: toWebSocketUrl }); // a promise only with functions
      ({ url, headers } = credentials instanceof Promise ? await credentials : credentials);
    } catch (cause) {
      if (this.#state.value === 'closed') return;
      this.#failAttempt(new ConnectionLostError('The url or headers function failed, so no connection could be attempted.', { cause }));
      return;
    }
    if (this.#state.value === 'closed') return;
    // Shared: the leader opens the real socket, a follower gets one routed through the leader (and
    // the connection may have closed meanwhile). Where tabs cannot share, the link makes the socket.
    let shared: WebSocketLike | undefined;
    try {
      if (this.#tabs) shared = await this.#tabs.then((tabs) => tabs?.open(url));
      if (this.state === 'closed') return shared?.close();
      this.#link.open({ ...options, url, headers, socket: shared });
    } catch (cause) {
      this.#failAttempt(
        cause instanceof ConnectionLostError ? cause : new ConnectionLostError(`Could not create a WebSocket for ${redact(url)}.`, { cause }),
      );
      return;
    }
    this.#retry.attemptStarted();
  }

  #onOpen(socket: WebSocketLike): void {
    this.#retry.connected();
    // Queued sends go out before anyone reacting to 'connected' can send, to keep their order.
    this.#pipe.attach(socket);
    this.#state.set('connected');
    const heartbeat = this.#heartbeat;
    if (!heartbeat) return;
    // Browsers cannot send ping frames: there the heartbeat needs the application's ping.
    const frames = this.#pingFrames(socket);
    if (!frames && !this.#heartbeatOptions?.ping) return;
    if (frames) {
      socket.on?.('pong', () => {
        if (socket === this.#link.socket) heartbeat.alive();
      });
    }
    heartbeat.start();
  }

  #onSocketEnd({ info, wasOpen, error }: SocketEnd): void {
    this.#detach();
    this.#closes.next(info);
    if (wasOpen) this.#retryLater(error);
    else this.#failAttempt(error);
  }

  /** The heartbeat found the socket half-open: replace it. */
  #onHalfOpen(error: TransportTimeoutError): void {
    this.#report(error);
    this.#link.drop();
    this.#detach();
    this.#closes.next({ code: 1006, reason: 'heartbeat timeout', wasClean: false });
    this.#retryLater();
  }

  /** The page is frozen, in the bfcache or idle: close the socket (1000: browsers allow no other code below 3000), hold retries. */
  #suspend(reason: string): void {
    const socket = this.#link.detach();
    this.#detach();
    socket?.close(1000, reason);
    if (socket) this.#closes.next({ code: 1000, reason, wasClean: true });
    this.#retry.setOnline(false); // offline holds a retry until told otherwise: here, until the page is back
    this.#retryLater();
  }

  #pingFrames(socket: WebSocketLike | undefined): boolean {
    return this.#heartbeatOptions?.useFrames !== false && typeof socket?.ping === 'function' && typeof socket.on === 'function';
  }

  #failAttempt(error: RxwireError): void {
    this.#detach();
    this.#report(error);
    this.#retryLater(error);
  }

  /** Hands the next attempt to the retry schedule, which may give up instead (see #end). */
  #retryLater(failure?: RxwireError): void {
    this.#retry.retry(() => void this.#attempt(), { failure });
    if (this.#state.value !== 'closed') this.#state.set('reconnecting');
  }

  /** The socket is gone (or never opened): stop what ran for it. */
  #detach(): void {
    this.#link.detach();
    this.#heartbeat?.stop();
    this.#retry.disconnected();
    this.#pipe.detach();
  }

  /** The retry schedule gave up: report it, error `messages$`, and close. */
  #end(error: RxwireError): void {
    this.#release();
    if (error !== this.#lastReported) this.#report(error);
    this.#state.set('closed');
    this.#messages.error(error);
    this.#finishClose();
  }

  #report(error: RxwireError): void {
    this.#lastReported = error;
    this.#wire.on?.error(error);
    reportError(this.#errors, this.#logger, 'connection', error);
  }

  /** Stops every timer and listener and discards unsent frames (counted as drops): the end. */
  #release(): void {
    // Messages held for a paused observer end with the stream.
    this.#link.discardHeld();
    this.#heartbeat?.stop();
    this.#page.stop();
    this.#retry.close();
    this.#pipe.discard();
  }
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
export function webSocketConnection<T = unknown>(options: WebSocketConnectionOptions<T>): Connection<T> & Inspectable & { readonly role$: Observable<TabRole> } {
  return new WebSocketConnection<T>(options);
}
