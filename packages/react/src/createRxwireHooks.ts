import type { MethodName, PayloadOf, ResultOf } from '@rxwire/rpc';
import { useChannel } from './useChannel.js';
import { usePublish } from './usePublish.js';
import { useRpc, type RpcResult, type TypedUseRpcOptions } from './useRpc.js';

/** `useRpc`'s arguments after the method name: the payload (optional when the method takes none) and options. */
export type TypedRpcArgs<Api extends object, F> = F extends () => unknown
  ? [payload?: undefined, options?: TypedUseRpcOptions<Api>]
  : [payload: PayloadOf<F>, options?: TypedUseRpcOptions<Api>];

/** The hooks {@link createRxwireHooks} returns, typed against one RPC API. */
export interface RxwireHooks<Api extends object> {
  /** `useRpc` checked against `Api`: a method it lacks or a payload of another type does not compile; `data` has the method's result type. */
  useRpc<M extends MethodName<Api>>(method: M, ...args: TypedRpcArgs<Api, Api[M]>): RpcResult<ResultOf<Api[M]>>;
  useChannel: typeof useChannel;
  usePublish: typeof usePublish;
}

/**
 * The rxwire hooks typed against the API map of your `RpcClient<Api>` (the same map), bound to the
 * provider's client like the plain hooks. Types only: the hooks are the plain ones, so this costs
 * no bytes, and `@rxwire/rpc` is needed for its types only.
 *
 * @example
 * ```tsx
 * interface Api { add(p: { a: number; b: number }): number }
 * const { useRpc } = createRxwireHooks<Api>();
 * function Sum() {
 *   const { data } = useRpc('add', { a: 1, b: 2 }); // data: number | undefined
 *   return <p>{data}</p>;
 * }
 * ```
 */
export function createRxwireHooks<Api extends object>(): RxwireHooks<Api> {
  return {
    // The typed signature narrows the plain one: its client is an RpcCaller and its payload unknown.
    useRpc: useRpc as RxwireHooks<Api>['useRpc'],
    useChannel,
    usePublish,
  };
}
