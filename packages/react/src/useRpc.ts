import { rpcStore, type RpcResult } from './internal/rpcStore.js';
import { stableKey } from './internal/stableKey.js';
import { useStore } from './internal/useStore.js';
import type { RpcCaller } from './types.js';
import { useClient } from './useRxWireClient.js';

export type { RpcResult } from './internal/rpcStore.js';

/** Options of {@link useRpc}. */
export interface UseRpcOptions {
  /** Use this client instead of the one from `RxWireProvider`. */
  client?: RpcCaller | undefined;
  /**
   * Set to false to hold the call (e.g. until a form is complete); `refetch` still calls.
   * @default true
   */
  enabled?: boolean | undefined;
}

/**
 * Calls an RPC method when mounted and again whenever `method` or `payload` changes. `payload` is
 * compared by value (a stable JSON key), so a new object with the same content does not call
 * again. A call in flight is aborted when the payload changes and when the component unmounts.
 * Nothing is called during server rendering.
 *
 * @example
 * ```tsx
 * function Sum({ a, b }: { a: number; b: number }) {
 *   const { data, error, loading, refetch } = useRpc<number>('add', { a, b });
 *   if (error) return <p role="alert">{error.message}</p>;
 *   return <button onClick={() => void refetch()}>{loading ? '…' : data}</button>;
 * }
 * ```
 */
export function useRpc<R = unknown>(method: string, payload?: unknown, options: UseRpcOptions = {}): RpcResult<R> {
  const client = useClient(options.client, 'useRpc', 'call');
  const enabled = options.enabled ?? true;
  const key = `${method}\u0000${stableKey(payload)}`;
  const storeOptions = { client, method, payload, key, enabled };
  // The key stands for method and payload.
  return useStore(rpcStore<R>, storeOptions, [client, key, enabled]);
}
