import { BehaviorSubject, Observable, Subject } from 'rxjs';
import { RefCount, type BufferedAsyncIterator, type Channel, type ChannelMessage, type Clock } from '@rxwire/core';

/** What a channel needs from its client. @internal */
export interface ChannelOwner {
  wireSubscribe(name: string): void;
  wireUnsubscribe(name: string): void;
  publish(name: string, data: unknown): Promise<void>;
  iterate<T>(channel: BayeuxChannel<T>): BufferedAsyncIterator<ChannelMessage<T>>;
  clock: Clock;
  graceMs: number;
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
  private readonly subscribedSubject = new BehaviorSubject(false);
  private readonly pendingSubject = new BehaviorSubject(0);
  private subject = new Subject<ChannelMessage<T>>();
  private refs: RefCount;
  private generation = 0;
  private readonly iterators = new Set<BufferedAsyncIterator<ChannelMessage<T>>>();

  /** @internal */
  constructor(
    readonly name: string,
    private readonly owner: ChannelOwner,
  ) {
    this.refs = this.newRefCount();
    this.subscribed$ = this.subscribedSubject.asObservable();
    this.messages$ = new Observable<ChannelMessage<T>>((subscriber) => {
      const subscription = this.subject.subscribe(subscriber);
      const release = this.refs.acquire();
      return () => {
        subscription.unsubscribe();
        release();
      };
    });
  }

  /** Whether someone observes this channel (the wire subscription is wanted). @internal */
  get active(): boolean {
    return this.refs.isActive;
  }

  /** Messages buffered by this channel's async iterators and not yet pulled. */
  get pendingCount(): number {
    return this.pendingSubject.value;
  }

  /** `pendingCount` as it changes. */
  get pendingCount$(): Observable<number> {
    return this.pendingSubject.asObservable();
  }

  publish(data: T): Promise<void> {
    return this.owner.publish(this.name, data);
  }

  [Symbol.asyncIterator](): BufferedAsyncIterator<ChannelMessage<T>> {
    const iterator = this.owner.iterate(this);
    this.iterators.add(iterator);
    iterator.pendingCount$.subscribe({
      next: () => this.updatePending(),
      complete: () => {
        this.iterators.delete(iterator);
        this.updatePending();
      },
    });
    return iterator;
  }

  /** @internal */
  deliver(message: ChannelMessage<T>): void {
    this.subject.next(message);
  }

  /** @internal */
  setSubscribed(subscribed: boolean): void {
    if (this.subscribedSubject.value !== subscribed) this.subscribedSubject.next(subscribed);
  }

  /** Ends the current observers with an error; later observers start afresh. @internal */
  fail(error: unknown): void {
    const refs = this.refs;
    this.reset().error(error);
    refs.flush();
  }

  /** Completes the current observers; later observers start afresh. @internal */
  complete(): void {
    const refs = this.refs;
    this.reset().complete();
    refs.flush();
  }

  /** Runs a pending wire unsubscribe now, so no timer is left behind. @internal */
  flush(): void {
    this.refs.flush();
  }

  private reset(): Subject<ChannelMessage<T>> {
    const old = this.subject;
    this.subject = new Subject();
    this.generation++;
    this.refs = this.newRefCount();
    this.setSubscribed(false);
    return old;
  }

  private newRefCount(): RefCount {
    const generation = this.generation;
    return new RefCount({
      onFirst: () => this.owner.wireSubscribe(this.name),
      onLast: () => {
        // Observers of an ended generation leave after the session forgot them: nothing to undo.
        if (generation === this.generation) this.owner.wireUnsubscribe(this.name);
      },
      graceMs: this.owner.graceMs,
      clock: this.owner.clock,
    });
  }

  private updatePending(): void {
    let total = 0;
    for (const it of this.iterators) total += it.pendingCount;
    if (total !== this.pendingSubject.value) this.pendingSubject.next(total);
  }
}
