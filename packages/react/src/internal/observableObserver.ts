import type { Observable, Unsubscribable } from 'rxjs';

/** @internal */
export interface ObservableSnapshot<T> {
  value: T;
  /** Set when the observable errored; `useObservable` throws it during render. */
  error?: unknown;
  hasError: boolean;
}

/**
 * @internal
 * The store behind `useObservable`: holds the latest value of an observable while it has listeners.
 */
export class ObservableObserver<T> {
  private source: Observable<T>;
  private snapshot: ObservableSnapshot<T>;
  private readonly serverSnapshot: ObservableSnapshot<T>;
  private readonly listeners = new Set<() => void>();
  private subscription: Unsubscribable | undefined;
  private generation = 0;
  private read: (() => T) | undefined;

  /** `read`, when given, returns the current value; it is read on subscribe, for sources that do not replay it. */
  constructor(source: Observable<T>, initial: T, read?: () => T) {
    this.source = source;
    this.read = read;
    this.snapshot = { value: initial, hasError: false };
    this.serverSnapshot = this.snapshot;
  }

  readonly getSnapshot = (): ObservableSnapshot<T> => this.snapshot;

  readonly getServerSnapshot = (): ObservableSnapshot<T> => this.serverSnapshot;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.connect();
    return () => {
      if (!this.listeners.delete(listener)) return;
      if (this.listeners.size === 0) this.disconnect();
    };
  };

  /**
   * Switches to another observable. The current value stays until the new one emits, unless
   * `reset` gives the value to start from.
   */
  setSource(source: Observable<T>, reset?: { value: T }, read?: () => T): void {
    this.read = read;
    if (source === this.source) return;
    this.source = source;
    const connected = this.listeners.size > 0;
    this.disconnect();
    if (reset !== undefined) this.publish({ value: reset.value, hasError: false });
    else if (this.snapshot.hasError) this.publish({ value: this.snapshot.value, hasError: false });
    if (connected) this.connect();
  }

  private connect(): void {
    const generation = ++this.generation;
    const current = (): boolean => generation === this.generation;
    if (this.read !== undefined) {
      const value = this.read();
      if (!Object.is(value, this.snapshot.value)) this.publish({ value, hasError: false });
    }
    this.subscription = this.source.subscribe({
      next: (value) => {
        if (current() && !Object.is(value, this.snapshot.value)) this.publish({ value, hasError: false });
      },
      error: (error: unknown) => {
        if (current()) this.publish({ value: this.snapshot.value, error, hasError: true });
      },
    });
  }

  private disconnect(): void {
    this.generation++;
    const subscription = this.subscription;
    this.subscription = undefined;
    subscription?.unsubscribe();
  }

  private publish(next: ObservableSnapshot<T>): void {
    this.snapshot = next;
    for (const listener of [...this.listeners]) listener();
  }
}
