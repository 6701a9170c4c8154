import type { Observable } from 'rxjs';
import {
  browserNetworkStatus,
  hasCredentialFunctions,
  Multicast,
  MulticastValue,
  reportError,
  type RxwireError,
  toLogger,
  ValidatedChannels,
  type Channel,
  type ChannelOptions,
  type ChannelSource,
  type Clock,
  type ConnectionState,
  type Logger,
  type SchemaOutput,
  type TabRole,
  systemClock,
  WireTap,
  type InspectSnapshot,
  type Inspectable,
  type WireEvent,
} from '@rxwire/core';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { BayeuxChannel, type ChannelOwner } from './bayeuxChannel.js';
import { checkBayeuxClientOptions, offeredConnectionTypes } from './bayeuxClientOptionRules.js';
import type { BayeuxClientOptions } from './bayeuxClientOptions.js';
import { BayeuxError } from './bayeuxError.js';
import { ChannelRouter } from './channelRouter.js';
import { isServiceChannel, isValidChannel, isWildChannel } from './channelName.js';
import type { Extension } from './extension.js';
import { ServiceRequests } from './serviceRequests.js';
import type { ConnectionType } from './message.js';
import { BayeuxSession } from './session/bayeuxSession.js';
import type { ContinuedSession, SessionEvent } from './session/sessionPorts.js';
import type { CookieJar } from './transports/cookieJar.js';
import type { JsonFunctions } from './transports/transport.js';
import type { TransportKit } from './transports/transportFactories.js';
import { Wire } from './transports/wire.js';
import { FailoverUrls } from './failoverUrls.js';
import { ContinuityWitness } from './continuityWitness.js';
import { loadCredentialRefresh } from './transports/loadCredentialRefresh.js';
import { BayeuxTabLink } from './tabs/bayeuxTabLink.js';
import { PageSuspension } from './pageSuspension.js';

/** One session and what lives as long as it: its wire to the network, and the network watch. */
interface Run {
  session: BayeuxSession;
  wire: Wire;
  stopNetworkWatch: (() => void) | undefined;
}

/**
 * What both entry points' `BayeuxClient` share: the facade the application talks to. It keeps what
 * outlives a session (channels, state, errors, cookies), starts a session on first use, passes the
 * session's events on, and carries out nothing of the protocol itself: that is the session's.
 * @internal
 */
export class BayeuxClientBase implements ChannelSource, Inspectable {
  readonly #state = new MulticastValue<ConnectionState>('idle');
  readonly #type = new MulticastValue<ConnectionType | undefined>(undefined);
  readonly #errors = new Multicast<RxwireError>();
  /** Schema views of the channels (`channel(name, { schema })`): what fails goes to `errors$`. */
  readonly #validated = new ValidatedChannels((error) => this.#report(error));
  readonly #pending = new MulticastValue(0);
  readonly #role = new MulticastValue<TabRole>('alone');
  /** With `share`: where session work runs (here or through the leader tab); `undefined` without. */
  readonly #tabs: BayeuxTabLink | undefined;
  readonly #services: ServiceRequests;
  readonly #router: ChannelRouter;
  readonly #options: BayeuxClientOptions;
  readonly #kit: TransportKit;
  readonly #connectionTypes: ConnectionType[];
  readonly #extensions: Extension[];
  /** Says, per channel that holds again after a loss, whether anything may have been missed. */
  readonly #witness: ContinuityWitness;
  readonly #json: JsonFunctions;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #urls: FailoverUrls;
  readonly #cookies: CookieJar | undefined;
  readonly #headers: Record<string, string>;
  /** With `url` or `headers` functions: resolves them before a new attempt. */
  readonly #refreshCredentials: (() => Promise<void>) | undefined;
  readonly #owner: ChannelOwner;
  #run: Run | undefined;
  /** With `share`: the session another tab ran, which this tab's next run continues (see BayeuxTabShare). */
  #continued: ContinuedSession | undefined;
  readonly #wire: WireTap;
  #lastError: RxwireError | undefined;
  /** Whether fetching is paused because the async iterators hold `maxPendingCount` messages. */
  #paused = false;
  readonly #page: PageSuspension;

  /** The connection state; `state$` replays it. */
  readonly state$: Observable<ConnectionState> = this.#state.observable;
  /** The connection type in use; undefined until the first successful handshake. */
  readonly connectionType$: Observable<ConnectionType | undefined> = this.#type.observable;
  /** Problems that do not end the session (bad frames, failed attempts, multiple-clients advice...). */
  readonly errors$: Observable<RxwireError> = this.#errors.observable;
  /** Total messages buffered by the client's async iterators. */
  readonly pendingCount$: Observable<number> = this.#pending.observable;
  /** Wire events while observed: each message in and out (one per message of a batch), state, errors. */
  readonly inspect$: Observable<WireEvent>;
  /** Replays this tab's role with `share`: 'leader', 'follower', or 'alone' (also without `share`). */
  readonly role$: Observable<TabRole> = this.#role.observable;

  /** @internal */
  constructor(options: BayeuxClientOptions, kit: TransportKit) {
    const logger = (this.#logger = toLogger(options.logger));
    // Development builds check the options up front. Production builds leave the checks out, as React
    // and TanStack Query leave out theirs: bundlers replace process.env.NODE_ENV and drop dead code.
    if (process.env.NODE_ENV !== 'production') checkBayeuxClientOptions(options, logger);
    this.#options = options;
    this.#kit = kit;
    // A url function's URL takes the first place once it has given one (before the first handshake).
    const urls = typeof options.url === 'function' ? [''] : Array.isArray(options.url) ? options.url : [options.url];
    this.#urls = new FailoverUrls({ urls, followAdviceHosts: options.followAdviceHosts });
    this.#connectionTypes = offeredConnectionTypes(options, Object.keys(kit.factories) as ConnectionType[]);
    this.#extensions = [...(options.auth ? [options.auth] : []), ...(options.extensions ?? [])];
    this.#witness = new ContinuityWitness(this.#extensions);
    this.#json = { stringify: options.json?.stringify ?? JSON.stringify, parse: options.json?.parse ?? JSON.parse };
    const clock = (this.#clock = options.clock ?? systemClock);
    this.inspect$ = (this.#wire = new WireTap(clock)).follow(this.state$);
    this.#services = new ServiceRequests(clock);
    this.#router = new ChannelRouter(this.#services);
    this.#cookies = kit.http?.cookieJar(() => clock.now());
    this.#headers = typeof options.headers === 'function' ? {} : { ...options.headers };
    this.#refreshCredentials = hasCredentialFunctions(options) ? loadCredentialRefresh(options, this.#urls, this.#headers) : undefined;
    const tabs = (this.#tabs = BayeuxTabLink.of(options));
    // A wire subscribe here waits while the page sleeps; with `share`, the link says here or through the leader tab.
    const subscribeHere = (name: string): unknown => this.#page.holds() || this.#ensureRun().session.subscribe(name);
    this.#owner = {
      sub: (name) => (tabs ? tabs.subscribe(name, () => subscribeHere(name)) : subscribeHere(name)),
      unsub: (name) => (tabs ? tabs.unsubscribe(name, () => this.#run?.session.unsubscribe(name)) : this.#run?.session.unsubscribe(name)),
      publish: (name, data) => this.publish(name, data),
      pending: () => this.#updatePending(),
      clock,
      graceMs: options.unsubscribeGraceMs ?? 100,
      limit: options.maxPendingCount ?? 100,
      overflow: options.overflow ?? 'drop-oldest',
    };
    const session = { current: () => this.#run?.session, extensions: this.#extensions, witness: this.#witness, continueWith: (c?: ContinuedSession) => (this.#continued = c) };
    this.#page = new PageSuspension({ options, clock, tabs, client: { dropRun: (end) => this.#dropRun(end), continueWith: session.continueWith, reconnect: () => void this.#ensureRun(), disconnect: () => void this.disconnect() } });
    tabs?.load(this, { router: this.#router, state: this.#state, type: this.#type, role: this.#role, session, report: (error) => this.#report(error), dropRun: () => this.#dropRun(), disconnectHere: (goodbye) => this.#disconnectHere(goodbye) });
  }

  get state(): ConnectionState {
    return this.#state.value;
  }

  /** The server's id for this session; undefined while there is none. */
  get clientId(): string | undefined {
    return this.#tabs?.clientId ?? this.#run?.session.clientId;
  }

  get connectionType(): ConnectionType | undefined {
    return this.#type.value;
  }

  get pendingCount(): number {
    return this.#pending.value;
  }

  /** The client as it is now (url redacted, session, channels), for the devtools panel. */
  inspect(): InspectSnapshot {
    const { state, connectionType, clientId } = this;
    const channels = [...this.#router.values()].map((channel) => channel.snapshot());
    return this.#wire.snapshot({ kind: 'bayeux', url: this.#urls.current(), state, connectionType, clientId, lastError: this.#lastError, channels });
  }

  /** Messages the async iterators' overflow policy threw away, in total. */
  get droppedCount(): number {
    let dropped = 0;
    for (const channel of this.#router.values()) dropped += channel.droppedCount;
    return dropped;
  }

  /**
   * Handshakes and resolves after the first `/meta/connect` reply. Idempotent; the client also
   * connects by itself on first use. Rejects with `TransportTimeoutError` after `connectionTimeoutMs`.
   */
  connect(): Promise<void> {
    const here = (): Promise<void> => this.#page.refusal() ?? this.#ensureRun().session.whenConnected();
    return this.#tabs ? this.#tabs.route(here, 'connect') : here();
  }

  /**
   * Says goodbye to the server and releases every timer and socket. Always resolves; idempotent.
   * With `share`: releases this tab's channels and calls only (a leader tab hands the lead over).
   */
  disconnect(): Promise<void> {
    return this.#tabs ? this.#tabs.disconnect(() => this.#disconnectHere()) : this.#disconnectHere();
  }

  /** Without `goodbye`, the server keeps the session for the tab that takes over (`share`). */
  async #disconnectHere(goodbye = true): Promise<void> {
    if (goodbye) this.#page.leave();
    await (goodbye ? this.#run?.session.disconnect() : this.#run?.session.abandon());
    for (const channel of this.#router.values()) channel.flush();
  }

  /** The channel (or `/*`, `/**` pattern) of that name; the same object for the same name. */
  channel<T = unknown>(name: string): BayeuxChannel<T>;
  /**
   * The channel seen through a Standard Schema (zod, valibot...): `messages$` carries the schema's
   * output; a message whose `data` fails is not delivered and goes to `errors$` as `INVALID_MESSAGE`.
   */
  channel<S extends StandardSchemaV1>(name: string, options: { schema: S }): Channel<SchemaOutput<S>>;
  channel<T = unknown>(name: string, options?: ChannelOptions): Channel<T>;
  channel(name: string, options: ChannelOptions = {}): Channel<unknown> {
    let channel = this.#router.get(name);
    if (!channel) {
      if (!isValidChannel(name)) throw new BayeuxError('INVALID_CHANNEL', `Not a valid Bayeux channel name: ${name}`, { channel: name });
      channel = new BayeuxChannel<unknown>(name, this.#owner);
      this.#router.add(channel);
    }
    return options.schema ? this.#validated.get(channel, options.schema) : channel;
  }

  /** Publishes; resolves when the server acknowledged, rejects with a `BayeuxError` carrying its reason. */
  publish(channel: string, data: unknown): Promise<void> {
    if (!isValidChannel(channel) || isWildChannel(channel)) {
      return Promise.reject(new BayeuxError('INVALID_CHANNEL', `Cannot publish to ${channel}: not a concrete channel name.`, { channel }));
    }
    const here = (): Promise<void> => this.#page.refusal() ?? this.#ensureRun().session.publish(channel, data).then(() => undefined);
    return this.#tabs ? this.#tabs.route(here, 'publish', channel, data) : here();
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
    const here = (): Promise<unknown> => this.#services.request(channel, timeoutMs, () => this.#page.refusal() ?? this.#ensureRun().session.publish(channel, data));
    return this.#tabs ? this.#tabs.route(here, 'request', channel, data, timeoutMs) : here();
  }

  /** With `share`, this tab no longer leads; or the page sleeps: `end` ends its session, its channels wait. */
  #dropRun(end = (session: BayeuxSession): unknown => session.disconnect()): boolean {
    const run = this.#run;
    this.#run = undefined;
    if (!run) return false;
    // Its events are ignored from now on (see #onSessionEvent), but for releasing its wire.
    end(run.session);
    for (const channel of this.#router.values()) channel.lost();
    this.#type.set(undefined);
    this.#state.set('reconnecting');
    return true;
  }

  #ensureRun(): Run {
    const current = this.#run;
    if (current && !current.session.isClosed) return current;
    const o = this.#options;
    const timeoutGiven = o.connectionTimeoutMs !== undefined;
    const auth = o.auth;
    // The wire is made right after the session (it delivers to the session's dispatcher); the session
    // sends nothing before start().
    const session = new BayeuxSession(
      {
        ...o,
        clock: this.#clock,
        connectionTypes: this.#kit.connectionTypes(this.#connectionTypes, this.#clock, o.upgradeAfterMs ?? 60_000),
        connectionTimeoutMs: timeoutGiven ? (o.connectionTimeoutMs as number | null) : 10_000,
        connectionTimeoutExplicit: timeoutGiven,
        authenticate: auth && (() => auth.authenticate()),
      },
      {
        transports: (effect) => run.wire.apply(effect),
        events: (event) => this.#onSessionEvent(run, event),
        // With `share`, the leader tab also passes what it delivers on to the other tabs.
        deliver: this.#tabs ? (message) => (this.#router.deliver(message), this.#tabs?.delivered(message)) : this.#router.deliver,
      },
    );
    const wire = new Wire({
      options: o,
      kit: this.#kit,
      extensions: this.#extensions,
      headers: this.#headers,
      json: this.#json,
      clock: this.#clock,
      logger: this.#logger,
      cookies: this.#cookies,
      url: () => this.#urls.current(),
      isAppUrl: (url) => this.#urls.isAppUrl(url),
      inbound: session.inbound,
      report: (error) => this.#report(error),
      tap: this.#wire,
      refreshCredentials: this.#refreshCredentials,
    });
    const run: Run = { session, wire, stopNetworkWatch: undefined };
    this.#run = run;
    if (this.#paused) wire.pause();
    session.start(this.#continued);
    this.#continued = undefined;
    const network = o.network === false ? undefined : (o.network ?? browserNetworkStatus());
    if (network) {
      if (!network.isOnline()) session.setOnline(false);
      run.stopNetworkWatch = network.subscribe((online) => session.setOnline(online));
    }
    if (this.#paused) session.pause();
    this.#page.start();
    for (const channel of this.#router.values()) if (channel.isActive) session.subscribe(channel.name);
    return run;
  }

  /** What the session reports, passed on to the application. */
  #onSessionEvent(run: Run, event: SessionEvent): void {
    if (run !== this.#run) {
      // A session dropped on a change of leader tab (see #dropRun): only its wire is left to release.
      if (event.type === 'closed') this.#release(run);
      return;
    }
    switch (event.type) {
      case 'state':
        this.#state.set(event.state);
        return;
      case 'connectionType':
        this.#type.next(event.connectionType);
        return;
      case 'subscribed':
        // A session that ended takes its channels straight to 'idle' or 'error' (see #onClosed), not via 'reconnecting'.
        if (!event.subscribed && run.session.isClosed) return;
        this.#router.get(event.channel)?.setSubscribed(event.subscribed, event.subscribed ? this.#witness.resumed(event.channel, run.session.clientId) : undefined);
        return;
      case 'subscribeDenied':
        this.#router.get(event.channel)?.denied(event.error);
        return;
      case 'error':
        this.#report(event.error);
        return;
      case 'closed':
        this.#onClosed(run, event.error);
        return;
      case 'advice':
        this.#urls.adviseHosts(event.advice.hosts ?? []);
        return;
      case 'networkFailure':
        // Another server URL (a cluster node, or advice.hosts) may be up.
        this.#urls.next();
    }
  }

  #release(run: Run): void {
    run.stopNetworkWatch?.();
    run.wire.close();
  }

  #onClosed(run: Run, error: RxwireError | undefined): void {
    this.#page.stop();
    this.#release(run);
    this.#type.next(undefined);
    this.#state.set('closed');
    // A client that failed for good fails its channels' observers (status 'error'); a disconnect ends them ('idle').
    for (const channel of this.#router.values()) {
      if (error && channel.isActive) channel.denied(error);
      else channel.end();
    }
    if (!error) return;
    this.#lastError = error;
    this.#wire.on?.error(error);
    if (this.#errors.observed) this.#errors.next(error);
  }

  /**
   * The client's budget of buffered messages across all its async iterators (aiocometd's
   * `max_pending_count`): when they hold `maxPendingCount` together, fetching pauses (the next
   * connect is held and, in Node, the WebSocket stops reading); at half, it resumes.
   */
  #updatePending(): void {
    let total = 0;
    for (const channel of this.#router.values()) total += channel.pendingCount;
    this.#pending.set(total);
    const limit = this.#owner.limit;
    const on = this.#paused;
    if (on ? total > limit / 2 : total < limit) return;
    this.#paused = !on;
    const run = this.#run;
    if (!run) return;
    if (on) {
      run.session.resume();
      run.wire.resume();
    } else {
      run.session.pause();
      run.wire.pause();
    }
  }

  #report(error: RxwireError): void {
    this.#lastError = error;
    this.#wire.on?.error(error);
    reportError(this.#errors, this.#logger, 'bayeux', error);
  }
}
