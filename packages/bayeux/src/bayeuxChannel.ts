import { SharedChannel, toAsyncIterable, type ChannelWire, type Clock, type Continuity, type OverflowPolicy } from '@rxwire/core';

/** What a channel needs from its client. @internal */
export interface ChannelOwner {
  sub(name: string): void;
  unsub(name: string): void;
  publish(name: string, data: unknown): Promise<void>;
  /** A channel's iterators' buffer changed: the client recounts its budget. Shared by every channel, so a function that needs no `this`. */
  pending: () => void;
  clock: Clock;
  graceMs: number;
  limit: number;
  overflow: OverflowPolicy;
}

/**
 * One Bayeux channel (or wildcard pattern) of a {@link BayeuxClient}: an observable of its messages,
 * its subscription status, a publish shortcut, and an async iterable bounded by the client's
 * `maxPendingCount`. Core's shared channel does the sharing (one wire subscription for every
 * observer, released a grace period after the last); the Bayeux session does the wire part.
 *
 * @example
 * ```ts
 * const stocks = client.channel<Quote>('/stocks/*');
 * stocks.messages$.subscribe(({ channel, data }) => render(channel, data));
 * for await (const { data } of client.channel<Order>('/orders')) await handle(data);
 * ```
 */
export class BayeuxChannel<T = unknown> extends SharedChannel<T> {
  /** What the last confirmation said about the loss before it (see {@link setSubscribed}). @internal */
  resumed: Continuity['resumed'] | undefined;

  /** @internal */
  constructor(name: string, owner: ChannelOwner) {
    super({
      name,
      wire: new BayeuxChannelWire(name, owner),
      clock: owner.clock,
      graceMs: owner.graceMs,
      limit: owner.limit,
      overflow: owner.overflow,
      // Bayeux channels are async iterable (bounded by maxPendingCount), as their contract says.
      toAsyncIterable,
      onPendingChange: owner.pending,
    });
  }

  override publish(data: T): Promise<void> {
    // The wire's publish is the client's, which resolves with nothing once the server acknowledged.
    return super.publish(data) as Promise<void>;
  }

  /**
   * The session's subscription holds (or no longer does); `resumed` says whether anything may have
   * been missed since it held last (reported on `continuity$` after a loss). @internal
   */
  setSubscribed(subscribed: boolean, resumed?: Continuity['resumed']): void {
    // Kept for a leader tab, which tells the other tabs' channels the same (see `share`).
    if (subscribed) this.resumed = resumed;
    if (subscribed) this.confirmed(this.attempt, resumed ? { resumed } : {});
    else this.lost();
  }
}

/**
 * What a channel asks of the wire, done by the client under the channel's name. A class rather than
 * closures: one small object per channel (an app may hold thousands of channels).
 */
class BayeuxChannelWire implements ChannelWire {
  constructor(
    readonly name: string,
    readonly owner: ChannelOwner,
  ) {}

  /** The session keeps the subscription across reconnects and says when it holds (subscribed events). */
  subscribe(): boolean {
    this.owner.sub(this.name);
    return true;
  }

  unsubscribe(): void {
    this.owner.unsub(this.name);
  }

  publish(data: unknown): Promise<void> {
    return this.owner.publish(this.name, data);
  }
}
