import { Observable, type Subscription } from 'rxjs';
import { ClosedError, ConnectionLostError, Multicast, MulticastValue, RxwireError, jsonCodec, redact } from '@rxwire/core';
import { webSocketConnection, ValidatedChannels, systemClock, toLogger } from '@rxwire/core';
import type { Channel, ChannelOptions, ChannelSource, Clock, Connection, ConnectionState, Logger, SchemaOutput } from '@rxwire/core';
import type { TabRole } from '@rxwire/core';
import { WireTap, type InspectSnapshot, type Inspectable, type WireEvent } from '@rxwire/core';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { CallArgs, MethodName, ResultOf, UntypedApi } from './apiTypes.js';
import type { Incoming, Protocol, RestRequest } from './protocol.js';
import { resolveProtocol } from './protocolNames.js';
import { RequestManager, type CallOptions, type PendingCall } from './requestManager.js';
import { PushRouter } from './pushRouter.js';
import { checkDialectOptions, checkRpcClientOptions } from './rpcClientOptionRules.js';
import { notConnectedError } from './errors.js';
import { definedOnly } from './internal/definedOnly.js';
import type { RpcClientOptions } from './rpcClientOptions.js';
import { badMessage } from './internal/decode.js';
import { encodeFailed } from './internal/encodeFailed.js';
import { MicrotaskBatch } from './microtaskBatch.js';
import { RpcTabLink } from './tabs/rpcTabLink.js';

/**
 * Request/response and pub/sub over one self-healing WebSocket, in the aio-openapi (default),
 * JSON-RPC 2.0 or aiorest-ws dialect. Every call settles: with the reply, the server's error
 * (`RpcError`), a timeout (`RpcTimeoutError`), `CONNECTION_LOST`, `CANCELLED` or `CLOSED`.
 * Connects lazily (or on `connect()`), reconnects by itself and re-subscribes its channels.
 *
 * @example
 * ```ts
 * const rpc = new RpcClient<{ add(p: { a: number; b: number }): number }>({ url: 'ws://localhost:8080/stream' });
 * const sum = await rpc.call('add', { a: 1, b: 2 });
 * rpc.channel('prices', { event: 'tick*' }).messages$.subscribe((m) => console.log(m.event, m.data));
 * await rpc.close();
 * ```
 */
export class RpcClient<Api extends object = UntypedApi> implements ChannelSource, Inspectable {
  /** Problems that do not belong to one call: bad frames, server errors without an id, failed attempts. */
  readonly errors$: Observable<RxwireError>;
  /** Replays how many replies were dropped because no call waited for them (late after a timeout or cancel). */
  readonly droppedReplies$: Observable<number>;
  /** The dialect this client speaks. */
  readonly protocol: Protocol;
  /** Wire events while observed: frames, state, errors, calls and their replies (see `Inspectable`). */
  readonly inspect$: Observable<WireEvent>;
  readonly #wire: WireTap;
  readonly #options: RpcClientOptions;
  readonly #connection: Connection<unknown> & Inspectable & { readonly role$: Observable<TabRole> };
  /** With `share`: the tab code's link (its loading, this tab's id); `undefined` without. */
  readonly #tabs: RpcTabLink | undefined;
  readonly #manager: RequestManager;
  readonly #router: PushRouter;
  readonly #errors = new Multicast<RxwireError>();
  /** Schema views of the channels (`channel(name, { schema })`): what fails goes to `errors$`. */
  readonly #validated = new ValidatedChannels((error) => this.#report(error));
  readonly #drops = new MulticastValue(0);
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #connectWaiters = new Set<(error?: unknown) => void>();
  /** Set once the client started using its connection. */
  #subscriptions: Subscription[] | undefined;
  #online = false;
  #failure: RxwireError | undefined;
  /** Why the last connection attempt failed, until a connection is up: the cause of calls that never went out. */
  #lastConnectFailure: RxwireError | undefined;
  #closing: Promise<void> | undefined;
  /** With `batch`: collects the messages sent in one microtask into one frame. */
  readonly #batch: MicrotaskBatch | undefined;

  constructor(options: RpcClientOptions) {
    const logger = (this.#logger = toLogger(options.logger));
    // Development builds check the options up front. Production builds leave the checks out, as React
    // and TanStack Query leave out theirs: bundlers replace process.env.NODE_ENV and drop dead code.
    if (process.env.NODE_ENV !== 'production') checkRpcClientOptions(options, logger);
    const protocol = (this.protocol = resolveProtocol(options.protocol ?? 'aio-openapi'));
    this.#options = options;
    checkDialectOptions(options, protocol);
    const clock = (this.#clock = options.clock ?? systemClock);
    this.errors$ = this.#errors.observable;
    this.droppedReplies$ = this.#drops.observable;
    const { WebSocket, reconnect, heartbeat, headers, maxMessageSize, tls, idleWhenHiddenMs, pageLifecycle } = options;
    this.inspect$ = (this.#wire = new WireTap(clock)).inspect$; // lent to the connection: one stream of frames and calls
    const tabs = (this.#tabs = RpcTabLink.of(options, protocol.name));
    this.#connection = webSocketConnection<unknown>({
      url: options.url,
      // The connection's options of the same names pass through; undefined ones keep its defaults.
      ...definedOnly({ WebSocket, reconnect, heartbeat, headers, maxMessageSize, tls, idleWhenHiddenMs, pageLifecycle, share: tabs?.connectionShare }),
      codec: options.binary && protocol.binaryCodec ? protocol.binaryCodec() : jsonCodec(),
      lazy: true,
      clock,
      logger,
      // The request manager bounds what waits; the connection only buffers what it cannot write yet.
      sendBuffer: { limit: 100_000, overflow: 'error' },
      wireTap: this.#wire,
    });
    const connection = this.#connection;
    if (options.batch) this.#batch = new MicrotaskBatch({ send: (m) => connection.send(m), encodeBatch: (messages) => protocol.encodeBatch?.(messages) });
    // timeoutMs, maxInFlight and queueLimit pass through.
    this.#manager = new RequestManager({
      ...options,
      send: (message, id) => {
        this.#wire.on?.call(id, message);
        return this.#transmit(message);
      },
      idPrefix: tabs?.tab ?? '',
      clock,
      offlineReason: () => this.#lastConnectFailure,
    });
    this.#router = new PushRouter({
      clock,
      graceMs: options.channelGraceMs ?? 100,
      start: () => this.#start(),
      request: (encode) => {
        // While offline (or closed), the client subscribes the active channels once connected.
        if (!this.#online) return undefined;
        const id = this.#manager.nextId();
        const message = encode(protocol, id);
        return message === undefined ? undefined : this.#request(id, message).promise;
      },
      publish: (channel, event, data) => this.publish(channel, event, data),
      report: (error) => this.#report(error),
      protocol: () => protocol,
    });
    tabs?.load({ connection: this.#connection, router: this.#router, report: (error) => this.#report(error), closed: () => this.#closing !== undefined });
  }

  get state(): ConnectionState {
    return this.#connection.state;
  }

  /** Replays the current state. */
  get state$(): Observable<ConnectionState> {
    return this.#connection.state$;
  }

  /** The client as it is now (url redacted, channels, calls seen in flight), for the devtools panel. */
  inspect(): InspectSnapshot {
    return { ...this.#connection.inspect(), kind: 'rpc', channels: this.#router.snapshot(), calls: this.#wire.on?.openCalls() ?? [] };
  }

  /** Replays this tab's role with `share`: 'leader', 'follower', or 'alone' (also without `share`). */
  get role$(): Observable<TabRole> {
    return this.#connection.role$;
  }

  /** Calls on the wire. */
  get inFlightCount(): number {
    return this.#manager.inFlightCount;
  }

  /** Calls waiting to be sent. */
  get queuedCount(): number {
    return this.#manager.queuedCount;
  }

  /** Replies dropped because no call waited for them any more (after a timeout or cancel). */
  get droppedReplyCount(): number {
    return this.#manager.droppedReplyCount;
  }

  /**
   * Connects now (the client also connects lazily on first use). Idempotent; resolves once
   * connected, rejects after `timeoutMs` (`TRANSPORT_TIMEOUT`), on close or on a terminal failure.
   */
  connect(): Promise<void> {
    const refused = this.#refused('connect');
    if (refused) return Promise.reject(refused);
    this.#start();
    if (this.#online) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timeoutMs = this.#options.timeoutMs ?? 30_000;
      const timer =
        timeoutMs < Infinity
          ? this.#clock.setTimeout(() => done(notConnectedError(timeoutMs, this.#lastConnectFailure)), timeoutMs)
          : undefined;
      const done = (error?: unknown): void => {
        this.#connectWaiters.delete(done);
        if (timer !== undefined) this.#clock.clearTimeout(timer);
        if (error === undefined) resolve();
        else reject(error);
      };
      this.#connectWaiters.add(done);
    });
  }

  /** Calls a method and resolves with its result. */
  call<M extends MethodName<Api>>(method: M, ...args: CallArgs<Api[M]>): Promise<ResultOf<Api[M]>>;
  call(method: string, payload?: unknown, options?: CallOptions): Promise<unknown> {
    this.#need('encodeCall', 'call()');
    const refused = this.#refused('call');
    if (refused) return Promise.reject(refused);
    // The hot path encodes in place, so a call allocates no closure (as #startCall's callers do).
    const id = this.#manager.nextId();
    let message: unknown;
    try {
      message = this.protocol.encodeCall?.(id, method, payload);
    } catch (cause) {
      return Promise.reject(encodeFailed(cause));
    }
    return this.#request(id, message, options).promise;
  }

  /** `call()` as a cold observable: each subscription calls once; unsubscribing cancels the call. */
  call$<M extends MethodName<Api>>(method: M, ...args: CallArgs<Api[M]>): Observable<ResultOf<Api[M]>>;
  call$(method: string, payload?: unknown, options?: CallOptions): Observable<unknown> {
    this.#need('encodeCall', 'call$()');
    return new Observable((subscriber) => {
      const refused = this.#refused('call');
      if (refused) return subscriber.error(refused);
      const call = this.#startCall((protocol, id) => protocol.encodeCall?.(id, method, payload), options);
      call.promise.then(
        (value) => {
          subscriber.next(value);
          subscriber.complete();
        },
        (error: unknown) => subscriber.error(error),
      );
      return () => call.cancel();
    });
  }

  /** Sends a notification: no reply, no id (JSON-RPC). */
  notify<M extends MethodName<Api>>(method: M, payload?: unknown): void {
    this.#need('encodeNotification', 'notify()');
    if (this.#closing) throw new ClosedError('Cannot notify: the client is closed.');
    this.#start();
    this.#transmit(this.protocol.encodeNotification?.(method, payload));
  }

  /** A REST-style request (aiorest-ws): resolves with `data`, rejects with `RpcError` carrying `detail`. */
  request<R = unknown>(request: RestRequest, options?: CallOptions): Promise<R> {
    this.#need('encodeRest', 'request()');
    const refused = this.#refused('call');
    if (refused) return Promise.reject(refused);
    return this.#startCall<R>((protocol, id) => protocol.encodeRest?.(id, request), options).promise;
  }

  /**
   * The channel `name` (with an `event` glob for aio-openapi; rpc-websockets events for JSON-RPC),
   * memoised per `(name, event)`.
   */
  channel<S extends StandardSchemaV1>(name: string, options: ChannelOptions & { schema: S }): Channel<SchemaOutput<S>>;
  channel<T = unknown>(name: string, options?: ChannelOptions): Channel<T>;
  channel(name: string, options: ChannelOptions = {}): Channel<unknown> {
    this.#need('encodeSubscribe', 'channel()');
    const { event, schema } = options;
    if (event !== undefined && !this.protocol.channelEvents) {
      throw new TypeError(`The ${this.protocol.name} dialect has no event filter on channels; leave out { event }.`);
    }
    const channel = this.#router.channel(name, event) as Channel<unknown>;
    // A schema view validates each message; the wire subscription stays the channel's.
    return schema ? this.#validated.get(channel, schema) : channel;
  }

  /** Publishes on a channel (aio-openapi); resolves with the server's echo `{channel, event, data}`. */
  publish(channel: string, event: string | undefined, data: unknown): Promise<unknown> {
    this.#need('encodePublish', 'publish()');
    const refused = this.#refused('call');
    if (refused) return Promise.reject(refused);
    return this.#startCall((protocol, id) => protocol.encodePublish?.(id, channel, event, data)).promise;
  }

  /**
   * Closes for good: every unsettled call rejects with `CLOSED`, channels complete, and the promise
   * resolves once every timer and socket is released. Idempotent.
   */
  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    const closed = new ClosedError('The client was closed.');
    this.#closing = new Promise<void>((resolve) => {
      this.#connection.state$.subscribe({ complete: () => resolve() });
    });
    this.#online = false;
    this.#batch?.discard();
    this.#manager.rejectAll(closed);
    this.#wake(closed);
    this.#router.close();
    this.#router.tabs?.close(); // with `share`, once its tab code runs
    this.#connection.close();
    for (const subscription of this.#subscriptions ?? []) subscription.unsubscribe();
    this.#errors.complete();
    this.#drops.complete();
    return this.#closing;
  }

  /** Why nothing can start (the terminal failure, or `CLOSED`), if so. */
  #refused(what: 'call' | 'connect'): RxwireError | undefined {
    if (this.#failure) return this.#failure;
    if (this.#closing) return new ClosedError(what === 'call' ? 'Cannot call: the client is closed.' : 'The client is closed.');
    return undefined;
  }

  /** Encodes with a fresh id, then {@link #request}; a dialect that throws fails the call with `ENCODE_FAILED`. */
  #startCall<R = unknown>(encode: (protocol: Protocol, id: string) => unknown, options?: CallOptions): PendingCall<R> {
    const id = this.#manager.nextId();
    let message: unknown;
    try {
      message = encode(this.protocol, id);
    } catch (cause) {
      return { id, promise: Promise.reject(encodeFailed(cause)), cancel: () => undefined };
    }
    return this.#request<R>(id, message, options);
  }

  /** The one path of every request (calls, publishes, channel subscribes): tracked, sent once connected. */
  #request<R = unknown>(id: string, message: unknown, options?: CallOptions): PendingCall<R> {
    this.#start();
    return this.#manager.start<R>(id, message, options);
  }

  /** Throws at once when the dialect has no `capability` (`what` names it for the message). */
  #need(capability: keyof Protocol, what: string): void {
    if (!this.protocol[capability]) throw new RxwireError('NOT_SUPPORTED', `The ${this.protocol.name} dialect has no ${what}.`);
  }

  /** Subscribes to the connection (which connects it) on first use. */
  #start(): void {
    if (this.#subscriptions || this.#closing || this.#tabs?.defer(() => this.#start())) return;
    const connection = this.#connection;
    this.#subscriptions = []; // first: a shared connection may be up, and its replayed 'connected' starts channels
    this.#subscriptions.push(
      connection.errors$.subscribe((error) => {
        if (!this.#online && (error.code === 'CONNECTION_LOST' || error.code === 'TRANSPORT_TIMEOUT')) this.#lastConnectFailure = error;
        this.#report(error);
      }),
      connection.state$.subscribe((state) => this.#onState(state)),
      connection.messages$.subscribe({ next: (message) => this.#onMessage(message), error: (error: unknown) => this.#onFailure(error) }),
    );
  }

  /** Settles every `connect()` waiting: resolved without `error`. */
  #wake(error?: unknown): void {
    for (const done of [...this.#connectWaiters]) done(error);
  }

  #onState(state: ConnectionState): void {
    if (state === 'connected') {
      this.#online = true;
      this.#lastConnectFailure = undefined;
      this.#manager.online();
      this.#wake();
      this.#router.connected();
    } else if (this.#online) {
      this.#online = false;
      this.#batch?.discard();
      this.#manager.connectionLost();
      this.#router.lost();
    }
  }

  #onFailure(error: unknown): void {
    const failure = (this.#failure =
      error instanceof RxwireError ? error : new ConnectionLostError('The connection failed for good.', { cause: error }));
    this.#online = false;
    this.#manager.rejectAll(failure);
    this.#wake(failure);
    this.#router.fail(failure);
  }

  #onMessage(message: unknown): void {
    const protocol = this.protocol;
    let incoming: Incoming | readonly Incoming[];
    try {
      incoming = protocol.decode(message);
    } catch (cause) {
      this.#report(new RxwireError('BAD_FRAME', `The ${protocol.name} dialect could not read a message.`, { cause }));
      return;
    }
    if (!Array.isArray(incoming)) this.#onIncoming(incoming as Incoming, message);
    else for (const item of incoming as readonly Incoming[]) this.#onIncoming(item, message);
  }

  /** One reply, push or problem, as the dialect read it. */
  #onIncoming(item: Incoming, message: unknown): void {
    if (item.kind === 'push') return this.#router.deliver(item.message);
    if (item.kind === 'problem') return this.#report(item.error);
    if (this.#tabs?.foreign(item.id)) return; // a reply to another tab's call (with `share`)
    const manager = this.#manager;
    const id = item.id ?? manager.oldestInFlightId() ?? '';
    this.#wire.on?.reply(id, item.kind === 'result', item.kind === 'result' ? item.value : item.error);
    if (item.kind === 'result' ? manager.resolve(id, item.value) : manager.reject(id, item.error)) return;
    // A reply no call waits for: counted; reported too unless it is merely late (after a timeout or cancel).
    this.#drops.next(manager.droppedReplyCount);
    if (manager.wasAbandoned(id)) return;
    const what = id ? `a reply with an unknown or already answered id ${JSON.stringify(id)}` : 'a reply without an id while no call was waiting';
    this.#report(badMessage(this.protocol.name, message, what).error);
  }

  /** Sends now, or (with `batch`) in this microtask's frame. */
  #transmit(message: unknown): boolean {
    return this.#batch ? this.#batch.add(message) : this.#connection.send(message);
  }

  #report(error: RxwireError): void {
    if (this.#errors.observed) this.#errors.next(error);
    else this.#logger(redact(`[rxwire] rpc: ${error.name}: ${error.message}`));
  }
}
