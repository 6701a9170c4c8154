import type { Observable, Unsubscribable } from 'rxjs';
import { Store } from './store.js';

/** @internal */
export interface ObservableSnapshot<T> {
  value: T;
  /** Set when the observable errored; `useObservable` throws it during render. */
  error?: { thrown: unknown };
}

/**
 * @internal
 * The store behind `useObservable` and `useConnectionState`: the latest value of an observable,
 * followed while it has listeners.
 */
export class ObservableObserver<T> extends Store<ObservableSnapshot<T>> {
  private subscription: Unsubscribable | undefined;

  /** `read`, when given, returns the current value; it is read on subscribe, for sources that do not replay it. */
  constructor(
    private source: Observable<T>,
    initial: T,
    private read?: () => T,
  ) {
    super();
    this.init({ value: initial });
  }

  /**
   * Switches to another observable. The current value stays until the new one emits, unless
   * `reset` gives the value to start from.
   */
  setSource(source: Observable<T>, reset?: { value: T }, read?: () => T): void {
    this.read = read;
    if (source === this.source) return;
    this.source = source;
    const running = this.listeners.size > 0;
    this.stop();
    const value = (reset ?? this.result).value;
    if (this.result.error || !Object.is(value, this.result.value)) this.publish({ value });
    if (running) this.start();
  }

  protected start(): void {
    if (this.read) this.next(this.read());
    this.subscription = this.source.subscribe({
      next: (value) => this.next(value),
      error: (thrown: unknown) => this.publish({ value: this.result.value, error: { thrown } }),
    });
  }

  protected stop(): void {
    this.subscription?.unsubscribe();
  }

  private next(value: T): void {
    if (!Object.is(value, this.result.value)) this.publish({ value });
  }
}
