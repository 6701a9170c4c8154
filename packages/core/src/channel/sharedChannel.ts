import { Observable } from 'rxjs';
import { systemClock, type Clock } from '../clock.js';
import { Multicast, MulticastValue } from '../multicast.js';
import { RefCount } from '../refCount.js';
import type { BufferedAsyncIterator, toAsyncIterable } from '../toAsyncIterable.js';
import type { Channel, ChannelMessage, ChannelStatus, Continuity, OverflowPolicy } from '../types.js';
import type { ChannelSnapshot } from '../inspect/wireEvent.js';

/**
 * The protocol's part of a channel: the effects the channel asks of its owner (a client). The owner
 * answers with the channel's event methods (`confirmed`, `lost`, `resubscribe`, `denied`, `end`).
 */
export interface ChannelWire<T = unknown> {
  /**
   * Subscribe on the wire: with the first observer, and on {@link SharedChannel.resubscribe} after a
   * loss. Pass `attempt` back to {@link SharedChannel.confirmed} (or `failed`) so a stale reply is
   * recognised. Returns whether the owner now holds something to undo with `unsubscribe` (a request
   * sent or queued); `false` while offline, and the owner calls `resubscribe()` once connected.
   */
  subscribe(attempt: number): boolean;
  /** Release the wire subscription: the grace period after the last observer left is over. */
  unsubscribe(): void;
  /** What `channel.publish(data)` does. */
  publish(data: T): Promise<unknown>;
}

/** Options of {@link SharedChannel}. */
export interface SharedChannelOptions<T = unknown> {
  name: string;
  wire: ChannelWire<T>;
  /** @default the global timers */
  clock?: Clock;
  /** How long the wire subscription outlives its last observer (React StrictMode's unmount/mount). @default 100 */
  graceMs?: number;
  /**
   * Makes the channel iterable with `for await`: pass core's `toAsyncIterable`. Injected so that
   * clients whose channels are not iterable carry no iterator code; without it, iterating throws.
   */
  toAsyncIterable?: typeof toAsyncIterable;
  /** Most messages each async iterator holds for a slow consumer. @default 1000 */
  limit?: number;
  /** What an async iterator does when `limit` is reached. @default 'drop-oldest' */
  overflow?: OverflowPolicy;
  /** Called when the iterators' `pendingCount` changed, e.g. to keep a client-wide budget. */
  onPendingChange?: () => void;
}

/**
 * One channel of a client, protocol-free: observers share one wire subscription, made with the
 * first and released a grace period after the last; `subscribed$` and `status$` say where it
 * stands, `continuity$` whether messages may have been missed across a loss; iterating it with
 * `for await` (given the `toAsyncIterable` option) goes through a bounded buffer. The owner
 * supplies the wire part ({@link ChannelWire}) and reports what happened with the event methods; the channel never calls its owner otherwise.
 *
 * @example
 * ```ts
 * const channel = new SharedChannel<Quote>({
 *   name: 'quotes',
 *   wire: {
 *     subscribe: (attempt) => { send({ subscribe: 'quotes', attempt }); return true; },
 *     unsubscribe: () => send({ unsubscribe: 'quotes' }),
 *     publish: (data) => request({ publish: 'quotes', data }),
 *   },
 * });
 * // the owner, when the server confirms:  channel.confirmed(reply.attempt)
 * // when a push for it arrives:           channel.deliver(message)
 * // when the link drops / comes back:     channel.lost() / channel.resubscribe()
 * channel.status$.subscribe((status) => render(status));
 * ```
 */
export class SharedChannel<T = unknown> implements Channel<T>, AsyncIterable<ChannelMessage<T>> {
  readonly name: string;
  readonly #wire: ChannelWire<T>;
  readonly #options: SharedChannelOptions<T>;
  readonly #clock: Clock;
  readonly #subscribed = new MulticastValue(false);
  readonly #status = new MulticastValue<ChannelStatus>('idle');
  readonly #continuity = new Multicast<Continuity>();
  #messages$: Observable<ChannelMessage<T>> | undefined;
  /** The current observers; replaced when they are ended (denied, or the owner ended them). */
  #messages = new Multicast<ChannelMessage<T>>();
  /** The current observers' reference count; replaced with them, so the old ones' release undoes nothing. */
  #refs!: RefCount;
  /** Bumped by every wire subscribe and loss, so a stale reply is recognised. */
  #attempt = 0;
  /** The owner holds a wire subscription (sent or queued) to undo. */
  #onWire = false;
  /** When the last live subscription was lost, while it is not back. */
  #lostAt: number | undefined;
  #closed = false;
  readonly #pending = new MulticastValue(0);
  #iterators: Set<BufferedAsyncIterator<ChannelMessage<T>>> | undefined;
  /** Messages dropped by iterators that have finished. */
  #dropped = 0;
  /** Messages delivered so far and the last one, for {@link snapshot} (plain field writes, no allocation). */
  #delivered = 0;
  #last: ChannelMessage<T> | undefined;

  constructor(options: SharedChannelOptions<T>) {
    this.name = options.name;
    this.#wire = options.wire;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#renew();
  }

  // The observables are made on first use (and the same one returned from then on): an app with
  // thousands of channels observes few of them in more than one way.

  /** Messages while observed; the first observer subscribes on the wire. */
  get messages$(): Observable<ChannelMessage<T>> {
    return (this.#messages$ ??= new Observable<ChannelMessage<T>>((subscriber) => {
      if (this.#closed) return subscriber.complete();
      const subscription = this.#messages.observable.subscribe(subscriber);
      const release = this.#refs.acquire();
      return () => {
        subscription.unsubscribe();
        release();
      };
    }));
  }

  /** Replays `true` once the server confirmed the wire subscription, `false` when it is lost. */
  get subscribed$(): Observable<boolean> {
    return this.#subscribed.observable;
  }

  /** Replays where the channel stands. */
  get status$(): Observable<ChannelStatus> {
    return this.#status.observable;
  }

  /** One value per resubscribe after a loss of a live subscription (nothing before the first loss). */
  get continuity$(): Observable<Continuity> {
    return this.#continuity.observable;
  }

  /** Where the channel stands now. */
  get status(): ChannelStatus {
    return this.#status.value;
  }

  /** Whether observers hold the wire subscription (or its release is still pending). */
  get isActive(): boolean {
    return this.#refs.isActive;
  }

  /** The current wire subscribe attempt (see {@link ChannelWire.subscribe}). */
  get attempt(): number {
    return this.#attempt;
  }

  /** Messages buffered by this channel's async iterators and not yet pulled. */
  get pendingCount(): number {
    return this.#pending.value;
  }

  /** Replays `pendingCount` as it changes. */
  get pendingCount$(): Observable<number> {
    return this.#pending.observable;
  }

  /** Messages this channel's async iterators threw away (overflow policy). */
  get droppedCount(): number {
    let dropped = this.#dropped;
    for (const iterator of this.#iterators ?? []) dropped += iterator.dropped;
    return dropped;
  }

  publish(data: T): Promise<unknown> {
    return this.#wire.publish(data);
  }

  /** A bounded, pull-based iterator over `messages$` (an observer like any other while it runs). */
  [Symbol.asyncIterator](): BufferedAsyncIterator<ChannelMessage<T>> {
    const { limit, overflow, onPendingChange, toAsyncIterable } = this.#options;
    if (!toAsyncIterable) throw new TypeError(`The channel ${this.name} is not iterable: its client made it without toAsyncIterable.`);
    const iterator = toAsyncIterable(this.messages$, { limit: limit ?? 1000, overflow: overflow ?? 'drop-oldest' });
    const iterators = (this.#iterators ??= new Set());
    iterators.add(iterator);
    const update = (): void => {
      let total = 0;
      for (const it of iterators) total += it.pendingCount;
      this.#pending.set(total);
      onPendingChange?.();
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

  /** The channel as it is now, for the devtools panel (see `Inspectable.inspect`). */
  snapshot(): ChannelSnapshot {
    const snapshot: ChannelSnapshot = {
      name: this.name,
      observers: this.#refs.size,
      subscribed: this.#subscribed.value,
      status: this.#status.value,
      messages: this.#delivered,
      pending: this.#pending.value,
    };
    if (this.#last) snapshot.lastMessage = this.#last;
    return snapshot;
  }

  // ---- Events from the owner ----

  /** A push for this channel: every current observer gets it. */
  deliver(message: ChannelMessage<T>): void {
    this.#delivered++;
    this.#last = message;
    this.#messages.next(message);
  }

  /**
   * The server confirmed wire subscribe `attempt` (ignored when stale). After a loss of a live
   * subscription, `continuity$` says whether anything may have been missed: `'recovered'` only
   * where the protocol proves nothing was (the default is `'gap'`).
   */
  confirmed(attempt: number, options: { resumed?: Continuity['resumed'] } = {}): void {
    if (attempt !== this.#attempt) return;
    // Confirmed means held on the wire, also when the owner kept the subscription across a loss
    // without a resubscribe (Bayeux's session does): the last observer's release must undo it.
    this.#onWire = true;
    this.#subscribed.set(true);
    this.#status.set('live');
    const lostAt = this.#lostAt;
    if (lostAt === undefined) return;
    this.#lostAt = undefined;
    this.#continuity.next({ resumed: options.resumed ?? 'gap', lostAt, resumedAt: Math.max(lostAt, this.#clock.now()) });
  }

  /**
   * The wire subscription is gone (the link dropped, or a subscribe failed in a way worth retrying):
   * observers stay, and the owner calls {@link resubscribe} once it can subscribe again.
   */
  lost(): void {
    this.#attempt++;
    this.#onWire = false;
    this.#subscribed.set(false);
    if (this.#status.value === 'live') this.#lostAt ??= this.#clock.now();
    if (this.isActive) this.#status.set('reconnecting');
  }

  /** Subscribe attempt `attempt` failed, and another will follow (ignored when stale). */
  failed(attempt: number): void {
    if (attempt === this.#attempt) this.lost();
  }

  /** The link is up (again): observers are subscribed on the wire anew. No-op without observers. */
  resubscribe(): void {
    if (this.isActive && !this.#closed) this.#subscribe();
  }

  /** The server refused, or the client failed for good: current observers get `error`, status `'error'` (straight, not via 'idle'). */
  denied(error: unknown): void {
    this.#endObservers({ error }, 'error');
  }

  /**
   * Ends the current observers (with `error`, or completing them) without a wire unsubscribe: the
   * owner's side of the subscription is gone already. Later observers start afresh.
   */
  end(options: { error?: unknown } = {}): void {
    this.#endObservers(options, 'idle');
  }

  #endObservers(options: { error?: unknown }, status: ChannelStatus): void {
    const observers = this.#messages;
    const refs = this.#refs;
    this.#forget(status);
    this.#renew();
    if ('error' in options) observers.error(options.error);
    else observers.complete();
    // Ended observers left; no grace timer of theirs is left behind.
    refs.flush();
  }

  /** The owner closed for good: observers complete, later ones complete at once, nothing stays scheduled. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.end();
    this.#subscribed.complete();
    this.#status.complete();
    this.#continuity.complete();
  }

  /** Runs a pending wire unsubscribe now (a client that disconnects leaves no timer behind). */
  flush(): void {
    this.#refs.flush();
  }

  #subscribe(): void {
    const attempt = ++this.#attempt;
    const held = this.#wire.subscribe(attempt);
    // The wire may have answered (or failed) synchronously, e.g. an in-memory pair.
    if (attempt !== this.#attempt) return;
    this.#onWire = held;
    if (this.#status.value === 'live') return;
    if (held) this.#status.set('subscribing');
    else if (this.#status.value !== 'reconnecting') this.#status.set('connecting');
  }

  #unsubscribe(): void {
    const held = this.#onWire;
    this.#forget();
    if (held) this.#wire.unsubscribe();
  }

  /** Back to no wire subscription and no loss to report; `status` is where that leaves the channel. */
  #forget(status: ChannelStatus = 'idle'): void {
    this.#attempt++;
    this.#onWire = false;
    this.#lostAt = undefined;
    this.#subscribed.set(false);
    this.#status.set(status);
  }

  /** A new generation of observers, with their own reference count. */
  #renew(): void {
    this.#messages = new Multicast();
    const refs: RefCount = new RefCount({
      onFirst: () => this.#subscribe(),
      // Observers of an ended generation leave after the owner forgot them: nothing to undo.
      onLast: () => refs === this.#refs && this.#unsubscribe(),
      graceMs: this.#options.graceMs ?? 100,
      clock: this.#clock,
    });
    this.#refs = refs;
  }
}
