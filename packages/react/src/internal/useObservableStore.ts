import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Observable } from 'rxjs';
import { ObservableObserver } from './observableObserver.js';

/**
 * @internal
 * `useObservable` and `useConnectionState` in one: `read` (optional) gives the current value at
 * subscribe time; `key` changing resets the value to `initial` (a new client's state).
 */
export function useObservableStore<T>(source$: Observable<T>, initial: T, read?: () => T, key?: unknown): T {
  const [observer] = useState(() => new ObservableObserver(source$, initial, read));
  const snapshot = useSyncExternalStore(observer.subscribe, observer.getSnapshot, observer.getServerSnapshot);
  useEffect(() => {
    observer.setSource(source$, read && { value: initial }, read);
    // read and initial belong to key (the client); a new observable alone keeps the value.
  }, [observer, source$, key]);
  if (snapshot.error) throw snapshot.error.thrown;
  return snapshot.value;
}
