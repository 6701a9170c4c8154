import { useEffect, useState, useSyncExternalStore } from 'react';
import { RpcObserver, type RpcResult } from './internal/rpcObserver.js';
import { stableKey } from './internal/stableKey.js';
import type { RpcCaller } from './types.js';
import { useClient } from './useRxWireClient.js';

export type { RpcResult } from './internal/rpcObserver.js';

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
  const observerOptions = { client, method, payload, key, enabled };
  const [observer] = useState(() => new RpcObserver<R>(observerOptions));
  const result = useSyncExternalStore(observer.subscribe, observer.getSnapshot, observer.getServerSnapshot);
  useEffect(() => {
    observer.setOptions(observerOptions);
    // observerOptions is rebuilt every render; the key stands for method and payload.
  }, [observer, client, key, enabled]);
  return observer.getOptimisticResult(observerOptions, result);
}
