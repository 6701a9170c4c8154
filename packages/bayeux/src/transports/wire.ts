import { RxwireError, type Clock, type Logger, type WireTap } from '@rxwire/core';
import type { BayeuxClientOptions } from '../bayeuxClientOptions.js';
import type { Extension } from '../extension.js';
import { badItem, HANDSHAKE, toMessageArray, type BayeuxMessage, type ConnectionType } from '../message.js';
import type { TransportEffect } from '../session/sessionPorts.js';
import { Batcher } from './batcher.js';
import type { CookieJar } from './cookieJar.js';
import type { HttpAgents } from './httpPlatform.js';
import type { BayeuxTransport, JsonFunctions, TransportSink } from './transport.js';
import type { TransportKit } from './transportFactories.js';

/** What a {@link Wire} needs from its client. @internal */
export interface WireOptions {
  options: BayeuxClientOptions;
  kit: TransportKit;
  extensions: readonly Extension[];
  headers: Record<string, string>;
  json: JsonFunctions;
  clock: Clock;
  logger: Logger;
  cookies: CookieJar | undefined;
  /** The current server URL. */
  url: () => string;
  /** Whether a URL is one the app gave: only those get headers, cookies, TLS client options and the auth extension. */
  isAppUrl: (url: string) => boolean;
  /** Where what came in goes (the session's dispatcher). */
  inbound: TransportSink;
  /** Problems that do not end the session. */
  report: (error: RxwireError) => void;
  /** The client's inspect$ hooks: every message in and out, one event each. */
  tap: WireTap;
  /** With `url` or `headers` functions: resolves them for a new attempt (rejects when they fail). */
  refreshCredentials?: (() => Promise<void>) | undefined;
}

/**
 * The way between one session and the network: it carries out the session's transport effects
 * (batching what is sent in one microtask, running outgoing extensions), makes each transport on
 * first use, and hands what transports receive to the session's dispatcher, through the incoming
 * extensions where there are any. One per session: closing it releases every socket and agent.
 * @internal
 */
export class Wire {
  readonly #o: WireOptions;
  readonly #transports = new Map<ConnectionType, BayeuxTransport>();
  readonly #batcher: Batcher;
  readonly #agents: HttpAgents | undefined;
  /** What transports deliver to: the dispatcher itself, or the incoming extensions in front of it. */
  readonly #sink: TransportSink;
  /** Extensions may be async: each batch waits for the ones before it, in and out. */
  #outgoing: Promise<unknown> = Promise.resolve();
  #incoming: Promise<unknown> = Promise.resolve();
  #paused = false;
  #closed = false;
  /** With credential functions: whether the next send starts a new attempt (the first, or one after a failure). */
  #stale = true;
  /** With credential functions: a transport to open once they are resolved. */
  #openAfterRefresh: ConnectionType | undefined;

  constructor(options: WireOptions) {
    this.#o = options;
    this.#agents = options.kit.http?.agents(options.options.tls as Record<string, unknown> | undefined);
    // Credential functions put every batch in the chain too, so none overtakes one waiting for them.
    const outgoingHooks = options.extensions.some((e) => e.outgoing) || options.refreshCredentials !== undefined;
    this.#batcher = new Batcher((via, messages) => {
      const refresh = this.#refreshFor(messages);
      // Without extensions or credential functions, a batch goes straight to its transport. A failure must not break the chain.
      if (!outgoingHooks) this.#send(via, messages);
      else this.#outgoing = this.#outgoing.then(() => this.#extendAndSend(via, messages, refresh)).catch((cause: unknown) => this.#internalError(cause));
    });
    const inbound = options.inbound;
    const extended: TransportSink = options.extensions.some((e) => e.incoming)
      ? {
          receive: (messages) => {
            this.#incoming = this.#incoming.then(async () => inbound.receive(await this.#extendIncoming(messages))).catch((cause: unknown) => this.#internalError(cause));
          },
          fail: (messages, error) => inbound.fail(messages, error),
        }
      : inbound;
    // inspect$ sees what came in as it came, before any extension: one optional call per batch.
    // With credential functions, the first send after a failure is a new attempt: they run again.
    const refreshes = options.refreshCredentials !== undefined;
    this.#sink = {
      receive: (messages) => {
        options.tap.on?.messages('in', messages);
        extended.receive(messages);
      },
      fail: (messages, error) => {
        if (refreshes) this.#stale = true;
        extended.fail(messages, error);
      },
    };
  }

  /** Carries out what the session asked for. */
  apply(effect: TransportEffect): void {
    switch (effect.type) {
      case 'send':
        this.#batcher.add(effect.message, effect.via);
        return;
      case 'open':
        // A socket opened ahead of the handshake must use the credentials resolved for it.
        if (this.#o.refreshCredentials) this.#openAfterRefresh = effect.via;
        else this.#transport(effect.via).open?.();
        return;
      case 'reset':
        this.#stale = true;
        this.#transports.get(effect.via)?.reset();
        return;
      case 'resume':
        for (const transport of this.#transports.values()) transport.resume();
    }
  }

  /** Stops reading where the transport allows (Node WebSocket), for the client's flow control. */
  pause(): void {
    this.#paused = true;
    for (const transport of this.#transports.values()) transport.pause();
  }

  resume(): void {
    this.#paused = false;
    for (const transport of this.#transports.values()) transport.resume();
  }

  /** Releases every socket, agent and waiting batch. */
  close(): void {
    this.#closed = true;
    for (const transport of this.#transports.values()) transport.close();
    this.#transports.clear();
    this.#batcher.clear();
    this.#agents?.destroy();
  }

  async #extendAndSend(via: ConnectionType, messages: BayeuxMessage[], refresh?: () => Promise<void>): Promise<void> {
    if (refresh && !(await this.#refreshed(refresh, messages))) return;
    let out = messages;
    try {
      // A server may steer the client to a host of its choosing (advice.hosts): no credentials go there.
      const appUrl = this.#o.isAppUrl(this.#o.url());
      for (const extension of this.#o.extensions) {
        if (extension.outgoing && (appUrl || extension !== this.#o.options.auth)) out = await extension.outgoing(out, appUrl ? this.#o.headers : {});
      }
    } catch (cause) {
      const error = new RxwireError('EXTENSION_FAILED', 'An outgoing extension failed; the messages were not sent.', { cause });
      this.#o.report(error);
      this.#o.inbound.fail(messages, error);
      return;
    }
    this.#send(via, out);
  }

  /**
   * The credential refresh a batch must wait for: before every handshake, and before the first send
   * after a failure. Undefined without credential functions.
   */
  #refreshFor(messages: readonly BayeuxMessage[]): (() => Promise<void>) | undefined {
    const refresh = this.#o.refreshCredentials;
    if (!refresh || !(this.#stale || messages.some((m) => m.channel === HANDSHAKE))) return undefined;
    this.#stale = false;
    return refresh;
  }

  /** Runs the refresh; when it fails, the batch fails with its error (a failed attempt, with backoff). */
  async #refreshed(refresh: () => Promise<void>, messages: BayeuxMessage[]): Promise<boolean> {
    try {
      await refresh();
    } catch (error) {
      this.#stale = true;
      this.#o.inbound.fail(messages, error as RxwireError);
      return false;
    }
    const open = this.#openAfterRefresh;
    this.#openAfterRefresh = undefined;
    if (open && !this.#closed) this.#transport(open).open?.();
    return true;
  }

  #send(via: ConnectionType, messages: BayeuxMessage[]): void {
    try {
      if (this.#closed || !messages.length) return;
      this.#o.tap.on?.messages('out', messages); // after the outgoing extensions: what goes on the wire
      this.#transport(via).send(messages);
    } catch (cause) {
      this.#internalError(cause);
    }
  }

  /** Incoming extensions, in order, on what is a message; a failing one leaves the messages as they were. */
  async #extendIncoming(received: BayeuxMessage[]): Promise<BayeuxMessage[]> {
    const report = this.#o.report;
    const messages = toMessageArray(received, (item, why) => report(badItem(item, why)));
    let current = messages;
    try {
      for (const extension of this.#o.extensions) if (extension.incoming) current = await extension.incoming(current);
    } catch (cause) {
      report(new RxwireError('EXTENSION_FAILED', 'An incoming extension failed; the messages were used unchanged.', { cause }));
      return messages;
    }
    return current;
  }

  #transport(via: ConnectionType): BayeuxTransport {
    let transport = this.#transports.get(via);
    if (transport) return transport;
    const o = this.#o;
    const factory = o.kit.factories[via];
    // The client checked connectionTypes against the kit: a type without a factory never gets here.
    if (!factory) throw new RangeError(`No ${via} transport in this entry point.`);
    transport = factory({
      options: o.options,
      url: o.url,
      isAppUrl: o.isAppUrl,
      json: o.json,
      clock: o.clock,
      sink: this.#sink,
      headers: o.headers,
      cookies: o.cookies,
      agents: this.#agents,
      logger: o.logger,
      onError: o.report,
    });
    if (this.#paused) transport.pause();
    this.#transports.set(via, transport);
    return transport;
  }

  #internalError(cause: unknown): void {
    this.#o.report(cause instanceof RxwireError ? cause : new RxwireError('INTERNAL', 'Unexpected failure while moving messages.', { cause }));
  }
}
