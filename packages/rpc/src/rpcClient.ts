import { Observable, type Subscription } from 'rxjs';
import {
  ClosedError,
  ConnectionLostError,
  Multicast,
  MulticastValue,
  RxwireError,
  TransportTimeoutError,
  jsonCodec,
  redact,
  webSocketConnection,
  type Channel,
  type ChannelOptions,
  type ChannelSource,
  type Clock,
  type Connection,
  type ConnectionState,
  type Logger,
  systemClock,
  toLogger,
} from '@rxwire/core';
import type { CallArgs, MethodName, ResultOf, UntypedApi } from './apiTypes.js';
import type { Protocol, RestRequest } from './protocol.js';
import { RequestManager, type CallOptions } from './requestManager.js';
import { resolveProtocol } from './resolveProtocol.js';
import { checkRpcClientOptions } from './rpcClientOptionRules.js';
import { RpcChannel, type ChannelHost } from './rpcChannel.js';
import type { RpcClientOptions } from './rpcClientOptions.js';
import { badMessage } from './internal/decode.js';

type Capability = Exclude<keyof Protocol, 'name' | 'decode' | 'channelEvents'>;

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
export class RpcClient<Api extends object = UntypedApi> implements ChannelSource {
  /** Problems that do not belong to one call: bad frames, server errors without an id, failed attempts. */
  readonly errors$: Observable<RxwireError>;
  /** Replays how many replies were dropped because no call waited for them (late after a timeout or cancel). */
  readonly droppedReplies$: Observable<number>;
  readonly protocol: Protocol;
  readonly #options: RpcClientOptions;
  readonly #connection: Connection<unknown>;
  readonly #manager: RequestManager;
  readonly #errors = new Multicast<RxwireError>();
  readonly #drops = new MulticastValue(0);
  /** Memoised per `(name, event)`. */
  readonly #channels = new Map<string, RpcChannel>();
  readonly #host: ChannelHost;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #connectWaiters = new Set<(error?: unknown) => void>();
  /** Set once the client started using its connection. */
  #subscriptions: Subscription[] | undefined;
  #online = false;
  #failure: RxwireError | undefined;
  #closing: Promise<void> | undefined;
  /** With `batch`: the messages sent in this microtask, to go out as one frame. */
  #batch: unknown[] | undefined;

  constructor(options: RpcClientOptions) {
    const logger = (this.#logger = toLogger(options.logger));
    // Development builds check the options up front. Production builds leave the checks out, as React
    // and TanStack Query leave out theirs: bundlers replace process.env.NODE_ENV and drop dead code.
    if (process.env.NODE_ENV !== 'production') checkRpcClientOptions(options, logger);
    const protocol = (this.protocol = resolveProtocol(options.protocol));
    if (options.binary && !protocol.binaryCodec) {
      throw new TypeError(`binary: true needs a dialect with a binary mode (aiorest-ws); ${protocol.name} has none.`);
    }
    if (options.batch && !protocol.encodeBatch) {
      throw new TypeError(`batch: true needs a dialect with batches (json-rpc); ${protocol.name} has none.`);
    }
    this.#options = options;
    const clock = (this.#clock = options.clock ?? systemClock);
    this.errors$ = this.#errors.observable;
    this.droppedReplies$ = this.#drops.observable;
    const { WebSocket, reconnect, heartbeat, headers, maxMessageSize, tls } = options;
    this.#connection = webSocketConnection<unknown>({
      url: options.url,
      // The connection's options of the same names pass through; undefined ones keep its defaults.
      ...definedOnly({ WebSocket, reconnect, heartbeat, headers, maxMessageSize, tls }),
      codec: options.binary && protocol.binaryCodec ? protocol.binaryCodec() : jsonCodec(),
      lazy: true,
      clock,
      logger,
      // The request manager bounds what waits; the connection only buffers what it cannot write yet.
      sendBuffer: { limit: 100_000, overflow: 'error' },
    });
    // timeoutMs, maxInFlight and queueLimit pass through.
    this.#manager = new RequestManager({ ...options, send: (message) => this.#transmit(message), clock });
    this.#host = {
      protocol,
      clock,
      graceMs: options.channelGraceMs ?? 100,
      closed: () => !!this.#closing,
      wire: (subscribe, name, event) => {
        if (subscribe) this.#start();
        const encode = subscribe ? protocol.encodeSubscribe : protocol.encodeUnsubscribe;
        // While offline (or closed), the client subscribes the active channels once connected.
        return this.#online && encode ? this.#manager.begin(undefined, encode, protocol, name, event) : undefined;
      },
      publish: (channel, event, data) => this.publish(channel, event, data),
      report: (error) => this.#report(error),
    };
  }

  get state(): ConnectionState {
    return this.#connection.state;
  }

  /** Replays the current state. */
  get state$(): Observable<ConnectionState> {
    return this.#connection.state$;
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
    if (this.#closing) return Promise.reject(new ClosedError('The client is closed.'));
    if (this.#failure) return Promise.reject(this.#failure);
    this.#start();
    if (this.#online) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timeoutMs = this.#options.timeoutMs ?? 30_000;
      const timer =
        timeoutMs < Infinity
          ? this.#clock.setTimeout(() => done(new TransportTimeoutError(`Not connected within ${timeoutMs} ms (timeoutMs).`)), timeoutMs)
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
    return this.#call(options, this.#need('encodeCall', 'call()'), method, payload);
  }

  /** `call()` as a cold observable: each subscription calls once; unsubscribing cancels the call. */
  call$<M extends MethodName<Api>>(method: M, ...args: CallArgs<Api[M]>): Observable<ResultOf<Api[M]>>;
  call$(method: string, payload?: unknown, options?: CallOptions): Observable<unknown> {
    const encode = this.#need('encodeCall', 'call$()');
    return new Observable((subscriber) => {
      const refused = this.#refused();
      if (refused) return subscriber.error(refused);
      this.#start();
      const call = this.#manager.start((id) => encode.call(this.protocol, id, method, payload), options);
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
    const encode = this.#need('encodeNotification', 'notify()');
    if (this.#closing) throw new ClosedError('Cannot notify: the client is closed.');
    this.#start();
    this.#transmit(encode.call(this.protocol, method, payload));
  }

  /** A REST-style request (aiorest-ws): resolves with `data`, rejects with `RpcError` carrying `detail`. */
  request<R = unknown>(request: RestRequest, options?: CallOptions): Promise<R> {
    return this.#call(options, this.#need('encodeRest', 'request()'), request);
  }

  /**
   * The channel `name` (with an `event` glob for aio-openapi; rpc-websockets events for JSON-RPC),
   * memoised per `(name, event)`.
   */
  channel<T = unknown>(name: string, options: ChannelOptions = {}): Channel<T> {
    this.#need('encodeSubscribe', 'channel()');
    const { event } = options;
    if (event !== undefined && !this.protocol.channelEvents) {
      throw new TypeError(`The ${this.protocol.name} dialect has no event filter on channels; leave out { event }.`);
    }
    const key = `${name}\u0000${event ?? ''}`;
    let channel = this.#channels.get(key);
    if (!channel) this.#channels.set(key, (channel = new RpcChannel(name, event, this.#host)));
    return channel as Channel<unknown> as Channel<T>;
  }

  /** Publishes on a channel (aio-openapi); resolves with the server's echo `{channel, event, data}`. */
  publish(channel: string, event: string | undefined, data: unknown): Promise<unknown> {
    return this.#call(undefined, this.#need('encodePublish', 'publish()'), channel, event, data);
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
    this.#batch = undefined;
    this.#manager.rejectAll(closed);
    this.#wake(closed);
    for (const channel of this.#channels.values()) channel.close();
    this.#connection.close();
    for (const subscription of this.#subscriptions ?? []) subscription.unsubscribe();
    this.#errors.complete();
    this.#drops.complete();
    return this.#closing;
  }

  /** The dialect's encoder for `capability`; throws at once when the dialect has none. */
  #need<K extends Capability>(capability: K, what: string): NonNullable<Protocol[K]> {
    const encode = this.protocol[capability];
    if (!encode) throw new RxwireError('NOT_SUPPORTED', `The ${this.protocol.name} dialect has no ${what}.`);
    return encode as NonNullable<Protocol[K]>;
  }

  /** Why no call can start (the terminal failure, or `CLOSED`), if so. */
  #refused(): RxwireError | undefined {
    return this.#failure ?? (this.#closing && new ClosedError('Cannot call: the client is closed.'));
  }

  /** Starts a call whose message is `encode(id, a, b, c)`, called on the dialect. */
  #call<R>(options: CallOptions | undefined, encode: (id: string, ...args: never[]) => unknown, a: unknown, b?: unknown, c?: unknown): Promise<R> {
    const refused = this.#refused();
    if (refused) return Promise.reject(refused);
    this.#start();
    return this.#manager.begin<R>(options, encode, this.protocol, a, b, c);
  }

  /** Subscribes to the connection (which connects it) on first use. */
  #start(): void {
    if (this.#subscriptions) return;
    const connection = this.#connection;
    this.#subscriptions = [
      connection.errors$.subscribe((error) => this.#report(error)),
      connection.state$.subscribe((state) => this.#onState(state)),
      connection.messages$.subscribe({ next: (message) => this.#onMessage(message), error: (error: unknown) => this.#onFailure(error) }),
    ];
  }

  /** Settles every `connect()` waiting: resolved without `error`. */
  #wake(error?: unknown): void {
    for (const done of [...this.#connectWaiters]) done(error);
  }

  #onState(state: ConnectionState): void {
    if (state === 'connected') {
      this.#online = true;
      this.#manager.online();
      this.#wake();
      for (const channel of this.#channels.values()) if (channel.isActive) channel.wireSubscribe();
    } else if (this.#online) {
      this.#online = false;
      this.#batch = undefined;
      this.#manager.connectionLost();
      for (const channel of this.#channels.values()) channel.lost();
    }
  }

  #onFailure(error: unknown): void {
    const failure = (this.#failure =
      error instanceof RxwireError ? error : new ConnectionLostError('The connection failed for good.', { cause: error }));
    this.#online = false;
    this.#manager.rejectAll(failure);
    this.#wake(failure);
    for (const channel of this.#channels.values()) channel.deny(failure);
  }

  #onMessage(message: unknown): void {
    const manager = this.#manager;
    let incoming;
    try {
      incoming = this.protocol.decode(message);
    } catch (cause) {
      this.#report(new RxwireError('BAD_FRAME', `The ${this.protocol.name} dialect could not read a message.`, { cause }));
      return;
    }
    for (const item of incoming) {
      if (item.kind === 'push') {
        for (const channel of this.#channels.values()) if (channel.name === item.message.channel) channel.deliver(item.message);
      } else if (item.kind === 'problem') {
        this.#report(item.error);
      } else {
        const id = item.id ?? manager.oldestInFlightId() ?? '';
        if (item.kind === 'result' ? manager.resolve(id, item.value) : manager.reject(id, item.error)) continue;
        // A reply no call waits for: counted; reported too unless it is merely late (after a timeout or cancel).
        this.#drops.next(manager.droppedReplyCount);
        if (manager.wasAbandoned(id)) continue;
        const what = id ? `a reply with an unknown or already answered id ${JSON.stringify(id)}` : 'a reply without an id while no call was waiting';
        this.#report(badMessage(this.protocol.name, message, what).error);
      }
    }
  }

  /** Sends now, or (with `batch`) collects what is sent in this microtask into one frame. */
  #transmit(message: unknown): boolean {
    if (!this.#options.batch) return this.#connection.send(message);
    if (this.#batch) {
      this.#batch.push(message);
      return true;
    }
    const batch = (this.#batch = [message]);
    queueMicrotask(() => {
      // Discarded when the link dropped or the client closed.
      if (this.#batch !== batch) return;
      this.#batch = undefined;
      this.#connection.send(batch.length === 1 ? batch[0] : (this.protocol.encodeBatch as (messages: unknown[]) => unknown).call(this.protocol, batch));
    });
    return true;
  }

  #report(error: RxwireError): void {
    if (this.#errors.observed) this.#errors.next(error);
    else this.#logger(redact(`[rxwire] rpc: ${error.name}: ${error.message}`));
  }
}

/** The fields that are set: an option left `undefined` keeps the receiver's default. */
function definedOnly<T extends object>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
