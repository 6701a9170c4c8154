// Issue 14: client.channel(name, { schema }) with a zod schema against a real Faye server: a bad
// message is not delivered and is reported as INVALID_MESSAGE; the next good one arrives, typed.
import { afterEach, describe, expect, it } from 'vitest';
import { filter, firstValueFrom, take, toArray } from 'rxjs';
import { z } from 'zod';
import type { RxwireError } from '@rxwire/core';
import { BayeuxClient } from '@rxwire/bayeux';
import { startFaye, type FayeServer } from '@rxwire/test-support/servers';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const Quote = z.object({ symbol: z.string(), price: z.number().positive() });

describe('a channel with a schema, against Faye', () => {
  it('skips and reports what does not match, delivers what does, sharing one wire subscription', async () => {
    const server: FayeServer = await startFaye();
    cleanups.push(() => server.close());
    const subscribes: string[] = [];
    server.bayeux.addExtension({
      incoming: (message: { channel: string; subscription?: string }, callback: (m: unknown) => void) => {
        if (message.channel === '/meta/subscribe' && message.subscription) subscribes.push(message.subscription);
        callback(message);
      },
    } as never);
    const client = new BayeuxClient({ url: server.url, connectionTypes: ['websocket'], logger: false });
    cleanups.push(() => client.disconnect());
    const errors: RxwireError[] = [];
    client.errors$.subscribe((error) => errors.push(error));
    const quotes = client.channel('/quotes/acme', { schema: Quote });
    expect(client.channel('/quotes/acme', { schema: Quote })).toBe(quotes);
    const prices = firstValueFrom(quotes.messages$.pipe(take(2), toArray()));
    const raw = firstValueFrom(client.channel('/quotes/acme').messages$.pipe(take(3), toArray()));
    await firstValueFrom(client.channel('/quotes/acme').subscribed$.pipe(filter(Boolean)));
    await server.publish('/quotes/acme', { symbol: 'ACME', price: 12.5 });
    await server.publish('/quotes/acme', { symbol: 'ACME', price: -1 });
    await server.publish('/quotes/acme', { symbol: 'ACME', price: 13 });
    const delivered = await prices;
    const price: number = delivered[0]!.data.price; // typed by the schema
    expect(price).toBe(12.5);
    expect(delivered.map((m) => m.data.price)).toEqual([12.5, 13]);
    expect((await raw).length).toBe(3);
    expect(errors.map((e) => e.code)).toEqual(['INVALID_MESSAGE']);
    expect(errors[0]?.payload).toMatchObject({ channel: '/quotes/acme', message: { data: { price: -1 } } });
    expect(subscribes).toEqual(['/quotes/acme']);
  });
});
