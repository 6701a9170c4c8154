import type { Observable } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import type { ChannelSource, ConnectionState } from '@rxwire/core';
import type { RpcCaller, RxWireClient } from './types.js';
import type { ChannelResult } from './useChannel.js';
import type { RpcResult } from './useRpc.js';
import { useChannel, useRpc, usePublish } from './index.js';

// A replica of RpcClient's call() signature (typed per method through an API map), so that the
// structural fit is checked here without depending on @rxwire/rpc.
interface UntypedApi {
  [method: string]: (payload?: unknown) => unknown;
}
interface CallOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  retry?: boolean;
}
type PayloadOf<F> = F extends (payload: infer P) => unknown ? P : never;
type ResultOf<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;
type CallArgs<F> = F extends () => unknown ? [payload?: PayloadOf<F>, options?: CallOptions] : [payload: PayloadOf<F>, options?: CallOptions];
declare class LikeRpcClient<Api extends object = UntypedApi> implements ChannelSource {
  get state(): ConnectionState;
  get state$(): Observable<ConnectionState>;
  channel: ChannelSource['channel'];
  call<M extends Extract<keyof Api, string>>(method: M, ...args: CallArgs<Api[M]>): Promise<ResultOf<Api[M]>>;
}
interface Api {
  add(p: { a: number; b: number }): number;
  ping(): 'pong';
}

describe('types', () => {
  it('an RpcClient-shaped class is an RpcCaller and an RxWireClient, typed or not', () => {
    expectTypeOf<LikeRpcClient>().toExtend<RpcCaller>();
    expectTypeOf<LikeRpcClient<Api>>().toExtend<RpcCaller>();
    expectTypeOf<LikeRpcClient<Api>>().toExtend<RxWireClient>();
  });

  it('a plain ChannelSource is an RxWireClient but not an RpcCaller', () => {
    expectTypeOf<ChannelSource>().toExtend<RxWireClient>();
    expectTypeOf<ChannelSource>().not.toExtend<RpcCaller>();
  });

  it('hooks carry the message and result types', () => {
    expectTypeOf(useChannel<{ text: string }>).returns.toEqualTypeOf<ChannelResult<{ text: string }>>();
    expectTypeOf(useRpc<number>).returns.toEqualTypeOf<RpcResult<number>>();
    expectTypeOf(usePublish<string>).returns.toEqualTypeOf<(data: string) => Promise<unknown>>();
    expectTypeOf(useChannel<number>).parameter(1).exclude<undefined>().toHaveProperty('history').toEqualTypeOf<number | undefined>();
    // Options may be passed through as possibly-undefined values under exactOptionalPropertyTypes.
    expectTypeOf<{ event: string | undefined; history: number | undefined }>().toExtend<NonNullable<Parameters<typeof useChannel>[1]>>();
  });
});
