import { describe, expect, it, vi } from 'vitest';
import type { RxwireError } from '../errors.js';
import { createFakeWebSocket } from '../testing/fakeWebSocket.js';
import { fakePageLifecycle } from '../testing/fakePageLifecycle.js';
import type { TabRole } from '../types.js';
import { webSocketConnection } from '../webSocketConnection.js';

// The tab code does not load, as a chunk a deploy removed would not.
vi.mock('./tabShare.js', () => {
  throw new Error('Failed to fetch dynamically imported module');
});

describe('loadTabShare: tab code that does not load', () => {
  it('reports TABS_UNAVAILABLE, and the connection connects on its own', async () => {
    const server = createFakeWebSocket();
    const connection = webSocketConnection<unknown>({
      url: 'ws://test/feed',
      share: 'tabs',
      WebSocket: server.WebSocket,
      heartbeat: false,
      network: false,
      pageLifecycle: false,
      logger: false,
    });
    const errors: RxwireError[] = [];
    const roles: TabRole[] = [];
    connection.errors$.subscribe((error) => errors.push(error));
    connection.role$.subscribe((role) => roles.push(role));
    // The failed import is real I/O: polled, with a hang guard far above its time.
    await vi.waitFor(() => expect(server.sockets).toHaveLength(1), { timeout: 4000, interval: 5 });
    server.last.open();
    expect(connection.state).toBe('connected');
    expect(errors.map((error) => error.code)).toEqual(['TABS_UNAVAILABLE']);
    expect(errors[0]?.cause).toBeInstanceOf(Error); // what the import threw
    expect(roles.at(-1)).toBe('alone');
    connection.close();
  });

  it('the connection, on its own, follows the page as without share: closes when suspended, opens again on resume', async () => {
    const server = createFakeWebSocket();
    const page = fakePageLifecycle();
    const connection = webSocketConnection<unknown>({
      url: 'ws://test/feed',
      share: 'tabs',
      WebSocket: server.WebSocket,
      heartbeat: false,
      network: false,
      pageLifecycle: page.lifecycle,
      logger: false,
    });
    // The failed import is real I/O: polled, with a hang guard far above its time.
    await vi.waitFor(() => expect(server.sockets).toHaveLength(1), { timeout: 4000, interval: 5 });
    server.last.open();
    page.fire('suspend');
    expect(server.last.closedBy).toEqual({ code: 1000, reason: 'page suspended' });
    server.last.serverClose(1000, 'page suspended');
    page.fire('resume');
    await vi.waitFor(() => expect(server.sockets).toHaveLength(2), { timeout: 4000, interval: 5 });
    server.last.open();
    expect(connection.state).toBe('connected');
    connection.close();
  });
});
