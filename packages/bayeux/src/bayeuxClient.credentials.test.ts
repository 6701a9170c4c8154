import { beforeAll, describe, expect, it } from 'vitest';
import type { RxwireError } from '@rxwire/core';
import { VirtualClock } from '@rxwire/core/testing';
import { BayeuxClient } from './bayeuxClient.js';
import type { BayeuxClientOptions } from './bayeuxClientOptions.js';
import { FakeBayeuxServer } from './testing/fakeBayeuxServer.js';

function setup(options: Partial<BayeuxClientOptions>) {
  const clock = new VirtualClock();
  const server = new FakeBayeuxServer(clock);
  const client = new BayeuxClient({
    url: 'http://bayeux.test/cometd',
    connectionTypes: ['websocket'],
    WebSocket: server.ws.WebSocket,
    clock,
    random: () => 0.5,
    logger: () => {},
    ...options,
  });
  const errors: RxwireError[] = [];
  client.errors$.subscribe((error) => errors.push(error));
  /**
   * Settles until `done()` holds: the first credential refresh loads its module (a dynamic import),
   * which takes real I/O, not a fixed number of rounds. Bounded, as a hang guard.
   */
  const settleUntil = async (done: () => boolean): Promise<void> => {
    for (let i = 0; i < 200 && !done(); i++) await server.settle(1);
    await server.settle();
  };
  return { server, clock, client, errors, settleUntil };
}

describe('BayeuxClient: credentials that change', () => {
  // The client loads its credential code on demand; loaded once here, the tests wait on no file I/O.
  beforeAll(() => import('./transports/credentialRefresh.js'));

  it('calls url and headers functions before the handshake and again for the reconnect after a loss', async () => {
    let token = 0;
    const { server, clock, client, settleUntil } = setup({
      url: () => `http://bayeux.test/cometd?token=${++token}`,
      headers: async () => ({ Authorization: `Bearer ${token}` }),
    });
    client.channel('/a').messages$.subscribe();
    await settleUntil(() => client.state === 'connected');
    expect(client.state).toBe('connected');
    expect(server.ws.last.url).toBe('ws://bayeux.test/cometd?token=1');
    expect(server.ws.last.nodeOptions).toEqual({ headers: { Authorization: 'Bearer 1' } });
    server.ws.last.serverClose(1006, '', false);
    for (let i = 0; i < 4 && server.ws.sockets.length < 2; i++) {
      await server.settle();
      clock.advance(1000);
    }
    await server.settle();
    expect(server.ws.sockets).toHaveLength(2);
    expect(server.ws.last.url).toBe(`ws://bayeux.test/cometd?token=${token}`);
    expect(token).toBeGreaterThan(1);
    expect(server.ws.last.nodeOptions).toEqual({ headers: { Authorization: `Bearer ${token}` } });
    expect(client.state).toBe('connected');
    const closed = client.disconnect();
    await server.settle();
    await closed;
  });

  it('counts a throwing url function as a failed attempt: CONNECTION_LOST with its error as cause, then backoff', async () => {
    let calls = 0;
    const failure = new Error('token service down');
    const { server, clock, client, errors, settleUntil } = setup({
      url: () => {
        calls++;
        throw failure;
      },
      reconnect: { initialDelayMs: 1000, factor: 2 },
      connectionTimeoutMs: null,
    });
    void client.connect().catch(() => undefined);
    await settleUntil(() => errors.length > 0);
    expect(calls).toBe(1);
    expect(errors[0]).toMatchObject({ code: 'CONNECTION_LOST' });
    expect(errors[0]?.cause).toBe(failure);
    expect(server.ws.sockets).toHaveLength(0);
    // Full jitter at random 0.5: the retries wait 500 ms, then 1000 ms; nothing runs earlier.
    clock.advance(499);
    await server.settle();
    expect(calls).toBe(1);
    clock.advance(1);
    await server.settle();
    expect(calls).toBe(2);
    clock.advance(999);
    await server.settle();
    expect(calls).toBe(2);
    clock.advance(1);
    await server.settle();
    expect(calls).toBe(3);
    const closed = client.disconnect();
    await server.settle();
    await closed;
  });

  it('leaves a plain url alone: no function, nothing resolved', async () => {
    const { server, client } = setup({ headers: { Authorization: 'Bearer fixed' } });
    const connected = client.connect();
    await server.settle(20);
    await connected;
    expect(server.ws.last.nodeOptions).toEqual({ headers: { Authorization: 'Bearer fixed' } });
    const closed = client.disconnect();
    await server.settle();
    await closed;
  });
});
