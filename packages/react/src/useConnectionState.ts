import type { ConnectionState } from '@rxwire/core';
import { useObservableStore } from './internal/useObservableStore.js';
import type { ConnectionStateSource } from './types.js';
import { useClient } from './useRxWireClient.js';

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
  const source = useClient(client, 'useConnectionState');
  return useObservableStore(source.state$, source.state, () => source.state, source);
}
