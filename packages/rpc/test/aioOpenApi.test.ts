import { afterEach, describe, expect, it } from 'vitest';
import { filter, firstValueFrom } from 'rxjs';
import type { ChannelMessage, RxwireError } from '@rxwire/core';
import { RpcClient, RpcError, aioOpenApi, type Protocol } from '@rxwire/rpc';
import { startAioOpenApiServer, type AioOpenApiServer } from '../../../demo/servers/aioOpenApiServer.mjs';

interface Api {
  add(p: { a: number; b: number }): number;
  echo<T>(p: T): T;
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ server: AioOpenApiServer; rpc: RpcClient<Api>; client: () => RpcClient }> {
  const server = await startAioOpenApiServer();
  cleanups.push(() => server.close());
  const client = () => {
    const rpc = new RpcClient({ url: server.url, timeoutMs: 5000, channelGraceMs: 0 });
    cleanups.push(() => rpc.close());
    return rpc;
  };
  return { server, rpc: client() as RpcClient<Api>, client };
}

const confirmed = (rpc: RpcClient, name: string, event?: string) =>
  firstValueFrom(rpc.channel(name, event === undefined ? {} : { event }).subscribed$.pipe(filter(Boolean)));

describe('RpcClient against the aio-openapi reference server', () => {
  it('calls methods and gets their responses', async () => {
    const { rpc } = await setup();
    await expect(rpc.call('add', { a: 2, b: 3 })).resolves.toBe(5);
    await expect(rpc.call('echo', { nested: [1, 'two', null] })).resolves.toEqual({ nested: [1, 'two', null] });
  });

  it('rejects with the error message and the field map', async () => {
    const { rpc, client } = await setup();
    const invalid = await rpc.call('add', { a: 1 } as { a: number; b: number }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(RpcError);
    expect(invalid).toMatchObject({ code: 'RPC_ERROR', message: 'Invalid RPC parameters', errors: { b: 'required' }, method: 'add' });
    const untyped = client();
    await expect(untyped.call('nope')).rejects.toMatchObject({ errors: { method: 'nope method not available' } });
    await expect(untyped.call('fail', { message: 'went wrong' })).rejects.toMatchObject({ message: 'went wrong' });
  });

  it('times out a call the server never answers', async () => {
    const { client } = await setup();
    const rpc = client();
    await expect(rpc.call('never', undefined, { timeoutMs: 200 })).rejects.toMatchObject({ code: 'RPC_TIMEOUT' });
    await expect(rpc.call('echo', 'still works')).resolves.toBe('still works');
  });

  it('subscribes with event globs, receives publishes from clients and the server, unsubscribes', async () => {
    const { server, client } = await setup();
    const subscriber = client();
    const publisher = client();
    const ticks: ChannelMessage[] = [];
    const all: ChannelMessage[] = [];
    const ticksSubscription = subscriber.channel('prices', { event: 'tick*' }).messages$.subscribe((m) => ticks.push(m));
    subscriber.channel('prices').messages$.subscribe((m) => all.push(m));
    await confirmed(subscriber, 'prices', 'tick*');
    await confirmed(subscriber, 'prices');
    await expect(publisher.publish('prices', 'tick', { v: 1 })).resolves.toEqual({ channel: 'prices', event: 'tick', data: { v: 1 } });
    await publisher.channel('prices', { event: 'close' }).publish({ v: 2 });
    await publisher.channel('prices').publish({ v: 3 });
    await expect.poll(() => all.length).toBe(3);
    server.publish('prices', 'tickle', { v: 4 });
    await expect.poll(() => all.length).toBe(4);
    expect(all.map((m) => [m.event, m.data])).toEqual([
      ['tick', { v: 1 }],
      ['close', { v: 2 }],
      ['', { v: 3 }],
      ['tickle', { v: 4 }],
    ]);
    expect(ticks.map((m) => m.data)).toEqual([{ v: 1 }, { v: 4 }]);
    expect(ticks[0]).toEqual({ channel: 'prices', event: 'tick', data: { v: 1 } });
    ticksSubscription.unsubscribe();
    const unsubscribed = await firstValueFrom(subscriber.channel('prices', { event: 'tick*' }).subscribed$);
    expect(unsubscribed).toBe(false);
  });

  it('refuses a channel the broker does not accept with SUBSCRIBE_DENIED', async () => {
    const { rpc } = await setup();
    const error = await new Promise<RxwireError>((resolve) => rpc.channel('Upper').messages$.subscribe({ error: resolve }));
    expect(error).toMatchObject({ code: 'SUBSCRIBE_DENIED', cause: { errors: { channel: 'Invalid channel' } } });
  });

  it('reports an error reply without an id on errors$ (through a custom Protocol)', async () => {
    const { server } = await setup();
    const base = aioOpenApi();
    // A user-made dialect: aio-openapi, except that `raw` sends its payload as the whole message.
    const custom: Protocol = {
      ...base,
      name: 'aio-openapi-raw',
      encodeCall: (id, method, payload) => (method === 'raw' ? payload : base.encodeCall?.(id, method, payload)),
    };
    const rpc = new RpcClient({ url: server.url, protocol: custom, timeoutMs: 5000 });
    cleanups.push(() => rpc.close());
    const errors: RxwireError[] = [];
    rpc.errors$.subscribe((e) => errors.push(e));
    void rpc.call('raw', ['not', 'a', 'dict'], { timeoutMs: 100 }).catch(() => undefined);
    await expect.poll(() => errors.length).toBe(1);
    expect(errors[0]).toBeInstanceOf(RpcError);
    expect(errors[0]?.message).toBe('Malformed message; expected dictionary, got list');
    await expect(rpc.call('echo', 'fine')).resolves.toBe('fine');
  });

  it('10 000 concurrent calls all settle and ids never collide', async () => {
    const { client } = await setup();
    const rpc = client();
    await rpc.connect();
    const values = Array.from({ length: 10_000 }, (_, i) => i);
    const results = await Promise.all(values.map((i) => rpc.call('echo', i)));
    expect(results).toEqual(values);
    expect(rpc.droppedReplyCount).toBe(0);
  });

  it('with maxInFlight, calls wait their turn in order', async () => {
    const server = await startAioOpenApiServer();
    const rpc = new RpcClient({ url: server.url, maxInFlight: 1 });
    cleanups.push(() => server.close(), () => rpc.close());
    const order: number[] = [];
    let maxSeen = 0;
    // One at a time, so they finish in call order whatever each one takes.
    const calls = [30, 0, 10].map((ms, i) =>
      rpc.call('sleep', { ms }).then(() => {
        order.push(i);
        maxSeen = Math.max(maxSeen, rpc.inFlightCount);
      }),
    );
    expect(rpc.inFlightCount + rpc.queuedCount).toBe(3);
    await Promise.all(calls);
    expect(order).toEqual([0, 1, 2]);
    expect(maxSeen).toBeLessThanOrEqual(1);
  });
});
