import { describe, expectTypeOf, it } from 'vitest';
import type { Channel, ChannelSource, TabRole } from '@rxwire/core';
import type { Observable } from 'rxjs';
import type { RpcClient } from './rpcClient.js';
import type { RpcClientOptions } from './rpcClientOptions.js';

interface Api {
  add(p: { a: number; b: number }): number;
  ping(): 'pong';
  user(p: { id: string }): Promise<{ name: string }>;
  maybe(p?: { verbose: boolean }): string[];
}

declare const typed: RpcClient<Api>;
declare const untyped: RpcClient;

describe('RpcClient types', () => {
  it('checks method names, payloads and results of a typed API', () => {
    expectTypeOf(typed.call('add', { a: 1, b: 2 })).toEqualTypeOf<Promise<number>>();
    expectTypeOf(typed.call('ping')).toEqualTypeOf<Promise<'pong'>>();
    expectTypeOf(typed.call('user', { id: 'x' })).toEqualTypeOf<Promise<{ name: string }>>();
    expectTypeOf(typed.call('maybe')).toEqualTypeOf<Promise<string[]>>();
    expectTypeOf(typed.call('maybe', { verbose: true }, { timeoutMs: 5 })).toEqualTypeOf<Promise<string[]>>();
    expectTypeOf(typed.call$('add', { a: 1, b: 2 })).toEqualTypeOf<Observable<number>>();
    // @ts-expect-error unknown method
    void typed.call('sub', { a: 1, b: 2 });
    // @ts-expect-error missing field
    void typed.call('add', { a: 1 });
    // @ts-expect-error wrong field type
    void typed.call('add', { a: 1, b: '2' });
    // @ts-expect-error payload required
    void typed.call('add');
    // @ts-expect-error wrong option
    void typed.call('add', { a: 1, b: 2 }, { timeout: 5 });
  });

  it('leaves an untyped client open, with unknown results', () => {
    expectTypeOf(untyped.call('anything', { x: 1 })).toEqualTypeOf<Promise<unknown>>();
    expectTypeOf(untyped.call('anything')).toEqualTypeOf<Promise<unknown>>();
    expectTypeOf(untyped.request<{ id: number }>({ method: 'GET', url: '/' })).toEqualTypeOf<Promise<{ id: number }>>();
  });

  it('is a ChannelSource with typed channels', () => {
    expectTypeOf(untyped).toMatchTypeOf<ChannelSource>();
    expectTypeOf(untyped.channel<{ price: number }>('prices', { event: 'tick*' })).toEqualTypeOf<Channel<{ price: number }>>();
    expectTypeOf(untyped.close()).toEqualTypeOf<Promise<void>>();
    expectTypeOf(untyped.notify('log', 1)).toEqualTypeOf<void>();
  });

  it("says its tab role, and takes share: 'tabs' or a key", () => {
    expectTypeOf(untyped.role$).toEqualTypeOf<Observable<TabRole>>();
    expectTypeOf<{ url: string; share: 'tabs' }>().toMatchTypeOf<RpcClientOptions>();
    expectTypeOf<{ url: string; share: { key: string } }>().toMatchTypeOf<RpcClientOptions>();
    expectTypeOf<{ url: string; share: 'windows' }>().not.toMatchTypeOf<RpcClientOptions>();
  });
});
