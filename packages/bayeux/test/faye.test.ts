import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom, filter, take, toArray } from 'rxjs';
import { BayeuxClient, type ConnectionType } from '@rxwire/bayeux';
import { startFaye, type FayeServer } from './servers.js';

const servers: FayeServer[] = [];
const clients: BayeuxClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.disconnect()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function faye(options: Parameters<typeof startFaye>[0] = {}): Promise<FayeServer> {
  const server = await startFaye(options);
  servers.push(server);
  return server;
}

function client(url: string, type: ConnectionType, extra: Partial<ConstructorParameters<typeof BayeuxClient>[0]> = {}): BayeuxClient {
  const c = new BayeuxClient({ url, connectionTypes: [type], reconnect: { initialDelayMs: 50, maxDelayMs: 300 }, ...extra });
  clients.push(c);
  return c;
}

const subscribed = (c: BayeuxClient, name: string) => firstValueFrom(c.channel(name).subscribed$.pipe(filter(Boolean)));

describe.each(['websocket', 'long-polling'] as const)('Faye over %s', (type) => {
  it('connects, subscribes, receives server publishes and publishes itself', async () => {
    const server = await faye();
    const c = client(server.url, type);
    await c.connect();
    expect(c.state).toBe('connected');
    expect(c.connectionType).toBe(type);
    expect(c.clientId).toBeTruthy();
    const got = firstValueFrom(c.channel('/news').messages$.pipe(take(2), toArray()));
    await subscribed(c, '/news');
    await server.publish('/news', { n: 1 });
    await c.publish('/news', { n: 2 });
    expect(await got).toEqual([
      expect.objectContaining({ channel: '/news', data: { n: 1 } }),
      expect.objectContaining({ channel: '/news', data: { n: 2 } }),
    ]);
  });
});
