// url and headers functions against a real `ws` server: every reconnect after a restart reaches the
// server with the token the function has just given, in the URL and in the upgrade's headers.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { webSocketConnection, type Connection, type ConnectionState } from '@rxwire/core';
import { startWsServer } from '@rxwire/test-support/wsServer';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('webSocketConnection with credential functions, against a real server', () => {
  it('the server sees a fresh token on every reconnect, in the url and the headers', async () => {
    const seen: Array<{ url: string; authorization: string | undefined }> = [];
    const server = await startWsServer({
      verifyClient: (info: { req: IncomingMessage }) => {
        seen.push({ url: info.req.url ?? '', authorization: info.req.headers.authorization });
        return true;
      },
    });
    cleanups.push(() => server.close());
    let issued = 0;
    const connection: Connection<unknown> = webSocketConnection({
      url: () => `${server.url}/feed?token=t${++issued}`,
      headers: async () => ({ Authorization: `Bearer t${issued}` }),
      reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
      logger: false,
    });
    cleanups.push(() => connection.close());
    const states: ConnectionState[] = [];
    connection.state$.subscribe((state) => states.push(state));
    await vi.waitUntil(() => connection.state === 'connected', { timeout: 5000, interval: 5 });
    for (let restart = 1; restart <= 2; restart++) {
      await server.kill();
      await vi.waitUntil(() => connection.state === 'reconnecting', { timeout: 5000, interval: 5 });
      await server.restart();
      await vi.waitUntil(() => connection.state === 'connected', { timeout: 10_000, interval: 5 });
    }
    const connected = seen.slice(-3);
    // Each accepted upgrade carried the token of its own attempt, the same in url and header.
    for (const { url, authorization } of connected) expect(authorization).toBe(`Bearer ${new URL(url, 'ws://x').searchParams.get('token')}`);
    const tokens = seen.map(({ url }) => new URL(url, 'ws://x').searchParams.get('token'));
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(tokens.at(-1)).toBe(`t${issued}`);
    expect(states.filter((state) => state === 'connected')).toHaveLength(3);
  });
});
