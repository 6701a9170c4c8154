import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ConnectionState } from '@rxwire/core';
import { ObservableObserver } from './internal/observableObserver.js';
import type { ConnectionStateSource } from './types.js';
import { asStateSource, useClient } from './useRxWireClient.js';

/**
 * The connection state of a client (the `RxWireProvider`'s unless `client` is given), starting
 * from `client.state` and following `client.state$` once mounted.
 *
 * @example
 * ```tsx
 * function Badge() {
 *   const state = useConnectionState();
 *   return <span className={`badge ${state}`}>{state}</span>;
 * }
 * ```
 */
export function useConnectionState(client?: ConnectionStateSource): ConnectionState {
  const source = asStateSource(useClient(client, 'useConnectionState'), 'useConnectionState');
  const [observer] = useState(() => new ObservableObserver(source.state$, source.state, () => source.state));
  const snapshot = useSyncExternalStore(observer.subscribe, observer.getSnapshot, observer.getServerSnapshot);
  useEffect(() => {
    observer.setSource(source.state$, { value: source.state }, () => source.state);
  }, [observer, source]);
  if (snapshot.hasError) throw snapshot.error;
  return snapshot.value;
}
