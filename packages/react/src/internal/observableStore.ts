import type { Observable, Unsubscribable } from 'rxjs';
import type { NotifyScheduler } from '../types.js';
import { snapshots, type Store } from './store.js';

/** @internal */
export interface ObservableSnapshot<T> {
  value: T;
  /** Set when the observable errored; the hook throws it during render. */
  error?: { thrown: unknown };
}

/** @internal */
export interface ObservableStoreOptions<T> {
  source: Observable<T>;
  /** The value until the source emits. */
  initial: T;
  /** When given, returns the current value; read on subscribe, for sources that do not replay it. */
  read?: (() => T) | undefined;
  /** What `initial` and `read` belong to (a client): when it changes, the value resets to `initial`. */
  key?: unknown;
  /** When given, what arrives is shown when it runs (the last value wins); otherwise at once. */
  schedule?: NotifyScheduler | undefined;
}

/**
 * @internal
 * The store behind `useObservable` and `useConnectionState`: the latest value of an observable,
 * followed while it has listeners. On another observable the current value stays until the new
 * one emits, unless the key changed too: then it starts again from `initial`. With a `schedule`,
 * values that come faster than it runs are shown once, the last one. The hook gets the value, or
 * the observable's error thrown for the nearest error boundary.
 */
export function observableStore<T>(initialOptions: ObservableStoreOptions<T>): Store<ObservableSnapshot<T>, ObservableStoreOptions<T>> {
  let options = initialOptions;
  let subscription: Unsubscribable | undefined;
  /** The newest snapshot, waiting for the scheduler. */
  let waiting: ObservableSnapshot<T> | undefined;

  const show = (snapshot: ObservableSnapshot<T>): void => {
    waiting = snapshot;
    result.request(options.schedule);
  };
  // An unchanged value is dropped by flush, which compares with what is shown.
  const next = (value: T): void => show({ value });
  const lifecycle = {
    start(): void {
      const { source, read } = options;
      if (read) next(read());
      subscription = source.subscribe({
        next,
        error: (thrown: unknown) => show({ value: (waiting ?? result.get()).value, error: { thrown } }),
      });
    },
    stop: (): void => subscription?.unsubscribe(),
    flush(): void {
      const snapshot = waiting;
      waiting = undefined;
      if (snapshot && (snapshot.error || !Object.is(snapshot.value, result.get().value))) result.set(snapshot);
    },
  };
  const result = snapshots<ObservableSnapshot<T>>({ value: initialOptions.initial }, lifecycle);

  return {
    ...result,
    setOptions(nextOptions) {
      const previous = options;
      options = nextOptions;
      if (nextOptions.source === previous.source) return;
      result.restart(() => {
        // The previous source's last value stays until the new one emits: take it even if not shown yet.
        lifecycle.flush();
        const current = result.get();
        const value = nextOptions.key === previous.key ? current.value : nextOptions.initial;
        if (current.error || !Object.is(value, current.value)) result.set({ value });
      });
    },
    view(_options, current) {
      if (current.error) throw current.error.thrown;
      return current.value;
    },
  };
}
