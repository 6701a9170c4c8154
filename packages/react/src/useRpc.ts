import { rpcStore, type RpcResult } from './internal/rpcStore.js';
import { stableKey } from './internal/stableKey.js';
import { useStore } from './internal/useStore.js';
import type { MethodName, PayloadOf, ResultOf, RpcClient } from '@rxwire/rpc';
import type { ConnectionStateSource, RpcCallOptions, RpcCaller } from './types.js';

/** Options of a typed `useRpc` (with a typed `client`, or from {@link createRxwireHooks}): the `client` must serve the same API. */
export interface TypedUseRpcOptions<Api extends object> extends Omit<UseRpcOptions, 'client'> {
  /** Use this client instead of the one from `RxWireProvider`. */
  client?: RpcClient<Api> | undefined;
}
import { useClient } from './useRxWireClient.js';

export type { RpcResult } from './internal/rpcStore.js';

/**
 * A client whose `call` takes any method name: an untyped `RpcClient`, a test double, an adapter.
 * A typed `RpcClient<Api>` is checked by `useRpc`'s typed signature instead.
 */
export interface UntypedRpcCaller extends ConnectionStateSource {
  // Property syntax on purpose: checked strictly, so a client typed per method does not fit here.
  call: (method: string, payload: unknown, options: RpcCallOptions) => Promise<unknown>;
}

/** Options of {@link useRpc}. */
export interface UseRpcOptions {
  /** Use this client instead of the one from `RxWireProvider`. */
  client?: UntypedRpcCaller | undefined;
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
export function useRpc<R = unknown>(method: string, payload?: unknown, options?: UseRpcOptions): RpcResult<R>;
/**
 * With a typed `RpcClient<Api>` as `client`, the method name and payload are checked against `Api`
 * and `data` has the method's result type.
 */
export function useRpc<Api extends object, M extends MethodName<Api>>(
  method: M,
  payload: PayloadOf<Api[M]> | undefined,
  options: TypedUseRpcOptions<Api> & { client: RpcClient<Api> },
): RpcResult<ResultOf<Api[M]>>;
export function useRpc<R>(method: string, payload?: unknown, options: UseRpcOptions | TypedUseRpcOptions<object> = {}): RpcResult<R> {
  const client = useClient<RpcCaller>(options.client, 'useRpc', 'call');
  const enabled = options.enabled ?? true;
  const key = `${method}\u0000${stableKey(payload)}`;
  const storeOptions = { client, method, payload, key, enabled };
  // The key stands for method and payload.
  return useStore(rpcStore<R>, storeOptions, [client, key, enabled]);
}
