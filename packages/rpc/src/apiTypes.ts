import type { CallOptions } from './requestManager.js';

/**
 * The API of an untyped client: any method, any payload, `unknown` results. Give `RpcClient` your
 * own map to have `call()` checked end to end:
 *
 * @example
 * ```ts
 * interface Api { add(p: { a: number; b: number }): number; ping(): 'pong' }
 * const rpc = new RpcClient<Api>({ url });
 * const sum: number = await rpc.call('add', { a: 1, b: 2 });
 * ```
 */
export interface UntypedApi {
  [method: string]: (payload?: unknown) => unknown;
}

/** The method names of an API map. */
export type MethodName<Api> = Extract<keyof Api, string>;

/** The payload type of an API method. */
export type PayloadOf<F> = F extends (payload: infer P) => unknown ? P : never;

/** The result type of an API method (a `Promise` result is unwrapped). */
export type ResultOf<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;

/** `call()`'s arguments after the method name: the payload (optional when the method takes none) and options. */
export type CallArgs<F> = F extends () => unknown
  ? [payload?: PayloadOf<F>, options?: CallOptions]
  : [payload: PayloadOf<F>, options?: CallOptions];
