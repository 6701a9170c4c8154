import { describe, expectTypeOf, it } from 'vitest';
import type { ChannelMessage } from '@rxwire/core';
import type { RpcClient } from '@rxwire/rpc';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { createRxwireHooks, useChannel, useRpc as plainUseRpc, useSuspenseChannel, type RpcCaller, type RpcResult } from './index.js';

interface Api {
  add(p: { a: number; b: number }): number;
  ping(): 'pong';
  user(p: { id: string }): Promise<{ name: string }>;
}

const { useRpc, useChannel: boundUseChannel, usePublish } = createRxwireHooks<Api>();
declare const client: RpcClient<Api>;
declare const untypedClient: RpcClient;

describe('createRxwireHooks<Api>()', () => {
  it('types useRpc by method: payload checked, data of the result type', () => {
    expectTypeOf(useRpc('add', { a: 1, b: 2 })).toEqualTypeOf<RpcResult<number>>();
    expectTypeOf(useRpc('user', { id: 'x' })).toEqualTypeOf<RpcResult<{ name: string }>>();
    expectTypeOf(useRpc('ping')).toEqualTypeOf<RpcResult<'pong'>>();
    expectTypeOf(useRpc('add', { a: 1, b: 2 }, { client, enabled: false })).toEqualTypeOf<RpcResult<number>>();
  });

  it('a wrong method name, payload or client does not compile', () => {
    // @ts-expect-error -- no such method
    useRpc('mul', { a: 1, b: 2 });
    // @ts-expect-error -- b must be a number
    useRpc('add', { a: 1, b: '2' });
    // @ts-expect-error -- the payload is required
    useRpc('add');
    // @ts-expect-error -- a client is an RpcClient, not any caller
    useRpc('add', { a: 1, b: 2 }, { client: {} as RpcCaller });
  });

  it('a typed RpcClient is a client the plain hooks take', () => {
    expectTypeOf<RpcClient<Api>>().toExtend<RpcCaller>();
    expectTypeOf(boundUseChannel).toEqualTypeOf(useChannel);
    expectTypeOf(usePublish<string>).returns.toEqualTypeOf<(data: string) => Promise<unknown>>();
  });
});

describe('useChannel second generation', () => {
  it('data follows select, reduce and initial; the message type follows a schema', () => {
    expectTypeOf(useChannel<number>('/a').data).toEqualTypeOf<number | undefined>();
    expectTypeOf(useChannel<number, string>('/a', { select: (m) => String(m.data) }).data).toEqualTypeOf<string | undefined>();
    expectTypeOf(useChannel<number, number[]>('/a', { reduce: (acc, m) => [...acc, m.data], initial: [] }).data).toEqualTypeOf<number[] | undefined>();
    const schema = {} as StandardSchemaV1<unknown, { price: number }>;
    expectTypeOf(useChannel('/a', { schema }).latest).toEqualTypeOf<ChannelMessage<{ price: number }> | undefined>();
    expectTypeOf(useChannel(null).status).toEqualTypeOf<'idle' | 'connecting' | 'subscribing' | 'live' | 'reconnecting' | 'error'>();
  });

  it('a select returning another type needs the data type argument', () => {
    // @ts-expect-error -- select must return the data type (here: number)
    useChannel<number>('/a', { select: (m) => String(m.data) });
  });

  it('useSuspenseChannel has data and latest defined', () => {
    expectTypeOf(useSuspenseChannel<number>('/a').data).toEqualTypeOf<number>();
    expectTypeOf(useSuspenseChannel<number>('/a').latest).toEqualTypeOf<ChannelMessage<number>>();
  });
});

describe('useRpc with a typed client option', () => {
  it('is typed against the client\'s API', () => {
    expectTypeOf(plainUseRpc('add', { a: 1, b: 2 }, { client })).toEqualTypeOf<RpcResult<number>>();
    expectTypeOf(plainUseRpc('user', { id: 'x' }, { client, enabled: true })).toEqualTypeOf<RpcResult<{ name: string }>>();
  });

  it('a wrong method name or payload for that client does not compile', () => {
    // @ts-expect-error -- no such method on this client
    plainUseRpc('mul', { a: 1, b: 2 }, { client });
    // @ts-expect-error -- b must be a number
    plainUseRpc('add', { a: 1, b: '2' }, { client });
  });

  it('untyped clients and the provider\'s client stay untyped', () => {
    expectTypeOf(plainUseRpc('anything', { x: 1 }, { client: untypedClient })).toEqualTypeOf<RpcResult<unknown>>();
    expectTypeOf(plainUseRpc<number>('anything', { x: 1 })).toEqualTypeOf<RpcResult<number>>();
    expectTypeOf(plainUseRpc('anything', undefined, { client: {} as RpcCaller })).toEqualTypeOf<RpcResult<unknown>>();
  });
});
