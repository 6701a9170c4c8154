// The demo's live ticker: a Node publisher that uses rxwire's own RpcClient to publish prices on the
// aio-openapi server's `prices` channel, one event per symbol (`tick.RXW`, `tick.ACME`), so that
// subscribers pick what they want with an event glob such as `tick.*`.
import { RpcClient } from '@rxwire/rpc';

/**
 * @param {{ rpcUrl: string, intervalMs?: number, symbols?: string[] }} options
 * @returns {{ client: RpcClient, published: () => number, close: () => Promise<void> }}
 */
export function startTicker({ rpcUrl, intervalMs = 1000, symbols = ['RXW', 'ACME'] }) {
  const client = new RpcClient({ url: rpcUrl, reconnect: { initialDelayMs: 100, maxDelayMs: 2000 } });
  // A publisher has nobody to show its errors to; it carries on after the server comes back.
  client.errors$.subscribe(() => {});
  const prices = new Map(symbols.map((symbol, i) => [symbol, 100 + 20 * i]));
  let published = 0;
  let seq = 0;

  const tick = () => {
    // While the server is away, skip ticks instead of queueing stale prices.
    if (client.state !== 'connected' && client.state !== 'idle') return;
    seq++;
    for (const [symbol, price] of prices) {
      const next = Math.max(1, Math.round((price + (Math.random() - 0.5) * 2) * 100) / 100);
      prices.set(symbol, next);
      client.publish('prices', `tick.${symbol}`, { symbol, price: next, seq, at: new Date().toISOString() }).then(
        () => published++,
        () => {},
      );
    }
  };
  const timer = setInterval(tick, intervalMs);
  tick();

  return {
    client,
    published: () => published,
    close: async () => {
      clearInterval(timer);
      await client.close();
    },
  };
}
