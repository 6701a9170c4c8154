import { RxwireError, SharedChannel, type ChannelMessage, type ChannelSnapshot, type Clock } from '@rxwire/core';
import type { Protocol } from './protocol.js';
import { globToRegExp } from './internal/glob.js';

/** What the router needs from its client. @internal */
export interface PushRouterOptions {
  clock: Clock;
  /** Grace period before a channel's wire unsubscribe. */
  graceMs: number;
  /** Starts the client's connection (lazily, on a channel's first observer). */
  start(): void;
  /**
   * Sends a wire subscribe or unsubscribe through the request manager: `encode` builds it from the
   * call id. `undefined` while offline (the client resubscribes its channels once connected).
   */
  request(encode: (protocol: Protocol, id: string) => unknown): Promise<unknown> | undefined;
  publish(channel: string, event: string | undefined, data: unknown): Promise<unknown>;
  report(error: RxwireError): void;
  /** The client's dialect. */
  protocol(): Protocol;
}

/**
 * With `share: 'tabs'`: in a follower tab, a channel is wanted from the leader tab (which holds the
 * one wire subscription for every tab) instead of subscribed on the wire. @internal
 */
export interface ChannelTabs {
  /** Whether this tab follows (its channels go through the leader). */
  follows(): boolean;
  /** Asks the leader for the channel; it answers with `confirmed(attempt)` or `denied`. `false` while offline. */
  want(name: string, event: string | undefined, channel: SharedChannel, attempt: number): boolean;
  unwant(name: string, event: string | undefined): void;
  /** The client closed in this tab: only this tab's channels and calls are let go. */
  close(): void;
}

/** One channel and which pushes it takes. */
interface Route {
  readonly channel: SharedChannel;
  /** The event glob's matcher; `undefined` takes every event. */
  readonly matcher: RegExp | undefined;
}

/** Errors after which the wire subscription simply waits for the next connection. */
const quiet = (error: unknown) => {
  const code = (error as RxwireError | undefined)?.code;
  return code === 'CONNECTION_LOST' || code === 'CLOSED';
};

/**
 * The channels of an `RpcClient`, one core `SharedChannel` per `(name, event glob)`: it makes
 * their wire part (subscribe and unsubscribe through the dialect and the request manager) and
 * routes each push to the channels of its name with one map lookup. @internal
 */
export class PushRouter {
  /** Channels by name, for routing; each name's channels differ by event glob. */
  readonly #routes = new Map<string, Route[]>();
  /** Memoised per `(name, event)`. */
  readonly #channels = new Map<string, SharedChannel>();
  readonly #options: PushRouterOptions;
  /** Once closed, channels made later are closed from the start (their observers complete at once). */
  #closed = false;
  /** Set once the tab code of `share` loaded. */
  tabs: ChannelTabs | undefined;

  constructor(options: PushRouterOptions) {
    this.#options = options;
  }

  /** Every channel as it is now, for the client's snapshot. */
  snapshot(): ChannelSnapshot[] {
    return [...this.#channels.values()].map((channel) => channel.snapshot());
  }

  /** The channel `(name, event)`, made on first use. */
  channel(name: string, event: string | undefined): SharedChannel {
    const key = `${name}\u0000${event ?? ''}`;
    let channel = this.#channels.get(key);
    if (channel) return channel;
    channel = this.#make(name, event);
    if (this.#closed) channel.close();
    this.#channels.set(key, channel);
    const matcher = event === undefined || event === '*' ? undefined : globToRegExp(event);
    const routes = this.#routes.get(name);
    if (routes) routes.push({ channel, matcher });
    else this.#routes.set(name, [{ channel, matcher }]);
    return channel;
  }

  /** A push: the channels of its name whose event glob matches get it. */
  deliver(message: ChannelMessage): void {
    const routes = this.#routes.get(message.channel);
    if (!routes) return;
    for (const { channel, matcher } of routes) if (!matcher || matcher.test(message.event ?? '')) channel.deliver(message);
  }

  /** The link is up: observed channels subscribe on the wire again. */
  connected(): void {
    for (const channel of this.#channels.values()) channel.resubscribe();
  }

  /** The link dropped: every wire subscription is gone. */
  lost(): void {
    for (const channel of this.#channels.values()) channel.lost();
  }

  /** The client failed for good: observers get `error`. */
  fail(error: unknown): void {
    for (const channel of this.#channels.values()) channel.denied(error);
  }

  /** The client closed: observers complete, nothing is left scheduled. */
  close(): void {
    this.#closed = true;
    for (const channel of this.#channels.values()) channel.close();
  }

  #make(name: string, event: string | undefined): SharedChannel {
    const options = this.#options;
    const channel: SharedChannel = new SharedChannel({
      name,
      clock: options.clock,
      graceMs: options.graceMs,
      wire: {
        subscribe: (attempt) => {
          options.start();
          // Starting found the connection up already (a shared one) and subscribed on its own.
          if (attempt !== channel.attempt) return false;
          if (this.tabs?.follows()) return this.tabs.want(name, event, channel, attempt);
          const request = options.request((protocol, id) => protocol.encodeSubscribe?.(id, name, event));
          request?.then(
            (result) => {
              const refused = options.protocol().checkSubscribed?.(result, name, event);
              if (attempt !== channel.attempt) return;
              if (refused) channel.denied(refused);
              else channel.confirmed(attempt);
            },
            (error: unknown) => {
              if (attempt !== channel.attempt || quiet(error)) return; // a lost connection resubscribes after the reconnect
              if (error instanceof RxwireError && error.code === 'RPC_ERROR') {
                const message = `The server refused the subscription to "${name}": ${error.message}`;
                channel.denied(new RxwireError('SUBSCRIBE_DENIED', message, { cause: error, payload: error.payload }));
              } else {
                // A timeout: observers stay, the next reconnect tries again.
                channel.failed(attempt);
                options.report(error instanceof RxwireError ? error : new RxwireError('SUBSCRIBE_FAILED', String(error), { cause: error }));
              }
            },
          );
          return request !== undefined;
        },
        unsubscribe: () => {
          if (this.tabs?.follows()) return this.tabs.unwant(name, event);
          options.request((protocol, id) => protocol.encodeUnsubscribe?.(id, name, event))?.catch((error: unknown) => {
            if (!quiet(error) && error instanceof RxwireError) options.report(error);
          });
        },
        publish: (data) => options.publish(name, event, data),
      },
    });
    return channel;
  }
}
