import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakePageLifecycle } from '../testing/fakePageLifecycle.js';
import { createFakeWebSocket, type FakeWebSocketFactory } from '../testing/fakeWebSocket.js';
import { webSocketConnection } from '../webSocketConnection.js';
import type { RxwireError } from '../errors.js';
import type { ConnectionState, TabRole } from '../types.js';
import type { WebSocketConnectionOptions } from '../webSocketConnectionOptions.js';
import { FakeTabWorld } from './fakeTabPlatform.js';
import { envelope, tabChannelName } from './tabMessage.js';
import type { TabPlatform } from './tabPlatform.js';

/** A page whose visibility the test sets. */
// Each connection created with `share` takes the next fake tab's platform (they load in order).
const platforms: Array<TabPlatform | undefined> = [];
vi.mock('./tabPlatform.js', async (load) => ({
  ...(await load<object>()),
  pageTabPlatform: () => platforms.shift(),
}));

const URL = 'ws://test/feed';

let world: FakeTabWorld;
let server: FakeWebSocketFactory;

beforeEach(async () => {
  // Loaded once with real timers: the connection's dynamic import then finds it in the module cache.
  await import('./tabShare.js');
  vi.useFakeTimers();
  world = new FakeTabWorld();
  server = createFakeWebSocket();
});
afterEach(() => {
  vi.useRealTimers();
  platforms.length = 0;
});

/** Lets microtasks and due timers run (backoff delays are 0 with random 0). */
const settle = () => vi.advanceTimersByTimeAsync(5);

function openTab(options: Partial<WebSocketConnectionOptions<unknown>> = {}) {
  const platform = world.tab();
  platforms.push(platform);
  const connection = webSocketConnection<unknown>({
    url: URL,
    share: 'tabs',
    WebSocket: server.WebSocket,
    heartbeat: false,
    network: false,
    pageLifecycle: false,
    random: () => 0,
    logger: false,
    ...options,
  });
  const messages: unknown[] = [];
  const states: ConnectionState[] = [];
  const roles: TabRole[] = [];
  const errors: RxwireError[] = [];
  connection.messages$.subscribe((m) => messages.push(m));
  connection.state$.subscribe((s) => states.push(s));
  connection.role$.subscribe((r) => roles.push(r));
  connection.errors$.subscribe((e) => errors.push(e));
  return {
    connection,
    platform,
    messages,
    states,
    roles,
    errors,
    role: () => roles.at(-1),
  };
}

const liveSockets = () => server.sockets.filter((s) => s.readyState < 2);

describe("webSocketConnection({ share: 'tabs' })", () => {
  it('holds one socket for every tab; frames reach every tab; a follower sends through the leader', async () => {
    const tabs = [openTab(), openTab(), openTab()];
    await settle();
    expect(tabs.map((t) => t.role())).toEqual(['leader', 'follower', 'follower']);
    expect(server.sockets).toHaveLength(1);
    server.last.open();
    await settle();
    expect(tabs.map((t) => t.connection.state)).toEqual(['connected', 'connected', 'connected']);
    server.last.receive('{"n":1}');
    await settle();
    expect(tabs.map((t) => t.messages)).toEqual([[{ n: 1 }], [{ n: 1 }], [{ n: 1 }]]);
    expect(tabs[2]!.connection.send({ from: 2 })).toBe(true);
    tabs[0]!.connection.send({ from: 0 });
    await settle();
    // The follower's message crosses to the leader tab first: it reaches the socket after the leader's own.
    expect(server.last.sent).toEqual(['{"from":0}', '{"from":2}']);
    expect(server.sockets).toHaveLength(1);
  });

  it('a tab opened after the leader is connected joins at once, without a socket of its own', async () => {
    const leader = openTab();
    await settle();
    server.last.open();
    await settle();
    const late = openTab();
    await settle();
    expect(late.connection.state).toBe('connected');
    expect(late.role()).toBe('follower');
    server.last.receive('"hi"');
    await settle();
    expect(late.messages).toEqual(['hi']);
    expect(leader.messages).toEqual(['hi']);
    expect(server.sockets).toHaveLength(1);
  });

  it('a follower that sends before the leader is connected is queued and sent once it is', async () => {
    const [, follower] = [openTab(), openTab()];
    follower!.connection.send({ early: true });
    await settle();
    expect(follower!.connection.state).toBe('connecting');
    server.last.open();
    await settle();
    expect(server.last.sent).toEqual(['{"early":true}']);
  });

  it('a lazy leader that its own tab never uses still opens the socket a follower waits for', async () => {
    platforms.push(world.tab());
    const idle = webSocketConnection<unknown>({
      url: URL,
      share: 'tabs',
      lazy: true,
      WebSocket: server.WebSocket,
      heartbeat: false,
      network: false,
      pageLifecycle: false,
      random: () => 0,
      logger: false,
    });
    const roles: TabRole[] = [];
    idle.role$.subscribe((role) => roles.push(role));
    await settle();
    expect(roles.at(-1)).toBe('leader');
    expect(server.sockets).toHaveLength(0);
    const follower = openTab();
    await settle();
    expect(follower.role()).toBe('follower');
    expect(server.sockets).toHaveLength(1);
    server.last.open();
    await settle();
    expect(follower.connection.state).toBe('connected');
    idle.close();
    follower.connection.close();
  });

  it('hands over when the leader tab goes away: one new socket, frames flow again, followers never open one', async () => {
    const tabs = [openTab(), openTab(), openTab()];
    await settle();
    server.last.open();
    await settle();
    // The leader tab is closed: the browser releases its lock, drops its channel and its socket,
    // and its code stops (close() stands for that here).
    tabs[0]!.platform.crash();
    tabs[0]!.connection.close();
    server.last.serverClose(1001, 'going away', true);
    await settle();
    expect(tabs[1]!.role()).toBe('leader');
    expect(server.sockets).toHaveLength(2);
    expect(tabs[2]!.connection.state).toBe('reconnecting');
    server.last.open();
    await settle();
    expect(tabs.slice(1).map((t) => t.connection.state)).toEqual(['connected', 'connected']);
    server.last.receive('{"n":2}');
    tabs[2]!.connection.send({ after: 'handover' });
    await settle();
    expect(tabs[2]!.messages).toEqual([{ n: 2 }]);
    expect(tabs[1]!.messages).toEqual([{ n: 2 }]);
    expect(server.last.sent).toEqual(['{"after":"handover"}']);
    expect(tabs[1]!.roles).toEqual(['alone', 'follower', 'leader']);
  });

  it('leader loss at every step of a handover: the next leader takes over, never two sockets at once', async () => {
    for (let step = 0; step < 8; step++) {
      world = new FakeTabWorld();
      server = createFakeWebSocket();
      const tabs = [openTab(), openTab(), openTab()];
      await settle();
      server.last.open();
      await settle();
      tabs[0]!.platform.crash();
      tabs[0]!.connection.close();
      server.last.serverClose(1006, '', false);
      for (let i = 0; i < step; i++) await Promise.resolve();
      // The new leader goes away too, at this step of taking over (its socket may not exist yet).
      tabs[1]!.platform.crash();
      tabs[1]!.connection.close();
      await settle();
      expect(tabs[2]!.role(), `step ${step}`).toBe('leader');
      expect(liveSockets(), `step ${step}`).toHaveLength(1);
      server.last.open();
      server.last.receive('"ok"');
      await settle();
      expect(tabs[2]!.messages.at(-1), `step ${step}`).toBe('ok');
      for (const t of tabs) t.connection.close();
      platforms.length = 0;
    }
  });

  it('close() in the leader hands over to another tab and closes only its own side', async () => {
    const tabs = [openTab(), openTab()];
    await settle();
    server.last.open();
    await settle();
    tabs[0]!.connection.close();
    server.sockets[0]!.serverClose(1000, '', true);
    await settle();
    expect(tabs[1]!.role()).toBe('leader');
    server.last.open();
    await settle();
    expect(tabs[1]!.connection.state).toBe('connected');
    expect(tabs[0]!.connection.state).toBe('closed');
  });

  it('close() in a follower leaves the shared socket alone', async () => {
    const tabs = [openTab(), openTab()];
    await settle();
    server.last.open();
    await settle();
    tabs[1]!.connection.close();
    await settle();
    expect(server.last.readyState).toBe(1);
    expect(tabs[1]!.connection.state).toBe('closed');
    expect(tabs[0]!.role()).toBe('leader');
  });

  it('ignores a foreign or malformed message between tabs, reports it as BAD_FRAME, and carries on', async () => {
    const tabs = [openTab(), openTab()];
    await settle();
    server.last.open();
    await settle();
    const name = tabChannelName(`websocket ${URL}`);
    world.post(name, { hello: 'from a stranger' });
    world.post(name, { ...envelope({ type: 'frame', frame: 'x' }), frame: 42 });
    await settle();
    for (const t of tabs) expect(t.errors.map((e) => e.code)).toEqual(['BAD_FRAME', 'BAD_FRAME']);
    server.last.receive('"still"');
    await settle();
    expect(tabs.map((t) => t.messages)).toEqual([['still'], ['still']]);
  });

  it('tabs with different keys do not share', async () => {
    openTab({ share: { key: 'a' } });
    openTab({ share: { key: 'b' } });
    await settle();
    expect(server.sockets).toHaveLength(2);
  });

  it("share: 'tabs' with a url function throws a TypeError; { key } works", () => {
    expect(() =>
      webSocketConnection({
        url: () => URL,
        share: 'tabs',
        WebSocket: server.WebSocket,
      }),
    ).toThrow(TypeError);
    const connection = webSocketConnection({
      url: () => URL,
      share: { key: 'k' },
      WebSocket: server.WebSocket,
      logger: false,
    });
    connection.close();
  });

  it("is 'alone' with its own socket where tabs cannot share (Node)", async () => {
    platforms.push(undefined);
    const connection = webSocketConnection({
      url: URL,
      share: 'tabs',
      WebSocket: server.WebSocket,
      logger: false,
      heartbeat: false,
    });
    const roles: TabRole[] = [];
    connection.role$.subscribe((r) => roles.push(r));
    await settle();
    expect(server.sockets).toHaveLength(1);
    expect(roles).toEqual(['alone']);
    connection.close();
  });

  it('idleWhenHiddenMs: the shared socket closes only once every tab has been hidden that long, and reopens when one is visible', async () => {
    const pages = [fakePageLifecycle(), fakePageLifecycle()];
    const tabs = pages.map((page) => openTab({ pageLifecycle: page.lifecycle, idleWhenHiddenMs: 1000 }));
    await settle();
    server.last.open();
    await settle();
    pages[0]!.fire('hidden'); // the leader's page
    await vi.advanceTimersByTimeAsync(5000);
    expect(server.last.readyState).toBe(1);
    expect(tabs[1]!.connection.state).toBe('connected');
    pages[1]!.fire('hidden');
    await vi.advanceTimersByTimeAsync(999);
    expect(server.last.readyState).toBe(1);
    await vi.advanceTimersByTimeAsync(5);
    expect(server.last.closedBy).toEqual({ code: 1000, reason: 'page hidden' });
    expect(tabs[1]!.connection.state).not.toBe('connected');
    // A follower's page becomes visible: the leader, still hidden, opens the shared socket again.
    pages[1]!.fire('visible');
    await settle();
    expect(server.sockets).toHaveLength(2);
    server.last.open();
    await settle();
    expect(tabs.map((t) => t.connection.state)).toEqual(['connected', 'connected']);
    expect(tabs[0]!.role()).toBe('leader');
  });
});
