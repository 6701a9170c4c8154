import { Observable, type Subscriber } from 'rxjs';

type Ending = { error: unknown } | 'complete';

/** The list of a multicast nobody observes: shared, since lists are replaced, never changed. */
const NO_OBSERVERS: readonly Subscriber<never>[] = Object.freeze([]);

/**
 * A hot, multicast source in plain code: what an rxjs subject does for the packages of rxwire,
 * without pulling rxjs's subject classes (about 1 KB gzipped) into every app bundle. Observers only ever see
 * {@link Multicast.observable}, a plain rxjs `Observable`.
 *
 * The observer list is copied when someone subscribes or leaves, never when a value goes out, so
 * {@link Multicast.next} allocates nothing; an observer that joins during a `next` sees the next value.
 *
 * @example
 * ```ts
 * const ticks = new Multicast<number>();
 * ticks.observable.subscribe((n) => console.log(n));
 * ticks.next(1); // logs 1
 * ```
 */
export class Multicast<T> {
  #observers: readonly Subscriber<T>[] = NO_OBSERVERS;
  #ending: Ending | undefined;
  #observable: Observable<T> | undefined;

  /**
   * Every observer gets the values sent after it subscribed; after the end, just the end. Made on
   * first use, and the same one from then on: a channel has several multicasts (state, status,
   * continuity, messages) and most of them are never observed.
   */
  get observable(): Observable<T> {
    return (this.#observable ??= new Observable<T>((subscriber) => {
      const ending = this.#ending;
      if (ending === 'complete') return subscriber.complete();
      if (ending) return subscriber.error(ending.error);
      this.greet(subscriber);
      this.#observers = [...this.#observers, subscriber];
      return () => {
        this.#observers = this.#observers.filter((o) => o !== subscriber);
      };
    }));
  }

  /** Whether anyone is subscribed. */
  get observed(): boolean {
    return this.#observers.length > 0;
  }

  /** Whether {@link error} or {@link complete} has run. */
  get ended(): boolean {
    return this.#ending !== undefined;
  }

  next(value: T): void {
    // After the end the list is empty, so there is nothing to check here. An indexed loop: this runs
    // once per inbound message, and needs no iterator.
    const observers = this.#observers;
    for (let i = 0; i < observers.length; i++) observers[i]!.next(value);
  }

  error(error: unknown): void {
    for (const observer of this.#end({ error })) observer.error(error);
  }

  complete(): void {
    for (const observer of this.#end('complete')) observer.complete();
  }

  /** Runs for each new observer before it joins; {@link MulticastValue} sends its current value. */
  protected greet(_subscriber: Subscriber<T>): void {}

  #end(ending: Ending): readonly Subscriber<T>[] {
    if (this.#ending) return [];
    this.#ending = ending;
    const observers = this.#observers;
    this.#observers = NO_OBSERVERS;
    return observers;
  }
}

/**
 * A {@link Multicast} that holds a current value, like an rxjs behavior subject: a new observer gets
 * the current value at once.
 *
 * @example
 * ```ts
 * const state = new MulticastValue<'idle' | 'open'>('idle');
 * state.observable.subscribe((s) => console.log(s)); // logs 'idle'
 * state.next('open'); // logs 'open'
 * ```
 */
export class MulticastValue<T> extends Multicast<T> {
  constructor(public value: T) {
    super();
  }

  override next(value: T): void {
    if (this.ended) return;
    this.value = value;
    super.next(value);
  }

  /** Sends `value` only when it differs from the current one. */
  set(value: T): void {
    if (value !== this.value) this.next(value);
  }

  protected override greet(subscriber: Subscriber<T>): void {
    subscriber.next(this.value);
  }
}
