import { BehaviorSubject, Observable, Subject, type Subscription } from 'rxjs';
import {
  ClosedError,
  ConnectionLostError,
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
} from '@rxwire/core';
import type { CallArgs, MethodName, ResultOf, UntypedApi } from './apiTypes.js';
import type { Incoming, Protocol, RestRequest } from './protocol.js';
import { RequestManager, type CallOptions, type PendingCall } from './requestManager.js';
import { resolveProtocol } from './resolveProtocol.js';
import { ChannelRegistry } from './channelRegistry.js';
import type { RpcClientOptions } from './rpcClientOptions.js';
import { Batcher } from './internal/batcher.js';
import { badMessage } from './internal/badFrame.js';

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
  private readonly connection: Connection<unknown>;
  private readonly manager: RequestManager;
  private readonly errorSubject = new Subject<RxwireError>();
  private readonly dropSubject = new BehaviorSubject(0);
  private readonly channels: ChannelRegistry;
  private readonly batcher: Batcher | undefined;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly subscriptions: Subscription[] = [];
  private readonly connectWaiters = new Set<(error?: unknown) => void>();
  private started = false;
  private online = false;
  private failure: RxwireError | undefined;
  private closing: Promise<void> | undefined;

  constructor(private readonly options: RpcClientOptions) {
    this.protocol = resolveProtocol(options.protocol);
    if (options.binary && !this.protocol.binaryCodec) {
      throw new TypeError(`binary: true needs a dialect with a binary mode (aiorest-ws); ${this.protocol.name} has none.`);
    }
    if (options.batch && !this.protocol.encodeBatch) {
      throw new TypeError(`batch: true needs a dialect with batches (json-rpc); ${this.protocol.name} has none.`);
    }
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? ((message) => console.warn(message));
    this.errors$ = this.errorSubject.asObservable();
    this.droppedReplies$ = this.dropSubject.asObservable();
    this.connection = webSocketConnection<unknown>({
      url: options.url,
      codec: options.binary && this.protocol.binaryCodec ? this.protocol.binaryCodec() : jsonCodec(),
      lazy: true,
      clock: this.clock,
      logger: this.logger,
      // The request manager bounds what waits; the connection only buffers what it cannot write yet.
      sendBuffer: { limit: 100_000, overflow: 'error' },
      ...(options.WebSocket ? { WebSocket: options.WebSocket } : {}),
      ...(options.reconnect === undefined ? {} : { reconnect: options.reconnect }),
      ...(options.heartbeat === undefined ? {} : { heartbeat: options.heartbeat }),
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.maxMessageSize === undefined ? {} : { maxMessageSize: options.maxMessageSize }),
      ...(options.tls ? { tls: options.tls } : {}),
    });
    this.manager = new RequestManager({
      send: (message) => this.transmit(message),
      clock: this.clock,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.maxInFlight === undefined ? {} : { maxInFlight: options.maxInFlight }),
      ...(options.queueLimit === undefined ? {} : { queueLimit: options.queueLimit }),
    });
    this.channels = new ChannelRegistry({
      protocol: this.protocol,
      clock: this.clock,
      graceMs: options.channelGraceMs ?? 100,
      isOnline: () => this.online,
      isClosed: () => this.closing !== undefined,
      start: () => this.start(),
      call: (encode) => this.manager.start(encode).promise,
      publish: (channel, event, data) => this.publish(channel, event, data),
      report: (error) => this.report(error),
    });
    const encodeBatch = options.batch ? this.protocol.encodeBatch?.bind(this.protocol) : undefined;
    if (encodeBatch) {
      this.batcher = new Batcher((batch) => this.connection.send(batch.length === 1 ? batch[0] : encodeBatch(batch)));
    }
  }

  get state(): ConnectionState {
    return this.connection.state;
  }

  /** Replays the current state. */
  get state$(): Observable<ConnectionState> {
    return this.connection.state$;
  }

  /** Calls on the wire. */
  get inFlightCount(): number {
    return this.manager.inFlightCount;
  }

  /** Calls waiting to be sent. */
  get queuedCount(): number {
    return this.manager.queuedCount;
  }

  /** Replies dropped because no call waited for them any more (after a timeout or cancel). */
  get droppedReplyCount(): number {
    return this.manager.droppedReplyCount;
  }

  /**
   * Connects now (the client also connects lazily on first use). Idempotent; resolves once
   * connected, rejects after `timeoutMs` (`TRANSPORT_TIMEOUT`), on close or on a terminal failure.
   */
  connect(): Promise<void> {
    if (this.closing) return Promise.reject(new ClosedError('The client is closed.'));
    if (this.failure) return Promise.reject(this.failure);
    this.start();
    if (this.online) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timeoutMs = this.options.timeoutMs ?? 30_000;
      const timer = Number.isFinite(timeoutMs)
        ? this.clock.setTimeout(() => done(new TransportTimeoutError(`Not connected within ${timeoutMs} ms (timeoutMs).`)), timeoutMs)
        : undefined;
      const done = (error?: unknown): void => {
        this.connectWaiters.delete(done);
        if (timer !== undefined) this.clock.clearTimeout(timer);
        if (error === undefined) resolve();
        else reject(error);
      };
      this.connectWaiters.add(done);
    });
  }

  /** Calls a method and resolves with its result. */
  call<M extends MethodName<Api>>(method: M, ...args: CallArgs<Api[M]>): Promise<ResultOf<Api[M]>> {
    const encode = this.require('encodeCall', 'call()');
    const [payload, options] = args;
    return this.startCall<ResultOf<Api[M]>>((id) => encode(id, method, payload), options).promise;
  }

  /** `call()` as a cold observable: each subscription calls once; unsubscribing cancels the call. */
  call$<M extends MethodName<Api>>(method: M, ...args: CallArgs<Api[M]>): Observable<ResultOf<Api[M]>> {
    const encode = this.require('encodeCall', 'call$()');
    const [payload, options] = args;
    return this.observe<ResultOf<Api[M]>>((id) => encode(id, method, payload), options);
  }

  /** Sends a notification: no reply, no id (JSON-RPC). */
  notify<M extends MethodName<Api>>(method: M, payload?: unknown): void {
    const encode = this.require('encodeNotification', 'notify()');
    if (this.closing) throw new ClosedError('Cannot notify: the client is closed.');
    this.start();
    this.transmit(encode(method, payload));
  }

  /** A REST-style request (aiorest-ws): resolves with `data`, rejects with `RpcError` carrying `detail`. */
  request<R = unknown>(request: RestRequest, options?: CallOptions): Promise<R> {
    const encode = this.require('encodeRest', 'request()');
    return this.startCall<R>((id) => encode(id, request), options).promise;
  }

  /**
   * The channel `name` (with an `event` glob for aio-openapi; rpc-websockets events for JSON-RPC),
   * memoised per `(name, event)`.
   */
  channel<T = unknown>(name: string, options: ChannelOptions = {}): Channel<T> {
    this.require('encodeSubscribe', 'channel()');
    const { event } = options;
    if (event !== undefined && !this.protocol.channelEvents) {
      throw new TypeError(`The ${this.protocol.name} dialect has no event filter on channels; leave out { event }.`);
    }
    return this.channels.get(name, event) as Channel<unknown> as Channel<T>;
  }

  /** Publishes on a channel (aio-openapi); resolves with the server's echo `{channel, event, data}`. */
  publish(channel: string, event: string | undefined, data: unknown): Promise<unknown> {
    const encode = this.require('encodePublish', 'publish()');
    return this.startCall((id) => encode(id, channel, event, data)).promise;
  }

  /**
   * Closes for good: every unsettled call rejects with `CLOSED`, channels complete, and the promise
   * resolves once every timer and socket is released. Idempotent.
   */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    const closed = new ClosedError('The client was closed.');
    this.closing = new Promise<void>((resolve) => {
      this.connection.state$.subscribe({ complete: () => resolve() });
    });
    this.online = false;
    this.batcher?.discard();
    this.manager.rejectAll(closed);
    for (const done of [...this.connectWaiters]) done(closed);
    this.channels.close();
    this.connection.close();
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.errorSubject.complete();
    this.dropSubject.complete();
    return this.closing;
  }

  private require<K extends Capability>(capability: K, what: string): NonNullable<Protocol[K]> {
    const fn = this.protocol[capability];
    if (typeof fn !== 'function') {
      throw new RxwireError('NOT_SUPPORTED', `The ${this.protocol.name} dialect has no ${what}.`);
    }
    return fn.bind(this.protocol) as NonNullable<Protocol[K]>;
  }

  private startCall<R>(encode: (id: string) => unknown, options?: CallOptions): PendingCall<R> {
    if (this.closing || this.failure) {
      const error = this.failure ?? new ClosedError('Cannot call: the client is closed.');
      const promise = Promise.reject(error) as Promise<R>;
      return { id: '', promise, cancel: () => undefined };
    }
    this.start();
    return this.manager.start<R>(encode, options);
  }

  private observe<R>(encode: (id: string) => unknown, options?: CallOptions): Observable<R> {
    return new Observable<R>((subscriber) => {
      const call = this.startCall<R>(encode, options);
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

  /** Subscribes to the connection (which connects it) on first use. */
  private start(): void {
    if (this.started) return;
    this.started = true;
    this.subscriptions.push(
      this.connection.errors$.subscribe((error) => this.report(error)),
      this.connection.state$.subscribe((state) => this.onState(state)),
      this.connection.messages$.subscribe({
        next: (message) => this.onMessage(message),
        error: (error: unknown) => this.onFailure(error),
      }),
    );
  }

  private onState(state: ConnectionState): void {
    if (state === 'connected') {
      this.online = true;
      this.manager.online();
      for (const done of [...this.connectWaiters]) done();
      this.channels.online();
    } else if (this.online) {
      this.online = false;
      this.batcher?.discard();
      this.manager.connectionLost();
      this.channels.offline();
    }
  }

  private onFailure(error: unknown): void {
    this.failure =
      error instanceof RxwireError ? error : new ConnectionLostError('The connection failed for good.', { cause: error });
    this.online = false;
    this.manager.rejectAll(this.failure);
    for (const done of [...this.connectWaiters]) done(this.failure);
    this.channels.fail(this.failure);
  }

  private onMessage(message: unknown): void {
    let incoming: Incoming[];
    try {
      incoming = this.protocol.decode(message);
    } catch (cause) {
      this.report(new RxwireError('BAD_FRAME', `The ${this.protocol.name} dialect could not read a message.`, { cause }));
      return;
    }
    for (const item of incoming) {
      switch (item.kind) {
        case 'result': {
          const id = item.id ?? this.manager.oldestInFlightId() ?? '';
          if (!this.manager.resolve(id, item.value)) this.countDrop(id, message);
          break;
        }
        case 'error': {
          const id = item.id ?? this.manager.oldestInFlightId() ?? '';
          if (!this.manager.reject(id, item.error)) this.countDrop(id, message);
          break;
        }
        case 'push':
          this.channels.dispatch(item.message);
          break;
        case 'problem':
          this.report(item.error);
          break;
      }
    }
  }

  /** A reply no call waits for: counted; reported too unless it is merely late (after a timeout or cancel). */
  private countDrop(id: string, message: unknown): void {
    this.dropSubject.next(this.manager.droppedReplyCount);
    if (!this.manager.wasAbandoned(id)) {
      const what = id === '' ? 'a reply without an id while no call was waiting' : `a reply with an unknown or already answered id ${JSON.stringify(id)}`;
      this.report(badMessage(this.protocol.name, message, what).error);
    }
  }

  /** Sends now, or (with `batch`) collects what is sent in this microtask into one frame. */
  private transmit(message: unknown): boolean {
    if (!this.batcher) return this.connection.send(message);
    this.batcher.add(message);
    return true;
  }

  private report(error: RxwireError): void {
    if (this.errorSubject.observed) this.errorSubject.next(error);
    else this.logger(redact(`[rxwire] rpc: ${error.name}: ${error.message}`));
  }
}
