import type { Observable } from 'rxjs';
import { useSchedule } from './internal/context.js';
import { observableStore } from './internal/observableStore.js';
import { useStore } from './internal/useStore.js';

/**
 * The latest value of an observable, `initial` until it first emits. Subscribes on mount (never
 * during server rendering) and unsubscribes on unmount. If the observable errors, the error is
 * thrown during render, for the nearest error boundary.
 *
 * Values that come faster than the screen refreshes are rendered once per animation frame, the
 * last one (the provider's `schedule`); a value the observable replays on subscribe shows at once.
 *
 * Pass a stable observable (a client's property, or one made in `useMemo`): a new observable
 * means a new subscription. When it changes, the previous value stays until the new one emits.
 *
 * @example
 * ```tsx
 * const pending = useObservable(client.pendingCount$, 0);
 * ```
 */
export function useObservable<T>(observable$: Observable<T>, initial: T): T {
  const schedule = useSchedule();
  const options = { source: observable$, initial, schedule };
  return useStore(observableStore<T>, options, [observable$, schedule]);
}
