import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import {
  browserNetworkStatus,
  ClosedError,
  defaultFetch,
  redact,
  RxwireError,
  type BufferedAsyncIterator,
  type ChannelMessage,
  type ChannelSource,
  type Clock,
  type ConnectionState,
  type Logger,
  systemClock,
} from '@rxwire/core';
import { BayeuxChannel, type ChannelOwner } from './bayeuxChannel.js';
import type { BayeuxClientOptions } from './bayeuxClientOptions.js';
import { BayeuxError } from './bayeuxError.js';
import { channelMatches, isServiceChannel, isValidChannel, isWildChannel } from './channelName.js';
import { CookieJar } from './cookieJar.js';
import { runIncoming, runOutgoing, type Extension } from './extension.js';
import { createHttpAgents, keepsCookies, type HttpAgents } from './internal/httpPlatform.js';
import { PendingBudget } from './internal/pendingBudget.js';
import { LongPollingTransport } from './longPollingTransport.js';
import type { BayeuxMessage, ConnectionType } from './message.js';
import { BayeuxSession } from './session.js';
import type { BayeuxTransport, JsonFunctions } from './transport.js';
import { WebSocketTransport } from './webSocketTransport.js';

interface Run {
  session: BayeuxSession;
  transports: Map<ConnectionType, BayeuxTransport>;
  outbox: Map<ConnectionType, BayeuxMessage[]>;
  flushQueued: boolean;
  outgoing: Promise<unknown>;
  incoming: Promise<unknown>;
  agents: HttpAgents | undefined;
  stopNetworkWatch: (() => void) | undefined;
}

/**
 * A Bayeux (CometD, Faye) client: WebSocket or long-polling, whichever the server offers, with
 * reconnects, re-handshakes and re-subscriptions handled for the application.
 *
 * @example
 * ```ts
 * const client = new BayeuxClient({ url: 'https://example.com/cometd' });
 * client.channel<Quote>('/stocks/*').messages$.subscribe(({ channel, data }) => render(channel, data));
 * await client.publish('/chat/room', { text: 'hello' });
 * await client.disconnect();
 * ```
 */
export class BayeuxClient implements ChannelSource {
  private readonly stateSubject = new BehaviorSubject<ConnectionState>('idle');
  private readonly typeSubject = new BehaviorSubject<ConnectionType | undefined>(undefined);
  private readonly errorSubject = new Subject<RxwireError>();
  private readonly channels = new Map<string, BayeuxChannel<unknown>>();
  private readonly serviceWaiters = new Map<string, Array<(message: BayeuxMessage) => void>>();
  private readonly budget: PendingBudget;
  private readonly extensions: Extension[];
  private readonly json: JsonFunctions;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly urls: string[];
  private readonly cookies: CookieJar | undefined;
  private readonly headers: Record<string, string>;
  private readonly owner: ChannelOwner;
  private urlIndex = 0;
  private run: Run | undefined;
  private pageHideListener: ((event: Event) => void) | undefined;
  private connectWaiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];

  /** The connection state; `state$` replays it. */
  readonly state$: Observable<ConnectionState> = this.stateSubject.asObservable();
  /** The connection type in use; undefined until the first successful handshake. */
  readonly connectionType$: Observable<ConnectionType | undefined> = this.typeSubject.asObservable();
  /** Problems that do not end the session (bad frames, failed attempts, multiple-clients advice...). */
  readonly errors$: Observable<RxwireError> = this.errorSubject.asObservable();
  /** Total messages buffered by the client's async iterators. */
  readonly pendingCount$: Observable<number>;

  constructor(private readonly options: BayeuxClientOptions) {
    this.urls = Array.isArray(options.url) ? [...options.url] : [options.url];
    if (this.urls.length === 0) throw new RangeError('BayeuxClient needs at least one url.');
    this.extensions = [...(options.auth ? [options.auth] : []), ...(options.extensions ?? [])];
    this.json = { stringify: options.json?.stringify ?? JSON.stringify, parse: options.json?.parse ?? JSON.parse };
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? ((message, error) => console.warn(message, ...(error === undefined ? [] : [error])));
    this.cookies = keepsCookies ? new CookieJar(() => this.clock.now()) : undefined;
    this.headers = { ...options.headers };
    this.budget = new PendingBudget(
      options.maxPendingCount ?? 100,
      options.overflow ?? 'drop-oldest',
      () => this.setFetching(false),
      () => this.setFetching(true),
    );
    this.pendingCount$ = this.budget.total$;
    this.owner = {
      wireSubscribe: (name) => this.ensureRun().session.subscribe(name),
      wireUnsubscribe: (name) => this.run?.session.unsubscribe(name),
      publish: (name, data) => this.publish(name, data),
      iterate: (channel) => this.iterate(channel),
      clock: this.clock,
      graceMs: options.unsubscribeGraceMs ?? 100,
    };
  }

  get state(): ConnectionState {
    return this.stateSubject.value;
  }

  /** The server's id for this session; undefined while there is none. */
  get clientId(): string | undefined {
    return this.run?.session.clientId;
  }

  get connectionType(): ConnectionType | undefined {
    return this.typeSubject.value;
  }

  get pendingCount(): number {
    return this.budget.pendingCount;
  }

  /** Messages the async iterators' overflow policy threw away, in total. */
  get droppedCount(): number {
    return this.budget.droppedCount;
  }

  /**
   * Handshakes and resolves after the first `/meta/connect` reply. Idempotent; the client also
   * connects by itself on first use. Rejects with `TransportTimeoutError` after `connectionTimeoutMs`.
   */
  connect(): Promise<void> {
    const run = this.ensureRun();
    if (run.session.isConnected) return Promise.resolve();
    return new Promise((resolve, reject) => this.connectWaiters.push({ resolve, reject }));
  }

  /** Says goodbye to the server and releases every timer and socket. Always resolves; idempotent. */
  async disconnect(): Promise<void> {
    const run = this.run;
    if (run) await run.session.disconnect();
    for (const channel of this.channels.values()) channel.flush();
  }

  /** The channel (or `/*`, `/**` pattern) of that name; the same object for the same name. */
  channel<T = unknown>(name: string): BayeuxChannel<T> {
    let channel = this.channels.get(name);
    if (!channel) {
      if (!isValidChannel(name)) throw new BayeuxError('INVALID_CHANNEL', `Not a valid Bayeux channel name: ${name}`, { channel: name });
      channel = new BayeuxChannel<unknown>(name, this.owner);
      this.channels.set(name, channel);
    }
    return channel as BayeuxChannel<T>;
  }

  /** Publishes; resolves when the server acknowledged, rejects with a `BayeuxError` carrying its reason. */
  async publish(channel: string, data: unknown): Promise<void> {
    if (!isValidChannel(channel) || isWildChannel(channel)) {
      throw new BayeuxError('INVALID_CHANNEL', `Cannot publish to ${channel}: not a concrete channel name.`, { channel });
    }
    await this.ensureRun().session.publish(channel, data);
  }

  /**
   * Request/reply on a `/service/**` channel: resolves with the `data` of the server's reply (carried
   * by the publish acknowledgement, or by the next message the server delivers on that channel).
   */
  request(channel: string, data: unknown, options: { timeoutMs?: number } = {}): Promise<unknown> {
    if (!isServiceChannel(channel) || !isValidChannel(channel) || isWildChannel(channel)) {
      return Promise.reject(new BayeuxError('INVALID_CHANNEL', `request() needs a /service/** channel, got ${channel}.`, { channel }));
    }
    const timeoutMs = options.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      let done = false;
      const waiters = this.serviceWaiters.get(channel) ?? [];
      this.serviceWaiters.set(channel, waiters);
      const finish = (settle: () => void): void => {
        if (done) return;
        done = true;
        this.clock.clearTimeout(timer);
        const i = waiters.indexOf(onEvent);
        if (i >= 0) waiters.splice(i, 1);
        settle();
      };
      const onEvent = (message: BayeuxMessage): void => finish(() => resolve(message.data));
      waiters.push(onEvent);
      const timer = this.clock.setTimeout(
        () => finish(() => reject(new BayeuxError('REQUEST_TIMEOUT', `No reply on ${channel} within ${timeoutMs} ms.`, { channel }))),
        timeoutMs,
      );
      this.ensureRun()
        .session.publish(channel, data)
        .then(
          (reply) => {
            if ('data' in reply) finish(() => resolve(reply.data));
          },
          (error: unknown) => finish(() => reject(error)),
        );
    });
  }

  private ensureRun(): Run {
    if (this.run && !this.run.session.isClosed) return this.run;
    const agents = createHttpAgents(this.options.tls as Record<string, unknown> | undefined);
    const reconnect = this.options.reconnect;
    const timeoutGiven = this.options.connectionTimeoutMs !== undefined;
    const run: Run = {
      transports: new Map(),
      outbox: new Map(),
      flushQueued: false,
      outgoing: Promise.resolve(),
      incoming: Promise.resolve(),
      agents,
      stopNetworkWatch: undefined,
      session: undefined as unknown as BayeuxSession,
    };
    const auth = this.options.auth;
    run.session = new BayeuxSession(
      {
        clock: this.clock,
        ...(this.options.random ? { random: this.options.random } : {}),
        connectionTypes: this.options.connectionTypes ?? ['websocket', 'long-polling'],
        reconnect: reconnect === false ? false : reconnect === true || reconnect === undefined ? {} : reconnect,
        connectionTimeoutMs: timeoutGiven ? (this.options.connectionTimeoutMs as number | null) : 10_000,
        connectionTimeoutExplicit: timeoutGiven,
        ...(this.options.connectTimeoutMarginMs !== undefined ? { connectTimeoutMarginMs: this.options.connectTimeoutMarginMs } : {}),
        ...(this.options.requestTimeoutMs !== undefined ? { requestTimeoutMs: this.options.requestTimeoutMs } : {}),
        ...(auth ? { authenticate: () => auth.authenticate() } : {}),
        ...(this.options.upgradeAfterMs !== undefined ? { upgradeAfterMs: this.options.upgradeAfterMs } : {}),
        ...(this.options.maxQueuedPublishes !== undefined ? { maxQueuedPublishes: this.options.maxQueuedPublishes } : {}),
      },
      {
        send: (message, type) => this.enqueue(run, message, type),
        reset: (type) => run.transports.get(type)?.reset(),
        onState: (state) => this.onState(state),
        onConnectionType: (type) => this.typeSubject.next(type),
        onEvent: (message) => this.onEvent(message),
        onSubscribed: (name, subscribed) => this.channels.get(name)?.setSubscribed(subscribed),
        onSubscribeDenied: (name, error) => this.channels.get(name)?.fail(error),
        onError: (error) => this.report(error),
        onClosed: (error) => this.onClosed(run, error),
        onAdvice: (advice) => {
          for (const host of advice.hosts ?? []) if (typeof host === 'string' && !this.urls.includes(host)) this.urls.push(host);
        },
        onNetworkFailure: () => {
          this.urlIndex = (this.urlIndex + 1) % this.urls.length;
        },
        onHoldExpired: () => {
          for (const t of run.transports.values()) t.resume();
        },
      },
    );
    this.run = run;
    run.session.start();
    const network = this.options.network === false ? undefined : (this.options.network ?? browserNetworkStatus());
    if (network) {
      if (!network.isOnline()) run.session.setOnline(false);
      run.stopNetworkWatch = network.subscribe((online) => run.session.setOnline(online));
    }
    if (this.budget.isPaused) run.session.pause();
    this.watchPageHide(true);
    for (const channel of this.channels.values()) if (channel.active) run.session.subscribe(channel.name);
    return run;
  }

  private enqueue(run: Run, message: BayeuxMessage, type: ConnectionType): void {
    const list = run.outbox.get(type) ?? [];
    list.push(message);
    run.outbox.set(type, list);
    if (run.flushQueued) return;
    run.flushQueued = true;
    // Everything sent in the same microtask goes out as one request or frame.
    queueMicrotask(() => {
      run.flushQueued = false;
      for (const [t, messages] of run.outbox) {
        run.outbox.delete(t);
        // A failure must not break the chain: later batches still go out.
        run.outgoing = run.outgoing.then(() => this.sendBatch(run, t, messages)).catch((cause: unknown) => this.internalError(cause));
      }
    });
  }

  private async sendBatch(run: Run, type: ConnectionType, messages: BayeuxMessage[]): Promise<void> {
    let out: BayeuxMessage[];
    try {
      out = await runOutgoing(this.extensions, messages, this.headers);
    } catch (cause) {
      const error = new RxwireError('EXTENSION_FAILED', 'An outgoing extension failed; the messages were not sent.', { cause });
      this.report(error);
      run.session.failed(messages, error);
      return;
    }
    if (run.session.isClosed) return;
    if (out.length) this.transport(run, type).send(out);
  }

  private transport(run: Run, type: ConnectionType): BayeuxTransport {
    let transport = run.transports.get(type);
    if (transport) return transport;
    const sink = {
      receive: (messages: BayeuxMessage[]) => {
        run.incoming = run.incoming.then(async () => {
          let incoming = messages;
          try {
            incoming = await runIncoming(this.extensions, messages);
          } catch (cause) {
            this.report(new RxwireError('EXTENSION_FAILED', 'An incoming extension failed; the messages were used unchanged.', { cause }));
          }
          run.session.receive(incoming);
        }).catch((cause: unknown) => this.internalError(cause));
      },
      fail: (messages: BayeuxMessage[], error: RxwireError) => run.session.failed(messages, error),
    };
    const url = () => this.urls[this.urlIndex] as string;
    const o = this.options;
    transport =
      type === 'websocket'
        ? new WebSocketTransport({
            url,
            webSocketUrl: o.webSocketUrl,
            json: this.json,
            clock: this.clock,
            sink,
            WebSocket: o.WebSocket,
            headers: this.headers,
            cookies: this.cookies,
            tls: o.tls,
            maxMessageSize: o.maxMessageSize,
            openTimeoutMs: o.requestTimeoutMs ?? 10_000,
            logger: this.logger,
            onError: (error) => this.report(error),
          })
        : new LongPollingTransport({
            url,
            fetch: o.fetch ?? defaultFetch(),
            json: this.json,
            clock: this.clock,
            sink,
            headers: this.headers,
            ...(this.cookies ? { cookies: this.cookies } : { credentials: 'include' as const }),
            ...(run.agents ? { agent: run.agents.agent } : {}),
            requestTimeoutMs: (o.requestTimeoutMs ?? 10_000) + 5_000,
            onError: (error) => this.report(error),
            maxMessageSize: o.maxMessageSize,
          });
    if (this.budget.isPaused) transport.pause();
    run.transports.set(type, transport);
    return transport;
  }

  private onState(state: ConnectionState): void {
    if (state === this.stateSubject.value) return;
    this.stateSubject.next(state);
    if (state === 'connected') {
      const waiters = this.connectWaiters;
      this.connectWaiters = [];
      for (const w of waiters) w.resolve();
    }
  }

  private onEvent(message: BayeuxMessage): void {
    const waiter = this.serviceWaiters.get(message.channel)?.[0];
    waiter?.(message);
    const delivered: ChannelMessage = { channel: message.channel, data: message.data, ...(message.id !== undefined ? { id: message.id } : {}) };
    for (const channel of this.channels.values()) {
      if (channel.active && channelMatches(channel.name, message.channel)) channel.deliver(delivered);
    }
  }

  /**
   * Browsers: say goodbye when the page goes away for good (not into the back/forward cache), so
   * the server ends the session at once instead of holding it until it times out.
   */
  private watchPageHide(on: boolean): void {
    const target = globalThis as unknown as {
      addEventListener?: (type: string, listener: (event: Event) => void) => void;
      removeEventListener?: (type: string, listener: (event: Event) => void) => void;
      document?: unknown;
    };
    if (typeof target.addEventListener !== 'function' || target.document === undefined) return;
    if (on && !this.pageHideListener) {
      this.pageHideListener = (event) => {
        if (!(event as Event & { persisted?: boolean }).persisted) void this.disconnect();
      };
      target.addEventListener('pagehide', this.pageHideListener);
    } else if (!on && this.pageHideListener) {
      target.removeEventListener?.('pagehide', this.pageHideListener);
      this.pageHideListener = undefined;
    }
  }

  private onClosed(run: Run, error: RxwireError | undefined): void {
    this.watchPageHide(false);
    run.stopNetworkWatch?.();
    for (const transport of run.transports.values()) transport.close();
    run.transports.clear();
    run.outbox.clear();
    run.agents?.destroy();
    this.typeSubject.next(undefined);
    if (this.stateSubject.value !== 'closed') this.stateSubject.next('closed');
    const waiters = this.connectWaiters;
    this.connectWaiters = [];
    for (const w of waiters) w.reject(error ?? new ClosedError('The client disconnected before the connection was up.'));
    for (const channel of this.channels.values()) {
      if (error) channel.fail(error);
      else channel.complete();
    }
    if (error && this.errorSubject.observed) this.errorSubject.next(error);
  }

  private iterate<T>(channel: BayeuxChannel<T>): BufferedAsyncIterator<ChannelMessage<T>> {
    return this.budget.iterate(channel.messages$);
  }

  /** Backpressure: hold the next connect and, in Node, stop reading the WebSocket. */
  private setFetching(on: boolean): void {
    const run = this.run;
    if (!run) return;
    if (on) run.session.resume();
    else run.session.pause();
    for (const t of run.transports.values()) {
      if (on) t.resume();
      else t.pause();
    }
  }

  private internalError(cause: unknown): void {
    this.report(cause instanceof RxwireError ? cause : new RxwireError('INTERNAL', 'Unexpected failure while moving messages.', { cause }));
  }

  private report(error: RxwireError): void {
    if (this.errorSubject.observed) this.errorSubject.next(error);
    else this.logger(redact(`[rxwire] bayeux: ${error.name}: ${error.message}`));
  }
}

