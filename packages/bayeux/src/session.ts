import {
  backoffDelay,
  BadFrameError,
  BufferOverflowError,
  ClosedError,
  TransportTimeoutError,
  type Clock,
  type ConnectionState,
  type ReconnectOptions,
  type RxwireError,
  type TimerHandle,
} from '@rxwire/core';
import { BayeuxError, parseBayeuxError, replyError } from './bayeuxError.js';
import { isMetaChannel } from './channelName.js';
import { ConnectionTypePicker } from './internal/connectionTypePicker.js';
import { PendingRequests, type PendingRequest } from './internal/pendingRequests.js';
import { Subscriptions } from './internal/subscriptions.js';
import { adviceFor, badItem, CONNECT, DISCONNECT, HANDSHAKE, malformed, sanitizeAdvice, SUBSCRIBE, UNSUBSCRIBE, type Advice, type BayeuxMessage, type ConnectionType } from './message.js';
import type { SessionHost, SessionOptions } from './sessionHost.js';

export type { SessionHost, SessionOptions } from './sessionHost.js';

/** Where the session engine is (numbers: shorter in a bundle than the names). In order: from Disconnecting on, it is ending. */
const enum Phase {
  Idle,
  Handshaking,
  Connecting,
  Connected,
  Reconnecting,
  Disconnecting,
  Closed,
}

interface QueuedPublish {
  message: BayeuxMessage;
  resolve: (reply: BayeuxMessage) => void;
  reject: (error: unknown) => void;
}

/**
 * The Bayeux session as a pure state machine: handshake, the connect loop, advice, subscriptions and
 * publish acknowledgements. Messages come in through {@link receive} and {@link failed}; messages and
 * commands go out through the {@link SessionHost}. Time only through the injected clock. The
 * bookkeeping it leans on sits apart, in `internal/`: requests and their reply timeouts
 * (`PendingRequests`), where each subscription stands (`Subscriptions`), and which connection type
 * to use and when to fall back (`ConnectionTypePicker`). What remains here is one state machine.
 * @internal
 */
export class BayeuxSession {
  #phase = Phase.Idle;
  #advice: Advice = {};
  readonly #types: ConnectionTypePicker;
  #attempts = 0;
  #everConnected = false;
  #authTried = false;
  #warnedMultipleClients = false;
  #paused = false;
  #connectDeferred = false;
  /** The session's first handshake goes over HTTP while the WebSocket opens (as Faye's client does): consumed by it. */
  #early = true;
  /** The id of that HTTP handshake while it is out: its failure falls back to a handshake over the WebSocket. */
  #earlyId: string | undefined;
  readonly #options: SessionOptions;
  readonly #host: SessionHost;
  readonly #clock: Clock;
  readonly #requests: PendingRequests;
  readonly #subscriptions: Subscriptions;
  #queued: QueuedPublish[] = [];
  #actionTimer: TimerHandle | undefined;
  /** What the action timer will run, so going offline can hold it and coming back can run it now. */
  #scheduledAction: (() => void) | undefined;
  #heldAction: (() => void) | undefined;
  #offline = false;
  #deadlineTimer: TimerHandle | undefined;
  #pauseTimer: TimerHandle | undefined;
  #disconnectWaiters: Array<() => void> = [];
  #lastState: ConnectionState = 'idle';
  readonly #reconnect: ReconnectOptions | undefined;
  clientId: string | undefined;
  connectionType: ConnectionType | undefined;

  constructor(options: SessionOptions, host: SessionHost) {
    this.#options = options;
    this.#host = host;
    this.#clock = options.clock;
    this.#types = new ConnectionTypePicker(options.connectionTypes, options.clock, options.upgradeAfterMs ?? 60_000);
    this.#requests = new PendingRequests(options.clock, (pending) => {
      const channel = pending.message.channel;
      if (channel === CONNECT || channel === HANDSHAKE) host.reset(pending.type);
      this.#onFailure(pending, new TransportTimeoutError(`No reply to ${channel} within ${pending.timeoutMs} ms.`));
    });
    this.#subscriptions = new Subscriptions(
      (channel, subscribed) => host.onSubscribed(channel, subscribed),
      (channel) => this.#request({ channel: SUBSCRIBE, subscription: channel }),
    );
    // true, undefined and an object of options all mean reconnecting (with defaults for what is missing).
    this.#reconnect = options.reconnect === false ? undefined : { ...(options.reconnect as ReconnectOptions | undefined) };
  }

  /** The public state. */
  get state(): ConnectionState {
    return this.#lastState;
  }

  /** Whether the session is up (the connect loop runs and nothing failed since). */
  get isConnected(): boolean {
    return this.#phase === Phase.Connected;
  }

  get isClosed(): boolean {
    return this.#phase === Phase.Closed;
  }

  /** Starts the session (handshake). Idempotent while running. */
  start(): void {
    if (this.#phase !== Phase.Idle) return;
    if (this.#options.connectionTimeoutMs !== null) this.#startDeadline();
    this.#handshake();
  }

  subscribe(channel: string): void {
    if (this.#subscriptions.add(channel) && this.#phase === Phase.Connected) this.#subscriptions.send(channel);
  }

  unsubscribe(channel: string): void {
    if (this.#subscriptions.remove(channel) && this.#phase === Phase.Connected) {
      this.#request({ channel: UNSUBSCRIBE, subscription: channel });
    }
  }

  /** Publishes now, or once the session is up. Resolves with the server's successful reply. */
  publish(channel: string, data: unknown): Promise<BayeuxMessage> {
    return new Promise((resolve, reject) => {
      if (this.#phase >= Phase.Disconnecting) {
        reject(new ClosedError('Cannot publish: the client is disconnected.'));
        return;
      }
      const message: BayeuxMessage = { channel, data };
      if (this.#phase === Phase.Connected) {
        this.#request(message, resolve, reject);
        return;
      }
      const limit = this.#options.maxQueuedPublishes ?? 1000;
      if (this.#queued.length >= limit) {
        reject(new BufferOverflowError(`${limit} publishes are already waiting for the connection; this one to ${channel} was dropped.`, limit));
        return;
      }
      this.#queued.push({ message, resolve, reject });
    });
  }

  /**
   * The device's network went down or came back (a browser's offline/online events). While offline,
   * a retry waits instead of burning its backoff against a dead network; back online, a waiting
   * retry runs at once, and a handshake or connect still in flight is started afresh, since a socket
   * opened while offline may hang until its timeout instead of failing.
   */
  setOnline(online: boolean): void {
    if (online !== this.#offline) return;
    this.#offline = !online;
    if (this.#phase === Phase.Idle || this.#phase === Phase.Connected || this.#phase >= Phase.Disconnecting) return;
    if (!online) {
      if (this.#actionTimer !== undefined) {
        this.#heldAction = this.#scheduledAction;
        this.#actionTimer = this.#clear(this.#actionTimer);
      }
      return;
    }
    this.#attempts = 0;
    const waiting = this.#heldAction ?? (this.#actionTimer !== undefined ? this.#scheduledAction : undefined);
    this.#heldAction = undefined;
    this.#actionTimer = this.#clear(this.#actionTimer);
    if (waiting) {
      waiting();
      return;
    }
    const requests = this.#requests;
    const stuck = requests.find(HANDSHAKE) ?? requests.find(CONNECT);
    if (!stuck) return;
    requests.abandon(stuck.message.id);
    this.#host.reset(stuck.type);
    if (stuck.message.channel === HANDSHAKE) this.#handshake();
    else this.#sendConnect(false);
  }

  /** Stops fetching (holds the next connect) until {@link resume}, within what the session allows. */
  pause(): void {
    if (this.#paused) return;
    this.#paused = true;
    const maxHold = (this.#advice.maxInterval ?? 10_000) / 2;
    this.#pauseTimer = this.#clock.setTimeout(() => {
      this.#pauseTimer = undefined;
      this.resume();
      this.#host.onHoldExpired?.();
    }, maxHold);
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#pauseTimer = this.#clear(this.#pauseTimer);
    if (this.#connectDeferred) {
      this.#connectDeferred = false;
      this.#sendConnect(false);
    }
  }

  /** Says goodbye to the server (when there is a session) and ends. Always resolves. */
  disconnect(timeoutMs = 2000): Promise<void> {
    if (this.#phase === Phase.Closed || this.#phase === Phase.Idle) {
      this.#close(undefined);
      return Promise.resolve();
    }
    const promise = new Promise<void>((resolve) => this.#disconnectWaiters.push(resolve));
    if (this.#phase === Phase.Disconnecting) return promise;
    const hadSession = this.clientId !== undefined && this.#phase !== Phase.Handshaking;
    this.#phase = Phase.Disconnecting;
    this.#actionTimer = this.#clear(this.#actionTimer);
    this.#deadlineTimer = this.#clear(this.#deadlineTimer);
    if (hadSession) {
      this.#request({ channel: DISCONNECT }, undefined, undefined, timeoutMs);
    } else {
      this.#close(undefined);
    }
    return promise;
  }

  /**
   * Feeds replies and events (after incoming extensions). Whatever is neither a reply to a pending
   * request nor an event (wrong shape, unknown or repeated id, a meta message that answers nothing)
   * is skipped and reported as `BAD_FRAME`; a late reply to a request that timed out is skipped quietly.
   */
  receive(messages: BayeuxMessage[]): void {
    for (const message of messages) {
      if (this.#phase === Phase.Closed) return;
      const why = malformed(message);
      if (why !== undefined) {
        this.#badMessage(message, why);
        continue;
      }
      const isReply = 'successful' in message;
      const pending = isReply ? this.#requests.take(message.id) : undefined;
      if (pending) {
        if (message.advice !== undefined) this.#takeAdvice(message.advice);
        this.#onReply(pending, message);
      } else if (message.channel === DISCONNECT && message.id === undefined) {
        // The server ended the session.
        this.#close(undefined);
      } else if (isReply) {
        if (!this.#requests.abandoned(message.id as string)) this.#badMessage(message, `a reply to ${message.channel} with an unknown or already answered id ${JSON.stringify(message.id)}`);
      } else if (!isMetaChannel(message.channel) && 'data' in message) {
        this.#host.onEvent(message);
      } else {
        this.#badMessage(message, isMetaChannel(message.channel) ? `a ${message.channel} message that answers no request` : 'a message with neither data nor a reply');
      }
    }
  }

  /** These messages were sent (or meant to be) but will get no reply: the transport failed. */
  failed(messages: BayeuxMessage[], error: RxwireError): void {
    for (const message of messages) {
      const pending = this.#requests.abandon(message.id);
      if (pending) this.#onFailure(pending, error);
    }
  }

  #badMessage(message: unknown, why: string): void {
    this.#host.onError(badItem(message, why));
  }


  #onReply(pending: PendingRequest, reply: BayeuxMessage): void {
    const channel = pending.message.channel;
    if (this.#phase === Phase.Disconnecting && isMetaChannel(channel) && channel !== DISCONNECT) return;
    switch (channel) {
      case HANDSHAKE:
        if (reply.successful) this.#onHandshakeSuccess(reply);
        else this.#onHandshakeDenied(reply);
        return;
      case CONNECT:
        if (reply.successful) this.#onConnectSuccess();
        else this.#onConnectUnsuccessful(reply);
        return;
      case SUBSCRIBE: {
        const subscription = pending.message.subscription as string;
        const id = pending.message.id;
        if (reply.successful) {
          // A subscribe sent with the first connect may be answered before it: the channel counts as
          // subscribed once the session is up (see onConnectSuccess).
          if (this.#subscriptions.set(subscription, id, true) && this.#phase === Phase.Connected) this.#host.onSubscribed(subscription, true);
        } else if (wantsHandshake(reply)) {
          if (this.#subscriptions.set(subscription, id, false)) this.#rehandshake();
        } else if (this.#subscriptions.set(subscription, id)) {
          this.#host.onSubscribeDenied(subscription, replyError('SUBSCRIBE_DENIED', `The server denied the subscription to ${subscription}`, reply, subscription));
        }
        return;
      }
      case UNSUBSCRIBE:
        return;
      case DISCONNECT:
        this.#close(undefined);
        return;
      default:
        if (reply.successful) pending.resolve?.(reply);
        else if (wantsHandshake(reply) && pending.resolve && pending.reject) {
          // The server forgot the session, so this publish was not delivered: send it again later.
          this.#queued.push({ message: { channel, data: pending.message.data }, resolve: pending.resolve, reject: pending.reject });
          this.#rehandshake();
        } else {
          pending.reject?.(replyError('PUBLISH_FAILED', `Publish to ${channel} failed`, reply, channel));
        }
    }
  }

  #onFailure(pending: PendingRequest, error: RxwireError): void {
    if (this.#phase === Phase.Disconnecting && pending.message.channel !== DISCONNECT) {
      pending.reject?.(error);
      return;
    }
    switch (pending.message.channel) {
      case HANDSHAKE:
        // The HTTP handshake sent while the WebSocket opens failed (no HTTP endpoint, CORS, refused):
        // handshake over the WebSocket at once; this is no failed attempt.
        if (pending.message.id === this.#earlyId) {
          this.#earlyId = undefined;
          this.#handshake();
          return;
        }
        this.#host.onNetworkFailure?.();
        this.#networkFailure(error, () => this.#handshake(), this.#types.handshakeFailed(pending.type));
        return;
      case CONNECT: {
        this.#host.onNetworkFailure?.();
        this.#lostConnection();
        const fellBack = this.#types.connectFailed(pending.type, this.#attempts >= 1);
        if (fellBack !== undefined) this.#setConnectionType(this.#types.current);
        this.#networkFailure(error, () => this.#sendConnect(false), fellBack);
        return;
      }
      case SUBSCRIBE:
        this.#subscriptions.set(pending.message.subscription as string, pending.message.id, false);
        return;
      case UNSUBSCRIBE:
        return;
      case DISCONNECT:
        this.#close(undefined);
        return;
      default:
        pending.reject?.(error);
    }
  }

  #handshake(): void {
    this.#actionTimer = this.#clear(this.#actionTimer);
    this.#types.resetIfDue();
    this.#phase = Phase.Handshaking;
    this.clientId = undefined;
    this.#setConnectionType(undefined);
    this.#updateState();
    const types = this.#types.remaining;
    // The first handshake of a session goes over HTTP while the WebSocket opens, so that the connect
    // and the subscriptions go out over an open socket one round trip sooner (upgrade ∥ handshake,
    // then connect + subscribe: two round trips instead of three). Later handshakes take today's path.
    const early = this.#early && types[0] === 'websocket' && types.includes('long-polling');
    this.#early = false;
    if (early) this.#host.open?.('websocket');
    const id = this.#request(
      {
        channel: HANDSHAKE,
        version: '1.0',
        minimumVersion: '1.0',
        supportedConnectionTypes: types,
      },
      undefined,
      undefined,
      undefined,
      early ? 'long-polling' : undefined,
    );
    this.#earlyId = early ? id : undefined;
  }

  #onHandshakeSuccess(reply: BayeuxMessage): void {
    if (typeof reply.clientId !== 'string' || reply.clientId === '') {
      this.#badMessage(reply, 'a successful handshake reply without a clientId');
      this.#networkFailure(new BadFrameError('The handshake reply carried no clientId.', 0, { payload: reply }), () => this.#handshake());
      return;
    }
    const offered = reply.supportedConnectionTypes;
    const candidates = this.#types.remaining;
    const chosen = this.#types.choose(offered);
    if (chosen === undefined) {
      this.#close(
        new BayeuxError(
          'UNSUPPORTED_CONNECTION_TYPE',
          `The server offers ${JSON.stringify(offered)}, none of the allowed connection types ${JSON.stringify(candidates)}.`,
          { payload: reply },
        ),
      );
      return;
    }
    // After an HTTP handshake the WebSocket is still unproven: if its first connect fails, fall back at
    // once. A server that offers no WebSocket gets the one opened beside the handshake closed.
    const viaHttp = this.#earlyId !== undefined;
    this.#earlyId = undefined;
    this.#types.confirm(viaHttp && chosen === 'websocket');
    if (viaHttp && chosen !== 'websocket') this.#host.reset('websocket');
    this.clientId = reply.clientId;
    this.#authTried = false;
    this.#setConnectionType(chosen);
    this.#phase = Phase.Connecting;
    this.#updateState();
    this.#sendConnect(true);
    // Over a WebSocket, the subscriptions and publishes that waited go out in the same frame as the
    // first connect instead of after its reply: the first message arrives a round trip sooner. Not
    // over long-polling: there they would travel in a request of their own and could be confirmed
    // before the connect, and a connect that then fails would leave them confirmed on a session
    // that never came up.
    if (chosen === 'websocket') this.#flush();
    const early = reply['x-messages'];
    if (Array.isArray(early)) this.receive(early as BayeuxMessage[]);
  }

  #onHandshakeDenied(reply: BayeuxMessage): void {
    const authenticate = this.#options.authenticate;
    if (authenticate && !this.#authTried) {
      this.#authTried = true;
      authenticate().then(
        () => {
          if (this.#phase === Phase.Handshaking) this.#handshake();
        },
        (cause: unknown) => this.#close(replyError('HANDSHAKE_DENIED', 'The server denied the handshake', reply, undefined, cause)),
      );
      return;
    }
    this.#close(replyError('HANDSHAKE_DENIED', 'The server denied the handshake', reply));
  }

  #sendConnect(first: boolean): void {
    if (this.#paused && !first) {
      this.#connectDeferred = true;
      return;
    }
    const type = this.#types.current;
    const advice = adviceFor(this.#advice, type);
    // After a (re)handshake, and after the connection was lost, ask for an immediate reply: the
    // server (another node of a cluster, say) would otherwise hold it for advice.timeout before the
    // session is confirmed and the subscriptions are sent again.
    const prompt = first || this.#phase === Phase.Reconnecting;
    const timeoutMs = prompt
      ? (this.#options.requestTimeoutMs ?? 10_000)
      : (advice.timeout ?? 30_000) + (this.#options.connectTimeoutMarginMs ?? 5_000);
    this.#request(
      { channel: CONNECT, connectionType: type, ...(prompt ? { advice: { timeout: 0 } } : {}) },
      undefined,
      undefined,
      timeoutMs,
    );
  }

  #onConnectSuccess(): void {
    this.#attempts = 0;
    this.#types.confirm();
    // Back up to the preferred type after a fallback, keeping the session; a failure falls back at once.
    if (this.#types.upgradeIfDue()) this.#setConnectionType(this.#types.current);
    const wasUp = this.#phase === Phase.Connected;
    this.#phase = Phase.Connected;
    if (!wasUp) {
      this.#everConnected = true;
      this.#deadlineTimer = this.#clear(this.#deadlineTimer);
      this.#updateState();
      this.#subscriptions.confirm();
    }
    // Also on every later connect reply: a subscribe whose own request failed or timed out while the
    // session stayed up (long-polling sends it apart from the connect) goes out again, paced by the
    // server's connect cycle rather than in a tight loop.
    this.#flush();
    const advice = adviceFor(this.#advice, this.connectionType);
    if (advice['multiple-clients'] && !this.#warnedMultipleClients) {
      this.#warnedMultipleClients = true;
      this.#host.onError(
        new BayeuxError('MULTIPLE_CLIENTS', 'Another client shares this browser id (cookie); the server slows this one down.', {
          payload: this.#advice,
        }),
      );
    }
    if (advice.reconnect === 'none' || (advice.interval ?? 0) < 0) {
      this.#close(new BayeuxError('CONNECT_DENIED', 'The server advised not to reconnect.', { payload: this.#advice }));
      return;
    }
    // After a successful reply without an interval, poll again at once: a zero-delay timer waits at
    // least a millisecond (long-polling topped out near 700 polls a second). Failures back off.
    const interval = advice.interval ?? 0;
    if (interval > 0) this.#schedule(interval, () => this.#sendConnect(false));
    else this.#sendConnect(false);
  }

  #onConnectUnsuccessful(reply: BayeuxMessage): void {
    const advice = adviceFor(this.#advice, this.connectionType);
    const reconnect = reply.advice?.reconnect ?? (wantsHandshake(reply) ? 'handshake' : (advice.reconnect ?? 'retry'));
    if (reconnect === 'none' || (advice.interval ?? 0) < 0) {
      this.#close(replyError('CONNECT_DENIED', 'The server ended the session', reply));
      return;
    }
    this.#lostConnection();
    if (reconnect === 'handshake') this.#rehandshake();
    else {
      this.#schedule((advice.interval ?? 0) + this.#backoff(), () => this.#sendConnect(false));
      this.#attempts++;
    }
  }

  /** Forget the session and handshake again (after the advised interval); subscriptions follow. */
  #rehandshake(): void {
    if (this.#phase === Phase.Handshaking || this.#phase >= Phase.Disconnecting) return;
    this.#lostConnection();
    this.#requests.clear(CONNECT);
    this.#phase = Phase.Handshaking;
    this.clientId = undefined;
    this.#updateState();
    this.#schedule(this.#interval() + (this.#attempts > 1 ? this.#backoff() : 0), () => this.#handshake());
    this.#attempts++;
  }

  /** The session's connection is down (its server state may still live): subscriptions are unconfirmed. */
  #lostConnection(): void {
    if (this.#phase === Phase.Connected || this.#phase === Phase.Connecting) {
      this.#phase = Phase.Reconnecting;
      this.#updateState();
      if (this.#options.connectionTimeoutExplicit && this.#options.connectionTimeoutMs !== null && this.#deadlineTimer === undefined) {
        this.#startDeadline();
      }
    }
    this.#subscriptions.reset();
  }

  /** Retries after the advised interval and the backoff, or at once over the connection type just fallen back to. */
  #networkFailure(error: RxwireError, retry: () => void, fallBack?: boolean): void {
    const reconnect = this.#reconnect;
    if (!reconnect || (!fallBack && this.#attempts >= (reconnect.maxAttempts ?? Infinity))) {
      this.#close(error);
      return;
    }
    this.#host.onError(error);
    if (fallBack) this.#schedule(0, retry);
    else {
      this.#schedule(this.#interval() + this.#backoff(), retry);
      this.#attempts++;
    }
  }

  /** The advised wait between connects (a negative one, "do not retry", is dealt with elsewhere). */
  #interval(): number {
    return Math.max(0, adviceFor(this.#advice, this.connectionType).interval ?? 0);
  }

  #backoff(): number {
    const r = this.#reconnect ?? {};
    return backoffDelay(this.#attempts, { initialDelayMs: r.initialDelayMs ?? 500, maxDelayMs: r.maxDelayMs ?? 30_000, factor: r.factor ?? 2 }, this.#options.random);
  }

  /** Sends the subscriptions and publishes that waited for the session. */
  #flush(): void {
    this.#subscriptions.flush();
    const queued = this.#queued;
    this.#queued = [];
    for (const q of queued) this.#request(q.message, q.resolve, q.reject);
  }

  #request(
    message: BayeuxMessage,
    resolve?: (reply: BayeuxMessage) => void,
    reject?: (error: unknown) => void,
    timeoutMs = this.#options.requestTimeoutMs ?? 10_000,
    type = this.#types.current,
  ): string {
    // The message is the session's own, built for this request: it is completed in place.
    if (this.clientId !== undefined && message.channel !== HANDSHAKE) message.clientId = this.clientId;
    const id = this.#requests.add(message, type, timeoutMs, resolve, reject);
    this.#host.send(message, type);
    return id;
  }

  #takeAdvice(value: unknown): void {
    const { advice, dropped } = sanitizeAdvice(value);
    if (dropped) this.#badMessage({ advice: value }, 'advice fields of the wrong type were ignored');
    if (!advice) return;
    this.#advice = { ...this.#advice, ...advice };
    this.#host.onAdvice?.(this.#advice);
  }

  #schedule(ms: number, action: () => void): void {
    this.#actionTimer = this.#clear(this.#actionTimer);
    if (this.#offline && this.#phase !== Phase.Connected) {
      this.#heldAction = action;
      return;
    }
    this.#heldAction = undefined;
    this.#scheduledAction = action;
    this.#actionTimer = this.#clock.setTimeout(() => {
      this.#actionTimer = undefined;
      this.#scheduledAction = undefined;
      action();
    }, ms);
  }

  #startDeadline(): void {
    this.#deadlineTimer = this.#clear(this.#deadlineTimer);
    const ms = this.#options.connectionTimeoutMs as number;
    this.#deadlineTimer = this.#clock.setTimeout(() => {
      this.#deadlineTimer = undefined;
      this.#close(new TransportTimeoutError(`No Bayeux session could be established within ${ms} ms (connectionTimeoutMs).`));
    }, ms);
  }

  #setConnectionType(type: ConnectionType | undefined): void {
    if (this.connectionType === type) return;
    this.connectionType = type;
    this.#host.onConnectionType(type);
  }

  #updateState(): void {
    const phase = this.#phase;
    // While disconnecting, the state stays as it was.
    if (phase === Phase.Disconnecting) return;
    const state: ConnectionState =
      phase === Phase.Idle
        ? 'idle'
        : phase === Phase.Closed
          ? 'closed'
          : phase === Phase.Connected
            ? 'connected'
            : this.#everConnected
              ? 'reconnecting'
              : 'connecting';
    if (state === this.#lastState) return;
    this.#lastState = state;
    this.#host.onState(state);
  }

  /** Ends the session: every timer cleared, every waiting publish settled. */
  #close(error: RxwireError | undefined): void {
    if (this.#phase === Phase.Closed) return;
    this.#phase = Phase.Closed;
    this.#actionTimer = this.#clear(this.#actionTimer);
    this.#heldAction = undefined;
    this.#deadlineTimer = this.#clear(this.#deadlineTimer);
    this.#pauseTimer = this.#clear(this.#pauseTimer);
    const failure = error ?? new ClosedError('The client disconnected before the server replied.');
    for (const p of this.#requests.clear()) p.reject?.(failure);
    const queued = this.#queued;
    this.#queued = [];
    for (const q of queued) q.reject(error ?? new ClosedError('The client disconnected before this publish could be sent.'));
    this.#subscriptions.clear();
    this.clientId = undefined;
    this.#updateState();
    this.#host.onClosed(error);
    const waiters = this.#disconnectWaiters;
    this.#disconnectWaiters = [];
    for (const w of waiters) w();
  }

  #clear(handle: TimerHandle | undefined): undefined {
    if (handle !== undefined) this.#clock.clearTimeout(handle);
    return undefined;
  }
}

/** An unknown-client reply (401/402) or handshake advice: the session is gone. */
function wantsHandshake(reply: BayeuxMessage): boolean {
  const code = parseBayeuxError(reply.error).code;
  return reply.advice?.reconnect === 'handshake' || code === 401 || code === 402;
}
