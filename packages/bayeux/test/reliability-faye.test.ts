// Faye (no acknowledgements) over websocket and long-polling through a proxy that cuts every
// connection now and then: the app never sees a message twice; what the server lost with a cut
// connection is counted and reported (never sent by the server vs. sent into a cut connection). Small in `npm test`, full size under `npm run soak`.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { filter, firstValueFrom } from 'rxjs';
import { BayeuxClient } from '@rxwire/bayeux';
import { startFaultProxy } from '@rxwire/test-support/faultProxy';
import { hangGuardMs, scaled } from '@rxwire/test-support/soak';
import { startFaye } from '@rxwire/test-support/servers';
import { publishWithCuts, sequenceStats } from './cutStream.js';
import { watchChannel } from './watchChannel.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const total = scaled(600, 10_000);
const cuts = scaled(6, 50);

describe.each(['websocket', 'long-polling'] as const)('Faye over %s through a cutting proxy', (type) => {
  it(`never delivers a message twice across ${cuts} cuts, and counts what the server lost`, { timeout: hangGuardMs(60_000, 600_000) }, async () => {
    // Counts what the server hands to client connections (replies and socket deliveries alike).
    const handedOut = new Set<number>();
    const server = await startFaye({
      extensions: [
        {
          // Only deliveries carry data on /seq (publish acknowledgements do not).
          outgoing: (message, callback) => {
            if (message.channel === '/seq' && typeof message.data === 'number') handedOut.add(message.data);
            callback(message);
          },
        },
      ],
    });
    cleanups.push(() => server.close());
    const proxy = await startFaultProxy({ target: { port: server.port } });
    cleanups.push(() => proxy.close());
    const client = new BayeuxClient({
      url: `http://${proxy.address}/bayeux`,
      connectionTypes: [type],
      reconnect: { initialDelayMs: 10, maxDelayMs: 100 },
      logger: () => {},
    });
    cleanups.push(() => client.disconnect());
    const { errors, received } = await watchChannel(client, '/seq');
    const firstClientId = client.clientId;
    const started = Date.now();
    proxy.delay(2);

    const cutsDone = await publishWithCuts(proxy, total, cuts, (n) => server.publish('/seq', n));

    // After the last cut the subscription is confirmed again; then a final message must arrive.
    await firstValueFrom(client.channel('/seq').subscribed$.pipe(filter(Boolean)));
    await server.publish('/seq', 'end');
    await vi.waitUntil(() => received.includes('end'), { timeout: hangGuardMs(30_000, 120_000), interval: 10 });

    const { numbers, unique, duplicates, missing: lost, outOfOrder } = sequenceStats(received, total);
    // Never written out (queued for a connection the server then dropped), and written into a
    // connection that was cut before the bytes reached the client.
    const neverSent = total - handedOut.size;
    const lostOnTheWire = handedOut.size - unique;
    console.log(
      `faye ${type}: ${total} published, ${cutsDone} cuts, ${proxy.acceptedConnections} connections: ${unique} delivered, ` +
        `${lost} lost (${((lost / total) * 100).toFixed(1)}%: ${neverSent} never sent by the server, ${lostOnTheWire} sent into connections that were cut), ` +
        `${duplicates} duplicates, ${outOfOrder} out of order, ${errors.length} transient errors (${[...new Set(errors.map((e) => e.code))].join(',')}), ` +
        `session ${client.clientId === firstClientId ? 'kept' : 'renewed'}, ${Date.now() - started} ms`,
    );
    expect(cutsDone).toBe(cuts);
    expect(duplicates).toBe(0);
    expect(received.filter((d) => d === 'end')).toEqual(['end']);
    expect(numbers.every((d) => handedOut.has(d))).toBe(true);
  });
});
