import type { ConnectionState } from '@rxwire/core';
import { observableStore } from './internal/observableStore.js';
import { useStore } from './internal/useStore.js';
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
  const options = { source: source.state$, initial: source.state, read: () => source.state, key: source };
  return useStore(observableStore<ConnectionState>, options, [source]);
}
