import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Store } from './store.js';

/**
 * @internal
 * Every hook's shape (TanStack Query's): create the store once, follow it with
 * `useSyncExternalStore`, push this render's options in an effect when one of `deps` changed.
 */
export function useStore<S, O, R>(create: (options: O) => Store<S, O>, options: O, deps: unknown[]): R {
  const [store] = useState(() => create(options));
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getServerSnapshot);
  useEffect(() => {
    store.setOptions(options);
    // options is rebuilt every render; deps are its real dependencies.
  }, [store, ...deps]);
  return store.view(options, snapshot) as R;
}
