// The receive budget's overflow policies against a real Faye server: with 'error', a consumer that
// falls behind gets BUFFER_OVERFLOW from its iterator after what it had buffered; nothing escapes
// as an uncaught exception (vitest fails the run on one) and the client carries on.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BayeuxClient } from '@rxwire/bayeux';
import type { RxwireError } from '@rxwire/core';
import { startFaye, type FayeServer } from '@rxwire/test-support/servers';

let server: FayeServer | undefined;
let client: BayeuxClient | undefined;

afterEach(async () => {
  await client?.disconnect();
  await server?.close();
  client = undefined;
  server = undefined;
});

describe.each(['websocket', 'long-polling'] as const)('maxPendingCount with overflow: error, over %s', (type) => {
  it('ends a lagging iterator with BUFFER_OVERFLOW after its buffered messages, and the session goes on', { timeout: 60_000 }, async () => {
    server = await startFaye();
    client = new BayeuxClient({ url: server.url, connectionTypes: [type], maxPendingCount: 5, overflow: 'error', logger: () => {} });
    const iterator = client.channel<number>('/burst')[Symbol.asyncIterator]();
    const first = iterator.next(); // subscribes
    await vi.waitUntil(() => client?.state === 'connected', { timeout: 10_000 });
    const live: number[] = [];
    client.channel<number>('/burst').messages$.subscribe((m) => live.push(m.data));
    await vi.waitUntil(async () => {
      await server?.publish('/burst', -1);
      return live.length > 0;
    }, { timeout: 10_000, interval: 100 });
    for (let n = 0; n < 50; n++) await server.publish('/burst', n);
    // A full budget first pauses fetching (for everyone) as long as the session allows, about half
    // the server's maxInterval; only then does the overflow policy apply and the stream go on.
    await vi.waitUntil(() => live.includes(49), { timeout: 30_000 });

    expect((await first).done).toBe(false);
    let error: RxwireError | undefined;
    const pulled: number[] = [];
    try {
      for (;;) {
        const { value, done } = await iterator.next();
        if (done) break;
        pulled.push(value.data);
      }
    } catch (e) {
      error = e as RxwireError;
    }
    expect(error?.code).toBe('BUFFER_OVERFLOW');
    expect(pulled.length).toBeLessThanOrEqual(5);
    // The client and the observable stream go on (a long pause may have cost the session a
    // reconnect, during which Faye drops what it publishes: publish until one arrives).
    let marker = 100;
    await vi.waitUntil(async () => {
      if (live.some((n) => n >= 100)) return true;
      await server?.publish('/burst', marker++);
      return false;
    }, { timeout: 20_000, interval: 200 });
    expect(client.state).toBe('connected');
  });
});
