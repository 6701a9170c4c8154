import type { Observable } from 'rxjs';
import {
  browserNetworkStatus,
  ClosedError,
  Multicast,
  MulticastValue,
  redact,
  RxwireError,
  type ChannelMessage,
  type ChannelSource,
  type Clock,
  type ConnectionState,
  type Logger,
  systemClock,
  toLogger,
} from '@rxwire/core';
import { BayeuxChannel, type ChannelOwner } from './bayeuxChannel.js';
import type { BayeuxClientOptions } from './bayeuxClientOptions.js';
import { checkBayeuxClientOptions } from './bayeuxClientOptionRules.js';
import { BayeuxError } from './bayeuxError.js';
import { channelMatches, isServiceChannel, isValidChannel, isWildChannel } from './channelName.js';
import type { CookieJar } from './cookieJar.js';
import type { Extension } from './extension.js';
import { createTransport } from './internal/createTransport.js';
import { enqueue, type Outbox } from './internal/outbox.js';
import { createCookieJar, createHttpAgents, type HttpAgents } from './internal/httpPlatform.js';
import { serviceRequest, type ServiceWaiters } from './internal/serviceRequest.js';
import { badItem, toMessageArray, type BayeuxMessage, type ConnectionType } from './message.js';
import { BayeuxSession } from './session.js';
import type { BayeuxTransport, JsonFunctions, TransportSink } from './transport.js';

interface Run {
  session: BayeuxSession;
  transports: Map<ConnectionType, BayeuxTransport>;
  outbox: Outbox;
  outgoing: Promise<unknown>;
  incoming: Promise<unknown>;
  agents: HttpAgents | undefined;
  stopNetworkWatch: (() => void) | undefined;
}

type Waiter = { resolve: () => void; reject: (e: unknown) => void };

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
  readonly #state = new MulticastValue<ConnectionState>('idle');
  readonly #type = new MulticastValue<ConnectionType | undefined>(undefined);
  readonly #errors = new Multicast<RxwireError>();
  readonly #pending = new MulticastValue(0);
  readonly #channels = new Map<string, BayeuxChannel<unknown>>();
  /** The `/*` and `/**` patterns among them: an event is matched against these, and looked up by name. */
  readonly #patterns: BayeuxChannel<unknown>[] = [];
  readonly #serviceWaiters: ServiceWaiters = new Map();
  readonly #options: BayeuxClientOptions;
  readonly #extensions: Extension[];
  /** Whether some extension has an incoming (outgoing) hook: without, messages move without waiting. */
  readonly #incomingHooks: boolean;
  readonly #outgoingHooks: boolean;
  readonly #json: JsonFunctions;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #urls: string[];
  readonly #cookies: CookieJar | undefined;
  readonly #headers: Record<string, string>;
  readonly #owner: ChannelOwner;
  #urlIndex = 0;
  #run: Run | undefined;
  #paused = false;
  readonly #pageHide = (event: Event): void => {
    if (!(event as Event & { persisted?: boolean }).persisted) void this.disconnect();
  };
  #connectWaiters: Waiter[] = [];

  /** The connection state; `state$` replays it. */
  readonly state$: Observable<ConnectionState> = this.#state.observable;
  /** The connection type in use; undefined until the first successful handshake. */
  readonly connectionType$: Observable<ConnectionType | undefined> = this.#type.observable;
  /** Problems that do not end the session (bad frames, failed attempts, multiple-clients advice...). */
  readonly errors$: Observable<RxwireError> = this.#errors.observable;
  /** Total messages buffered by the client's async iterators. */
  readonly pendingCount$: Observable<number> = this.#pending.observable;

  constructor(options: BayeuxClientOptions) {
    const logger = (this.#logger = toLogger(options.logger));
    // Development builds check the options up front. Production builds leave the checks out, as React
    // and TanStack Query leave out theirs: bundlers replace process.env.NODE_ENV and drop dead code.
    if (process.env.NODE_ENV !== 'production') checkBayeuxClientOptions(options, logger);
    this.#options = options;
    this.#urls = Array.isArray(options.url) ? [...options.url] : [options.url];
    const extensions = (this.#extensions = [...(options.auth ? [options.auth] : []), ...(options.extensions ?? [])]);
    this.#incomingHooks = extensions.some((e) => e.incoming);
    this.#outgoingHooks = extensions.some((e) => e.outgoing);
    this.#json = { stringify: options.json?.stringify ?? JSON.stringify, parse: options.json?.parse ?? JSON.parse };
    const clock = (this.#clock = options.clock ?? systemClock);
    this.#cookies = createCookieJar(() => clock.now());
    this.#headers = { ...options.headers };
    this.#owner = {
      sub: (name) => this.#ensureRun().session.subscribe(name),
      unsub: (name) => this.#run?.session.unsubscribe(name),
      publish: (name, data) => this.publish(name, data),
      pending: () => this.#updatePending(),
      clock,
      graceMs: options.unsubscribeGraceMs ?? 100,
      limit: options.maxPendingCount ?? 100,
      overflow: options.overflow ?? 'drop-oldest',
    };
  }

  get state(): ConnectionState {
    return this.#state.value;
  }

  /** The server's id for this session; undefined while there is none. */
  get clientId(): string | undefined {
    return this.#run?.session.clientId;
  }

  get connectionType(): ConnectionType | undefined {
    return this.#type.value;
  }

  get pendingCount(): number {
    return this.#pending.value;
  }

  /** Messages the async iterators' overflow policy threw away, in total. */
  get droppedCount(): number {
    let dropped = 0;
    for (const channel of this.#channels.values()) dropped += channel.droppedCount;
    return dropped;
  }

  /**
   * Handshakes and resolves after the first `/meta/connect` reply. Idempotent; the client also
   * connects by itself on first use. Rejects with `TransportTimeoutError` after `connectionTimeoutMs`.
   */
  connect(): Promise<void> {
    const run = this.#ensureRun();
    if (run.session.isConnected) return Promise.resolve();
    return new Promise((resolve, reject) => this.#connectWaiters.push({ resolve, reject }));
  }

  /** Says goodbye to the server and releases every timer and socket. Always resolves; idempotent. */
  async disconnect(): Promise<void> {
    await this.#run?.session.disconnect();
    for (const channel of this.#channels.values()) channel.flush();
  }

  /** The channel (or `/*`, `/**` pattern) of that name; the same object for the same name. */
  channel<T = unknown>(name: string): BayeuxChannel<T> {
    let channel = this.#channels.get(name);
    if (!channel) {
      if (!isValidChannel(name)) throw new BayeuxError('INVALID_CHANNEL', `Not a valid Bayeux channel name: ${name}`, { channel: name });
      channel = new BayeuxChannel<unknown>(name, this.#owner);
      this.#channels.set(name, channel);
      if (isWildChannel(name)) this.#patterns.push(channel);
    }
    return channel as BayeuxChannel<T>;
  }

  /** Publishes; resolves when the server acknowledged, rejects with a `BayeuxError` carrying its reason. */
  publish(channel: string, data: unknown): Promise<void> {
    if (!isValidChannel(channel) || isWildChannel(channel)) {
      return Promise.reject(new BayeuxError('INVALID_CHANNEL', `Cannot publish to ${channel}: not a concrete channel name.`, { channel }));
    }
    return this.#ensureRun()
      .session.publish(channel, data)
      .then(() => undefined);
  }

  /**
   * Request/reply on a `/service/**` channel: resolves with the `data` of the server's reply (carried
   * by the publish acknowledgement, or by the next message the server delivers on that channel).
   */
  request(channel: string, data: unknown, options: { timeoutMs?: number } = {}): Promise<unknown> {
    if (!isServiceChannel(channel) || !isValidChannel(channel) || isWildChannel(channel)) {
      return Promise.reject(new BayeuxError('INVALID_CHANNEL', `request() needs a /service/** channel, got ${channel}.`, { channel }));
    }
    const run = (): Promise<BayeuxMessage> => this.#ensureRun().session.publish(channel, data);
    return serviceRequest(this.#serviceWaiters, this.#clock, channel, options.timeoutMs ?? 10_000, run);
  }

  #ensureRun(): Run {
    const current = this.#run;
    if (current && !current.session.isClosed) return current;
    const o = this.#options;
    const timeoutGiven = o.connectionTimeoutMs !== undefined;
    const auth = o.auth;
    const run: Run = {
      transports: new Map(),
      outbox: new Map(),
      outgoing: Promise.resolve(),
      incoming: Promise.resolve(),
      agents: createHttpAgents(o.tls as Record<string, unknown> | undefined),
      stopNetworkWatch: undefined,
      session: undefined as unknown as BayeuxSession,
    };
    /** Sends a batch: through the outgoing extensions when there are any, else straight to the transport. */
    const flush = (type: ConnectionType, messages: BayeuxMessage[]): void => {
      // Extensions may be async: batches wait for the ones before. A failure must not break the chain.
      if (this.#outgoingHooks) run.outgoing = run.outgoing.then(() => this.#sendBatch(run, type, messages)).catch((cause: unknown) => this.#internalError(cause));
      else this.#send(run, type, messages);
    };
    const session = (run.session = new BayeuxSession(
      {
        ...o,
        clock: this.#clock,
        connectionTypes: o.connectionTypes ?? ['websocket', 'long-polling'],
        connectionTimeoutMs: timeoutGiven ? (o.connectionTimeoutMs as number | null) : 10_000,
        connectionTimeoutExplicit: timeoutGiven,
        authenticate: auth && (() => auth.authenticate()),
      },
      {
        send: (message, type) => enqueue(run.outbox, message, type, flush),
        open: (type) => this.#transport(run, type).open?.(),
        reset: (type) => run.transports.get(type)?.reset(),
        onState: (state) => {
          this.#state.set(state);
          if (state === 'connected') this.#settleConnect();
        },
        onConnectionType: (type) => this.#type.next(type),
        onEvent: (message) => this.#onEvent(message),
        onSubscribed: (name, subscribed) => this.#channels.get(name)?.setSubscribed(subscribed),
        onSubscribeDenied: (name, error) => this.#channels.get(name)?.end(error),
        onError: (error) => this.#report(error),
        onClosed: (error) => this.#onClosed(run, error),
        onAdvice: (advice) => {
          for (const host of advice.hosts ?? []) if (!this.#urls.includes(host)) this.#urls.push(host);
        },
        onNetworkFailure: () => {
          this.#urlIndex = (this.#urlIndex + 1) % this.#urls.length;
        },
        onHoldExpired: () => {
          for (const t of run.transports.values()) t.resume();
        },
      },
    ));
    this.#run = run;
    session.start();
    const network = o.network === false ? undefined : (o.network ?? browserNetworkStatus());
    if (network) {
      if (!network.isOnline()) session.setOnline(false);
      run.stopNetworkWatch = network.subscribe((online) => session.setOnline(online));
    }
    if (this.#paused) session.pause();
    this.#watchPageHide(true);
    for (const channel of this.#channels.values()) if (channel.active) session.subscribe(channel.name);
    return run;
  }

  async #sendBatch(run: Run, type: ConnectionType, messages: BayeuxMessage[]): Promise<void> {
    let out = messages;
    try {
      for (const extension of this.#extensions) if (extension.outgoing) out = await extension.outgoing(out, this.#headers);
    } catch (cause) {
      const error = new RxwireError('EXTENSION_FAILED', 'An outgoing extension failed; the messages were not sent.', { cause });
      this.#report(error);
      run.session.failed(messages, error);
      return;
    }
    this.#send(run, type, out);
  }

  #send(run: Run, type: ConnectionType, messages: BayeuxMessage[]): void {
    try {
      if (!run.session.isClosed && messages.length) this.#transport(run, type).send(messages);
    } catch (cause) {
      this.#internalError(cause);
    }
  }

  /** Incoming extensions, in order, on what is a message; a failing one leaves the messages as they were. */
  async #incoming(received: BayeuxMessage[]): Promise<BayeuxMessage[]> {
    const messages = toMessageArray(received, (item, why) => this.#report(badItem(item, why)));
    let current = messages;
    try {
      for (const extension of this.#extensions) if (extension.incoming) current = await extension.incoming(current);
    } catch (cause) {
      this.#report(new RxwireError('EXTENSION_FAILED', 'An incoming extension failed; the messages were used unchanged.', { cause }));
      return messages;
    }
    return current;
  }

  #transport(run: Run, type: ConnectionType): BayeuxTransport {
    let transport = run.transports.get(type);
    if (transport) return transport;
    const session = run.session;
    const sink: TransportSink = {
      receive: (messages) => {
        if (this.#incomingHooks) {
          run.incoming = run.incoming.then(async () => session.receive(await this.#incoming(messages))).catch((cause: unknown) => this.#internalError(cause));
          return;
        }
        // No extension to wait for: straight to the session.
        try {
          session.receive(messages);
        } catch (cause) {
          this.#internalError(cause);
        }
      },
      fail: (messages, error) => session.failed(messages, error),
    };
    transport = createTransport(
      type,
      this.#options,
      {
        url: () => this.#urls[this.#urlIndex] as string,
        json: this.#json,
        clock: this.#clock,
        sink,
        headers: this.#headers,
        cookies: this.#cookies,
        maxMessageSize: this.#options.maxMessageSize,
      },
      run.agents?.agent,
      this.#logger,
      (error) => this.#report(error),
    );
    if (this.#paused) transport.pause();
    run.transports.set(type, transport);
    return transport;
  }

  #settleConnect(error?: unknown): void {
    const waiters = this.#connectWaiters;
    this.#connectWaiters = [];
    for (const w of waiters) {
      if (error) w.reject(error);
      else w.resolve();
    }
  }

  #onEvent(message: BayeuxMessage): void {
    const name = message.channel;
    this.#serviceWaiters.get(name)?.[0]?.(undefined, message);
    const delivered: ChannelMessage = { channel: name, data: message.data };
    if (message.id !== undefined) delivered.id = message.id;
    for (const channel of this.#patterns) if (channel.active && channelMatches(channel.name, name)) channel.deliver(delivered);
    const exact = this.#channels.get(name);
    // A (bogus) event on a pattern's own name was matched above.
    if (exact?.active && !isWildChannel(name)) exact.deliver(delivered);
  }

  /**
   * Browsers: say goodbye when the page goes away for good (not into the back/forward cache), so
   * the server ends the session at once instead of holding it until it times out.
   */
  #watchPageHide(on: boolean): void {
    const target = globalThis as unknown as Record<string, ((type: string, listener: (event: Event) => void) => void) | undefined>;
    // Adding the same listener twice, or removing one that is not there, changes nothing.
    if (target['document'] !== undefined) target[on ? 'addEventListener' : 'removeEventListener']?.('pagehide', this.#pageHide);
  }

  #onClosed(run: Run, error: RxwireError | undefined): void {
    this.#watchPageHide(false);
    run.stopNetworkWatch?.();
    for (const transport of run.transports.values()) transport.close();
    run.transports.clear();
    run.outbox.clear();
    run.agents?.destroy();
    this.#type.next(undefined);
    this.#state.set('closed');
    this.#settleConnect(error ?? new ClosedError('The client disconnected before the connection was up.'));
    for (const channel of this.#channels.values()) channel.end(error);
    if (error && this.#errors.observed) this.#errors.next(error);
  }

  /**
   * The client's budget of buffered messages across all its async iterators (aiocometd's
   * `max_pending_count`): when they hold `maxPendingCount` together, fetching pauses (the next
   * connect is held and, in Node, the WebSocket stops reading); at half, it resumes.
   */
  #updatePending(): void {
    let total = 0;
    for (const channel of this.#channels.values()) total += channel.pendingCount;
    this.#pending.set(total);
    const limit = this.#owner.limit;
    const on = this.#paused;
    if (on ? total > limit / 2 : total < limit) return;
    this.#paused = !on;
    const run = this.#run;
    if (!run) return;
    if (on) run.session.resume();
    else run.session.pause();
    for (const t of run.transports.values()) {
      if (on) t.resume();
      else t.pause();
    }
  }

  #internalError(cause: unknown): void {
    this.#report(cause instanceof RxwireError ? cause : new RxwireError('INTERNAL', 'Unexpected failure while moving messages.', { cause }));
  }

  #report(error: RxwireError): void {
    if (this.#errors.observed) this.#errors.next(error);
    else this.#logger(redact(`[rxwire] bayeux: ${error.name}: ${error.message}`));
  }
}
