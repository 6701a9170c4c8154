import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakePageLifecycle, type FakePageLifecycle } from './testing/fakePageLifecycle.js';
import { createFakeWebSocket, type FakeWebSocketFactory } from './testing/fakeWebSocket.js';
import type { PageEvent } from './pageLifecycle.js';
import type { CloseInfo, ConnectionState } from './types.js';
import { webSocketConnection } from './webSocketConnection.js';


let server: FakeWebSocketFactory;
beforeEach(() => {
  vi.useFakeTimers();
  server = createFakeWebSocket();
});
afterEach(() => vi.useRealTimers());

function connect(page: FakePageLifecycle, idleWhenHiddenMs?: number) {
  const connection = webSocketConnection({
    url: 'ws://test',
    WebSocket: server.WebSocket,
    pageLifecycle: page.lifecycle,
    heartbeat: false,
    network: false,
    logger: false,
    ...(idleWhenHiddenMs === undefined ? {} : { idleWhenHiddenMs }),
  });
  const states: ConnectionState[] = [];
  const closes: CloseInfo[] = [];
  const errors: string[] = [];
  connection.state$.subscribe((s) => states.push(s));
  connection.closes$.subscribe((c) => closes.push(c));
  connection.errors$.subscribe((e) => errors.push(e.code));
  server.last.open();
  return { connection, states, closes, errors };
}

describe('page lifecycle', () => {
  it('closes the socket cleanly on suspend (pagehide into the bfcache, freeze), holds every retry, and reconnects at once on resume', async () => {
    const page = fakePageLifecycle();
    const { connection, states, closes, errors } = connect(page);
    page.fire('suspend');
    expect(server.last.closedBy).toEqual({
      code: 1000,
      reason: 'page suspended',
    });
    expect(closes).toEqual([{ code: 1000, reason: 'page suspended', wasClean: true }]);
    expect(connection.state).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.sockets).toHaveLength(1);
    connection.send('queued while suspended');
    page.fire('resume');
    expect(server.sockets).toHaveLength(2);
    server.last.open();
    expect(server.last.sent).toEqual(['"queued while suspended"']);
    expect(states).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
    expect(errors).toEqual([]);
    connection.close();
    expect(page.listening()).toBe(0);
  });

  it('a resume without a suspend does nothing', () => {
    const page = fakePageLifecycle();
    const { connection } = connect(page);
    page.fire('resume');
    expect(server.sockets).toHaveLength(1);
    expect(connection.state).toBe('connected');
    connection.close();
  });

  it('idleWhenHiddenMs: closes after the page stayed hidden that long, reopens when visible', async () => {
    const page = fakePageLifecycle();
    const { connection, closes } = connect(page, 30_000);
    page.fire('hidden');
    await vi.advanceTimersByTimeAsync(29_999);
    expect(server.last.readyState).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(closes).toEqual([{ code: 1000, reason: 'page hidden', wasClean: true }]);
    page.fire('visible');
    expect(server.sockets).toHaveLength(2);
    connection.close();
  });

  it('idleWhenHiddenMs: a page visible again before the time is up keeps its socket', async () => {
    const page = fakePageLifecycle();
    const { connection } = connect(page, 30_000);
    page.fire('hidden');
    await vi.advanceTimersByTimeAsync(10_000);
    page.fire('visible');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.sockets).toHaveLength(1);
    expect(server.last.readyState).toBe(1);
    connection.close();
  });

  it('without idleWhenHiddenMs a hidden page keeps its socket', async () => {
    const page = fakePageLifecycle();
    const { connection } = connect(page);
    page.fire('hidden');
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(server.last.readyState).toBe(1);
    connection.close();
  });
});

describe('browserPageLifecycle', () => {
  it('maps pagehide/pageshow (persisted only), freeze/resume and visibilitychange; undefined without a document', async () => {
    const { browserPageLifecycle } = await import('./pageLifecycle.js');
    expect(browserPageLifecycle()).toBeUndefined();
    const window = new EventTarget();
    const document = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    vi.stubGlobal('addEventListener', window.addEventListener.bind(window));
    vi.stubGlobal('removeEventListener', window.removeEventListener.bind(window));
    vi.stubGlobal('document', document);
    try {
      const lifecycle = browserPageLifecycle()!;
      const events: PageEvent[] = [];
      const stop = lifecycle.subscribe((event) => events.push(event));
      window.dispatchEvent(Object.assign(new Event('pagehide'), { persisted: false }));
      window.dispatchEvent(Object.assign(new Event('pagehide'), { persisted: true }));
      window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: false }));
      window.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
      document.dispatchEvent(new Event('freeze'));
      document.dispatchEvent(new Event('resume'));
      document.visibilityState = 'hidden';
      document.dispatchEvent(new Event('visibilitychange'));
      expect(lifecycle.isHidden()).toBe(true);
      stop();
      document.dispatchEvent(new Event('freeze'));
      expect(events).toEqual(['suspend', 'resume', 'suspend', 'resume', 'hidden']);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
