// CometD's acknowledged-messages extension over long-polling through a proxy that cuts every
// connection now and then: every sequenced message arrives exactly once and in order.
// `npm test` runs a small size; `npm run soak` the full one (10 000 messages, 50 cuts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AcknowledgedMessagesExtension } from 'cometd-nodejs-server/ack-extension.js';
import { ackExtension, BayeuxClient } from '@rxwire/bayeux';
import { startFaultProxy, type FaultProxy } from '@rxwire/test-support/faultProxy';
import { hangGuardMs, scaled } from '@rxwire/test-support/soak';
import { startCometd, type CometdServer } from '@rxwire/test-support/servers';
import { publishWithCuts, sequenceStats } from './cutStream.js';
import { watchChannel } from './watchChannel.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const total = scaled(1000, 10_000);
const cuts = scaled(10, 50);

describe('CometD ack extension over long-polling through a cutting proxy', () => {
  it(`delivers ${total} sequenced messages exactly once and in order across ${cuts} cuts`, { timeout: hangGuardMs(60_000, 600_000) }, async () => {
    const server: CometdServer = await startCometd();
    cleanups.push(() => server.close());
    server.cometd.addExtension(new AcknowledgedMessagesExtension());
    const proxy: FaultProxy = await startFaultProxy({ target: { port: server.port } });
    cleanups.push(() => proxy.close());
    const client = new BayeuxClient({
      url: `http://${proxy.address}/cometd`,
      connectionTypes: ['long-polling'],
      extensions: [ackExtension()],
      reconnect: { initialDelayMs: 10, maxDelayMs: 100 },
      logger: () => {},
    });
    cleanups.push(() => client.disconnect());
    const { errors, received } = await watchChannel(client, '/seq');
    const firstClientId = client.clientId;
    const started = Date.now();

    // Bytes spend a little time inside the proxy, so a cut loses replies that were on their way.
    proxy.delay(2);
    const cutsDone = await publishWithCuts(proxy, total, cuts, (n) => server.publish('/seq', n));
    server.publish('/seq', 'end');
    await vi.waitUntil(() => received.includes('end'), { timeout: hangGuardMs(50_000, 580_000), interval: 20 });
    // Anything redelivered twice would show up by now; give late duplicates one more round trip.
    server.publish('/seq', 'end2');
    await vi.waitUntil(() => received.includes('end2'), { timeout: 10_000, interval: 20 });

    const { numbers, duplicates, missing, outOfOrder } = sequenceStats(received, total);
    console.log(
      `cometd ack: ${total} messages, ${cutsDone} cuts, ${proxy.acceptedConnections} connections: ` +
        `${numbers.length} received, ${missing} missing, ${duplicates} duplicates, ${outOfOrder} out of order, ` +
        `${errors.length} transient errors (${[...new Set(errors.map((e) => e.code))].join(',')}), session ${client.clientId === firstClientId ? 'kept' : 'renewed'}, ${Date.now() - started} ms`,
    );
    expect(cutsDone).toBe(cuts);
    expect({ missing, duplicates, outOfOrder }).toEqual({ missing: 0, duplicates: 0, outOfOrder: 0 });
    expect(numbers).toEqual(Array.from({ length: total }, (_, i) => i));
  });
});
