import { Observable } from 'rxjs';
import {
  Multicast,
  MulticastValue,
  RefCount,
  toAsyncIterable,
  type BufferedAsyncIterator,
  type Channel,
  type ChannelMessage,
  type Clock,
  type OverflowPolicy,
} from '@rxwire/core';

/** What a channel needs from its client. @internal */
export interface ChannelOwner {
  sub(name: string): void;
  unsub(name: string): void;
  publish(name: string, data: unknown): Promise<void>;
  /** A channel's iterators' buffer changed: the client recounts its budget. */
  pending(): void;
  clock: Clock;
  graceMs: number;
  limit: number;
  overflow: OverflowPolicy;
}

/**
 * One Bayeux channel (or wildcard pattern) of a {@link BayeuxClient}: an observable of its messages,
 * its subscription status, a publish shortcut, and an async iterable bounded by the client's
 * `maxPendingCount`.
 *
 * @example
 * ```ts
 * const stocks = client.channel<Quote>('/stocks/*');
 * stocks.messages$.subscribe(({ channel, data }) => render(channel, data));
 * for await (const { data } of client.channel<Order>('/orders')) await handle(data);
 * ```
 */
export class BayeuxChannel<T = unknown> implements Channel<T>, AsyncIterable<ChannelMessage<T>> {
  /** Messages on this channel (or matching this pattern), while observed. */
  readonly messages$: Observable<ChannelMessage<T>>;
  /** `true` once the server confirmed the subscription, `false` when it is lost. */
  readonly subscribed$: Observable<boolean>;
  readonly #subscribed = new MulticastValue(false);
  readonly #pending = new MulticastValue(0);
  readonly #owner: ChannelOwner;
  readonly #iterators = new Set<BufferedAsyncIterator<ChannelMessage<T>>>();
  #messages = new Multicast<ChannelMessage<T>>();
  #refs!: RefCount;
  #dropped = 0;

  /** @internal */
  constructor(
    readonly name: string,
    owner: ChannelOwner,
  ) {
    this.#owner = owner;
    this.#reset();
    this.subscribed$ = this.#subscribed.observable;
    this.messages$ = new Observable<ChannelMessage<T>>((subscriber) => {
      const subscription = this.#messages.observable.subscribe(subscriber);
      const release = this.#refs.acquire();
      return () => {
        subscription.unsubscribe();
        release();
      };
    });
  }

  /** Whether someone observes this channel (the wire subscription is wanted). @internal */
  get active(): boolean {
    return this.#refs.isActive;
  }

  /** Messages buffered by this channel's async iterators and not yet pulled. */
  get pendingCount(): number {
    return this.#pending.value;
  }

  /** `pendingCount` as it changes. */
  get pendingCount$(): Observable<number> {
    return this.#pending.observable;
  }

  /** Messages this channel's iterators threw away (overflow policy). @internal */
  get droppedCount(): number {
    let dropped = this.#dropped;
    for (const it of this.#iterators) dropped += it.dropped;
    return dropped;
  }

  publish(data: T): Promise<void> {
    return this.#owner.publish(this.name, data);
  }

  [Symbol.asyncIterator](): BufferedAsyncIterator<ChannelMessage<T>> {
    const owner = this.#owner;
    const iterator = toAsyncIterable(this.messages$, { limit: owner.limit, overflow: owner.overflow });
    const iterators = this.#iterators;
    iterators.add(iterator);
    const update = (): void => {
      let total = 0;
      for (const it of iterators) total += it.pendingCount;
      this.#pending.set(total);
      owner.pending();
    };
    iterator.pendingCount$.subscribe({
      next: update,
      complete: () => {
        this.#dropped += iterator.dropped;
        iterators.delete(iterator);
        update();
      },
    });
    return iterator;
  }

  /** @internal */
  deliver(message: ChannelMessage<T>): void {
    this.#messages.next(message);
  }

  /** @internal */
  setSubscribed(subscribed: boolean): void {
    this.#subscribed.set(subscribed);
  }

  /** Ends the current observers (with an error, or complete); later observers start afresh. @internal */
  end(error?: unknown): void {
    const refs = this.#refs;
    const old = this.#messages;
    this.#reset();
    if (error) old.error(error);
    else old.complete();
    refs.flush();
  }

  /** Runs a pending wire unsubscribe now, so no timer is left behind. @internal */
  flush(): void {
    this.#refs.flush();
  }

  #reset(): void {
    const owner = this.#owner;
    this.#messages = new Multicast();
    this.#subscribed.set(false);
    const refs: RefCount = new RefCount({
      onFirst: () => owner.sub(this.name),
      // Observers of an ended generation leave after the session forgot them: nothing to undo.
      onLast: () => refs === this.#refs && owner.unsub(this.name),
      graceMs: owner.graceMs,
      clock: owner.clock,
    });
    this.#refs = refs;
  }
}
