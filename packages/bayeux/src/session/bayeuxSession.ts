import { ClosedError, PendingReplies, TransportTimeoutError, type RetrySchedule, type RxwireError } from '@rxwire/core';
import type { BayeuxError } from '../bayeuxError.js';
import { badItem, CONNECT, DISCONNECT, HANDSHAKE, SUBSCRIBE, UNSUBSCRIBE, type Advice, type BayeuxMessage, type ConnectionType } from '../message.js';
import { ConnectLoop, type ConnectStep } from './connectLoop.js';
import type { ConnectionTypes } from './connectionTypePicker.js';
import { Dispatcher } from './dispatcher.js';
import { Handshake } from './handshake.js';
import { Outbox, type Publish } from './outbox.js';
import { takeStuck, type PendingRequest, type PendingRequests } from './pendingRequests.js';
import type { ContinuedSession, SessionOptions, SessionPorts } from './sessionPorts.js';
import { sessionRetrySchedule } from './sessionRetry.js';
import { SessionStatus } from './sessionStatus.js';
import { Subscriptions } from './subscriptions.js';

/**
 * The Bayeux session's state machine: which phase it is in and what moves it to the next. Its jobs
 * sit beside it, each in its file (handshake and advice, connect loop, subscriptions, outbox,
 * dispatcher). It sends effects down to the transports and events up to the client through its
 * {@link SessionPorts}; it does no I/O and reads time only through the injected clock.
 * @internal
 */
export class BayeuxSession {
  readonly #disconnectWaiters: Array<() => void> = [];
  readonly #options: SessionOptions;
  readonly #ports: SessionPorts;
  readonly #types: ConnectionTypes;
  readonly #requests: PendingRequests;
  readonly #subscriptions: Subscriptions;
  readonly #outbox: Outbox;
  readonly #handshake: Handshake;
  readonly #loop: ConnectLoop;
  /** When to retry a failed handshake or connect (backoff, offline hold) and the `connectionTimeoutMs` deadline: core's one retry schedule. */
  readonly #retry: RetrySchedule;
  /** Whether the device is online, as last told (a repeat of the same news changes nothing). */
  #online = true;
  /** Where transports deliver what they receive (the one way in). */
  readonly inbound: Dispatcher;
  readonly #status: SessionStatus;

  constructor(options: SessionOptions, ports: SessionPorts) {
    this.#options = options;
    this.#ports = ports;
    this.#status = new SessionStatus(ports.events);
    const clock = options.clock;
    const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    this.#types = options.connectionTypes;
    this.#requests = new PendingReplies<PendingRequest>({
      clock,
      onTimeout: (pending) => {
        const channel = pending.message.channel;
        if (channel === CONNECT || channel === HANDSHAKE) ports.transports({ type: 'reset', via: pending.via });
        this.inbound.failure(pending, new TransportTimeoutError(`No reply to ${channel} within ${pending.timeoutMs} ms.`));
      },
    });
    this.#subscriptions = new Subscriptions({
      notify: (channel, subscribed) => ports.events({ type: 'subscribed', channel, subscribed }),
      denied: (channel, error) => ports.events({ type: 'subscribeDenied', channel, error }),
      request: (channel) => this.#request({ channel: SUBSCRIBE, subscription: channel }),
    });
    this.#outbox = new Outbox(options.maxQueuedPublishes ?? 1000);
    this.#handshake = new Handshake(this.#types, options.authenticate);
    this.#loop = new ConnectLoop({ clock, requestTimeoutMs, connectTimeoutMarginMs: options.connectTimeoutMarginMs ?? 5_000 });
    this.#retry = sessionRetrySchedule(options, {
      // A server that kept denying the handshake until the deadline: that denial is what the app sees.
      describeGiveUp: (error) => this.#handshake.explainDeadline(error),
      onGiveUp: (error) => this.#close(error),
    });
    this.inbound = new Dispatcher({
      requests: this.#requests,
      subscriptions: this.#subscriptions,
      outbox: this.#outbox,
      session: {
        handshakeReply: (reply) => (reply.successful ? this.#onHandshakeAccepted(reply) : this.#onHandshakeDenied(reply)),
        handshakeFailed: (request, error) => this.#onHandshakeFailed(request, error),
        connectReply: (reply) => (reply.successful ? this.#onConnected() : this.#follow(this.#loop.afterDenial(reply, this.#handshake.adviceFor(this.connectionType)))),
        connectFailed: (request, error) => this.#onConnectFailed(request, error),
        advice: (value) => this.#takeAdvice(value),
        rehandshake: () => this.#rehandshake(),
        ended: () => this.#close(undefined),
        deliver: ports.deliver,
        report: (error) => this.#report(error),
        up: () => this.#status.phase === 'connected',
        ending: () => this.#status.phase === 'disconnecting',
        closed: () => this.#status.phase === 'closed',
      },
    });
  }

  /** The server's id for the session; undefined while there is none. */
  get clientId(): string | undefined {
    return this.#status.clientId;
  }

  get connectionType(): ConnectionType | undefined {
    return this.#status.connectionType;
  }

  /** Whether the session is up (the connect loop runs and nothing failed since). */
  get isConnected(): boolean {
    return this.#status.phase === 'connected';
  }

  get isClosed(): boolean {
    return this.#status.phase === 'closed';
  }

  /** Resolves once the session is up (at once if it is); rejects with what ended it. */
  whenConnected(): Promise<void> {
    return this.#retry.whenConnected();
  }

  /** The server's advice so far: a tab that continues the session needs it (servers send only changes). */
  get advice(): Advice {
    return this.#handshake.advice;
  }

  /** Starts the session (handshake), or continues `continued`, one another tab ran. Idempotent while running. */
  start(continued?: ContinuedSession): void {
    if (this.#status.phase !== 'idle') return;
    this.#retry.start();
    if (!continued) return this.#sendHandshake();
    // As if this tab's handshake had been accepted; a server that forgot the session answers the
    // first connect with handshake advice, and a fresh session follows.
    this.#takeAdvice(continued.advice);
    this.#onHandshakeAccepted({ channel: HANDSHAKE, successful: true, clientId: continued.clientId, supportedConnectionTypes: [continued.connectionType] });
  }

  subscribe(channel: string): void {
    if (this.#subscriptions.add(channel) && this.isConnected) this.#subscriptions.send(channel);
  }

  unsubscribe(channel: string): void {
    if (this.#subscriptions.remove(channel) && this.isConnected) this.#request({ channel: UNSUBSCRIBE, subscription: channel });
  }

  /** Publishes now, or once the session is up. Resolves with the server's successful reply. */
  publish(channel: string, data: unknown): Promise<BayeuxMessage> {
    return new Promise((resolve, reject) => {
      if (this.#status.ending) return reject(new ClosedError('Cannot publish: the client is disconnected.'));
      const publish: Publish = { message: { channel, data }, resolve, reject };
      if (this.isConnected) this.#request(publish.message, { publish });
      else this.#outbox.hold(publish);
    });
  }

  /**
   * The device's network went down or came back (a browser's offline/online events). While offline,
   * a retry waits instead of burning its backoff against a dead network; back online, a waiting
   * retry runs at once, and a handshake or connect still in flight is started afresh, since a socket
   * opened while offline may hang until its timeout instead of failing.
   */
  setOnline(online: boolean): void {
    if (online === this.#online) return;
    this.#online = online;
    const ranWaiting = this.#retry.setOnline(online);
    const status = this.#status;
    if (!online || ranWaiting || status.phase === 'idle' || status.phase === 'connected' || status.ending) return;
    const stuck = takeStuck(this.#requests);
    if (!stuck) return;
    this.#ports.transports({ type: 'reset', via: stuck.via });
    if (stuck.message.channel === HANDSHAKE) this.#sendHandshake();
    else this.#sendConnect(false);
  }

  /** Stops fetching (holds the next connect) until {@link resume}, within what the server session allows. */
  pause(): void {
    const maxHoldMs = (this.#handshake.advice.maxInterval ?? 10_000) / 2;
    this.#loop.pause(maxHoldMs, (connectWaited) => {
      if (connectWaited) this.#sendConnect(false);
      this.#ports.transports({ type: 'resume' });
    });
  }

  resume(): void {
    if (this.#loop.resume()) this.#sendConnect(false);
  }

  /** Ends without a goodbye: the server keeps the session for whoever continues it; what waits fails with `reason`. */
  abandon = (reason?: RxwireError): void => this.#close(undefined, reason);

  /** Says goodbye to the server (when there is a session) and ends. Always resolves. */
  disconnect(timeoutMs = 2000): Promise<void> {
    const status = this.#status;
    if (status.phase === 'closed' || status.phase === 'idle') {
      this.#close(undefined);
      return Promise.resolve();
    }
    const promise = new Promise<void>((resolve) => this.#disconnectWaiters.push(resolve));
    if (status.phase === 'disconnecting') return promise;
    const hadSession = status.clientId !== undefined && status.phase !== 'handshaking';
    status.enter('disconnecting');
    this.#retry.close();
    this.#loop.stop();
    if (hadSession) this.#request({ channel: DISCONNECT }, { timeoutMs });
    else this.#close(undefined);
    return promise;
  }

  #onHandshakeFailed({ message, via }: PendingRequest, error: RxwireError): void {
    // The HTTP handshake beside the opening WebSocket failed: over the WebSocket at once, no failed attempt.
    if (this.#handshake.failedOverHttp(message.id)) {
      this.#sendHandshake();
      return;
    }
    this.#ports.events({ type: 'networkFailure' });
    this.#networkFailure(error, { retry: () => this.#sendHandshake(), fellBack: this.#types.handshakeFailed(via) });
  }

  #onConnectFailed({ via }: PendingRequest, error: RxwireError): void {
    this.#ports.events({ type: 'networkFailure' });
    this.#lostConnection();
    const fellBack = this.#types.connectFailed(via, this.#retry.attempts >= 1);
    if (fellBack !== undefined) this.#status.setConnectionType(this.#types.current);
    this.#networkFailure(error, { retry: () => this.#sendConnect(false), fellBack: fellBack === true });
  }

  #sendHandshake(): void {
    this.#loop.cancelNext();
    this.#status.setConnectionType(undefined);
    this.#status.enter('handshaking');
    const { message, via, openWebSocket } = this.#handshake.request();
    if (openWebSocket) this.#ports.transports({ type: 'open', via: 'websocket' });
    this.#handshake.sent(this.#request(message, { via }), { overHttp: openWebSocket });
  }

  #onHandshakeAccepted(reply: BayeuxMessage): void {
    const outcome = this.#handshake.accept(reply);
    switch (outcome.type) {
      case 'invalid':
        this.#report(badItem(reply, 'a successful handshake reply without a clientId'));
        this.#networkFailure(outcome.error, { retry: () => this.#sendHandshake(), fellBack: false });
        return;
      case 'unsupported':
        this.#close(outcome.error);
        return;
      case 'accepted':
    }
    const type = outcome.connectionType;
    if (outcome.dropWebSocket) this.#ports.transports({ type: 'reset', via: 'websocket' });
    const status = this.#status;
    status.clientId = outcome.clientId;
    status.setConnectionType(type);
    status.enter('connecting');
    this.#sendConnect(true);
    // Over a WebSocket, the subscriptions and publishes that waited go out in the same frame as the
    // first connect instead of after its reply: the first message arrives a round trip sooner. Not
    // over long-polling: there they would travel in a request of their own and could be confirmed
    // before the connect, and a connect that then fails would leave them confirmed on a session
    // that never came up.
    if (type === 'websocket') this.#flush();
    const early = reply['x-messages'];
    if (Array.isArray(early)) this.inbound.receive(early as BayeuxMessage[]);
  }

  #onHandshakeDenied(reply: BayeuxMessage): void {
    const outcome = this.#handshake.deny(reply);
    if (outcome.type === 'denied') {
      this.#close(outcome.error);
      return;
    }
    outcome.authenticated.then(
      () => {
        if (this.#status.phase !== 'handshaking') return;
        if (outcome.backoff) this.#retry.retry(() => this.#sendHandshake(), { failure: outcome.denial, extraDelayMs: this.#intervalMs() });
        else this.#sendHandshake();
      },
      (error: BayeuxError) => this.#close(error),
    );
  }

  #sendConnect(first: boolean): void {
    const via = this.#types.current;
    const connect = this.#loop.request({ via, advice: this.#handshake.adviceFor(via), first, prompt: first || this.#status.phase === 'reconnecting' });
    if (connect) this.#request(connect.message, { timeoutMs: connect.timeoutMs });
  }

  #onConnected(): void {
    const types = this.#types;
    types.confirm();
    // Back up to the preferred type after a fallback, keeping the session; a failure falls back at once.
    if (types.upgradeIfDue()) this.#status.setConnectionType(types.current);
    if (!this.isConnected) {
      this.#retry.connected();
      this.#status.enter('connected');
      this.#subscriptions.confirm();
    }
    // Also on every later connect reply: a subscribe whose own request failed while the session stayed
    // up (long-polling) goes out again, paced by the server's connect cycle, not in a tight loop.
    this.#flush();
    const warning = this.#handshake.multipleClientsWarning(this.connectionType);
    if (warning) this.#report(warning);
    this.#follow(this.#loop.afterSuccess(this.#handshake.adviceFor(this.connectionType)));
  }

  /** Does what a connect reply advised. */
  #follow(step: ConnectStep): void {
    switch (step.type) {
      case 'connect':
        this.#loop.next(step.afterMs, () => this.#sendConnect(false));
        return;
      case 'close':
        this.#close(step.error);
        return;
      case 'handshake':
        this.#rehandshake();
        return;
      case 'retry':
        this.#lostConnection();
        this.#retry.retry(() => this.#sendConnect(false), { extraDelayMs: step.afterMs });
    }
  }

  /** Forget the session and handshake again (after the advised interval); subscriptions follow. */
  #rehandshake(): void {
    if (this.#status.phase === 'handshaking' || this.#status.ending) return;
    this.#lostConnection();
    this.#requests.abandonAll({ where: (r) => r.message.channel === CONNECT });
    this.#status.enter('handshaking');
    // The first re-handshakes in a row wait only the advised interval: a server restart is the common cause.
    this.#retry.retry(() => this.#sendHandshake(), { extraDelayMs: this.#intervalMs(), backoff: this.#retry.attempts > 1 });
  }

  /** The session's connection is down (its server state may still live): subscriptions are unconfirmed. */
  #lostConnection(): void {
    const status = this.#status;
    if (status.phase === 'connected' || status.phase === 'connecting') {
      status.enter('reconnecting');
      this.#retry.disconnected();
    }
    this.#loop.cancelNext();
    this.#subscriptions.reset();
  }

  /**
   * Retries after the advised interval and the backoff, or at once over the connection type just
   * fallen back to (no failed attempt); the retry schedule ends the session when it gives up.
   */
  #networkFailure(error: RxwireError, { retry, fellBack }: { retry: () => void; fellBack: boolean }): void {
    this.#handshake.forgetDenial();
    this.#retry.retry(retry, fellBack ? { failure: error, backoff: false, counts: false } : { failure: error, extraDelayMs: this.#intervalMs() });
    if (!this.isClosed) this.#report(error);
  }

  /** The advised wait between connects (a negative one, "do not retry", is dealt with elsewhere). */
  #intervalMs(): number {
    return Math.max(0, this.#handshake.adviceFor(this.connectionType).interval ?? 0);
  }

  /** Sends the subscriptions and publishes that waited for the session. */
  #flush(): void {
    this.#subscriptions.flush();
    for (const publish of this.#outbox.takeAll()) this.#request(publish.message, { publish });
  }

  /**
   * Sends a request of the session's own and tracks its reply; returns its id. `via` defaults to the
   * current connection type, `timeoutMs` to requestTimeoutMs; `publish` is the caller a reply settles.
   */
  #request(message: BayeuxMessage, options: { via?: ConnectionType; timeoutMs?: number; publish?: Publish } = {}): string {
    const { publish } = options;
    // The message is the session's own, built for this request: it is completed in place.
    const clientId = this.#status.clientId;
    if (clientId !== undefined && message.channel !== HANDSHAKE) message.clientId = clientId;
    const via = options.via ?? this.#types.current;
    const timeoutMs = options.timeoutMs ?? this.#options.requestTimeoutMs ?? 10_000;
    const requests = this.#requests;
    const id = (message.id = requests.nextId());
    requests.add({ id, message, via, timeoutMs, deadline: 0, publish });
    this.#ports.transports({ type: 'send', message, via });
    return id;
  }

  #takeAdvice(value: unknown): void {
    const { advice, dropped } = this.#handshake.takeAdvice(value);
    if (dropped) this.#report(badItem({ advice: value }, 'advice fields of the wrong type were ignored'));
    if (advice) this.#ports.events({ type: 'advice', advice });
  }

  #report(error: RxwireError): void {
    this.#ports.events({ type: 'error', error });
  }

  /** Ends the session: every timer cleared, every waiting publish settled. */
  #close(error: RxwireError | undefined, reason = error): void {
    if (this.#status.phase === 'closed') return;
    // Closed first: what the cleanup below reports may call back in, and must find the session gone.
    this.#status.enter('closed');
    // Ends the retry schedule too; whoever waits for the session gets the error that ended it.
    if (error) this.#retry.fail(error);
    else this.#retry.close();
    this.#loop.stop();
    const failure = reason ?? new ClosedError('The client disconnected before the server replied.');
    this.#requests.abandonAll({ each: (pending) => pending.publish?.reject(failure) });
    this.#outbox.rejectAll(reason ?? new ClosedError('The client disconnected before this publish could be sent.'));
    this.#subscriptions.clear();
    this.#ports.events({ type: 'closed', error });
    for (const resolve of this.#disconnectWaiters.splice(0)) resolve();
  }
}
