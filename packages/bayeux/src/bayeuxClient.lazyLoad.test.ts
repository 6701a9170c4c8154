import { describe, expect, it, vi } from 'vitest';
import type { RxwireError } from '@rxwire/core';
import { VirtualClock } from '@rxwire/core/testing';
import { BayeuxClient } from './bayeuxClient.js';
import { FakeBayeuxServer } from './testing/fakeBayeuxServer.js';

// The first load of the credential code fails, as a chunk a deploy removed would; later loads work.
const chunk = vi.hoisted(() => ({ loads: 0 }));
vi.mock('./transports/credentialRefresh.js', async (importOriginal) => {
  chunk.loads++;
  if (chunk.loads === 1) throw new Error('Failed to fetch dynamically imported module');
  return importOriginal();
});

describe('BayeuxClient: a lazy chunk that does not load', () => {
  it('fails that attempt with a typed CONNECTION_LOST, and the next attempt loads the code again and connects', async () => {
    const clock = new VirtualClock();
    const server = new FakeBayeuxServer(clock);
    const client = new BayeuxClient({
      url: () => 'http://bayeux.test/cometd',
      connectionTypes: ['websocket'],
      WebSocket: server.ws.WebSocket,
      clock,
      random: () => 0.5,
      logger: () => {},
    });
    const errors: RxwireError[] = [];
    client.errors$.subscribe((error) => errors.push(error));
    const connected = client.connect();
    // Real I/O (the module loads), so settle until it shows, bounded as a hang guard.
    for (let i = 0; i < 200 && errors.length === 0; i++) await server.settle(1);
    expect(errors[0]).toMatchObject({ code: 'CONNECTION_LOST', message: expect.stringContaining('did not load') });
    expect(errors[0]?.cause).toBeInstanceOf(Error); // what the import threw
    clock.advance(2000); // the backoff before the next attempt
    // The second load is real I/O too: polled, with a hang guard far above its time.
    await vi.waitFor(
      async () => {
        await server.settle(1);
        expect(client.state).toBe('connected');
      },
      { timeout: 4000, interval: 5 },
    );
    await server.settle();
    await connected;
    expect(client.state).toBe('connected');
    expect(chunk.loads).toBe(2);
    const closed = client.disconnect();
    await server.settle();
    await closed;
  });
});
