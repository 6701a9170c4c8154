import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeWebSocket, type FakeSocket, type FakeWebSocketFactory } from '@rxwire/core/testing';
import type { ChannelMessage, ChannelStatus, Continuity, RxwireError, TabRole } from '@rxwire/core';
// The fake Web Locks and BroadcastChannel of core's own tab tests: one "world" of tabs per test.
import { FakeTabWorld } from '../../../core/src/tabs/fakeTabPlatform.js';
import type { TabPlatform } from '../../../core/src/tabs/tabPlatform.js';
import { RpcClient } from '../rpcClient.js';
import { rpcTabChannelName } from './rpcTabMessage.js';

// Each client created with `share` takes the next fake tab's platform (they load in order).
const platforms: Array<TabPlatform | undefined> = [];
vi.mock('../../../core/src/tabs/tabPlatform.js', async (load) => ({
  ...(await load<object>()),
  pageTabPlatform: () => platforms.shift(),
}));

const URL = 'ws://test/stream';
type Json = Record<string, unknown>;

let world: FakeTabWorld;
let server: FakeWebSocketFactory;

beforeEach(async () => {
  // Loaded once with real timers: the clients' dynamic imports then find them in the module cache.
  await import('../../../core/src/tabs/tabShare.js');
  await import('./rpcTabShare.js');
  vi.useFakeTimers();
  world = new FakeTabWorld();
  server = createFakeWebSocket();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  platforms.length = 0;
});

/** Lets microtasks and due timers run (reconnect delays are 10 ms). */
const settle = (ms = 20) => vi.advanceTimersByTimeAsync(ms);

/** A tab of the page: its fake platform and one shared client, instrumented. */
async function openTab(options: { url?: string } = {}) {
  const platform = world.tab();
  platforms.push(platform);
  // The client's tab code takes the page's BroadcastChannel when it loads (settled below).
  vi.stubGlobal('BroadcastChannel', platform.BroadcastChannel);
  const rpc = new RpcClient({
    url: options.url ?? URL,
    share: 'tabs',
    WebSocket: server.WebSocket,
    heartbeat: false,
    reconnect: { initialDelayMs: 10, maxDelayMs: 10 },
    timeoutMs: 5_000,
    logger: false,
  });
  const roles: TabRole[] = [];
  const errors: RxwireError[] = [];
  rpc.role$.subscribe((role) => roles.push(role));
  rpc.errors$.subscribe((error) => errors.push(error));
  await settle();
  return { rpc, platform, roles, errors, role: () => roles.at(-1) };
}

/** What the server got on a socket, parsed. */
const received = (socket: FakeSocket): Json[] => socket.sent.map((frame) => JSON.parse(frame as string) as Json);
const subscribes = (socket: FakeSocket, method = 'subscribe') => received(socket).filter((m) => m.method === method);

/** An aio-openapi server's answers to every request on the socket not answered yet. */
const answered = new WeakMap<FakeSocket, number>();
function answer(socket: FakeSocket, options: { deny?: boolean } = {}): void {
  const requests = received(socket);
  for (const request of requests.slice(answered.get(socket) ?? 0)) {
    const { id, method, payload } = request as { id: string; method: string; payload?: Json };
    if (options.deny && method === 'subscribe') {
      socket.receive(JSON.stringify({ id, method, error: { message: 'Forbidden', errors: { channel: 'forbidden' } } }));
    } else if (method === 'subscribe' || method === 'unsubscribe') {
      socket.receive(JSON.stringify({ id, method, response: { subscribed: method === 'subscribe' ? { [String(payload?.['channel'])]: ['*'] } : {} } }));
    } else {
      socket.receive(JSON.stringify({ id, method, response: { echo: payload } }));
    }
  }
  answered.set(socket, requests.length);
}

function observe(rpc: RpcClient, name: string) {
  const channel = rpc.channel(name);
  const messages: ChannelMessage[] = [];
  const statuses: ChannelStatus[] = [];
  const continuity: Continuity[] = [];
  let error: unknown;
  const statusWatch = channel.status$?.subscribe((status) => statuses.push(status));
  channel.continuity$?.subscribe((c) => continuity.push(c));
  const subscription = channel.messages$.subscribe({ next: (m) => messages.push(m), error: (e: unknown) => (error = e) });
  return {
    messages,
    statuses,
    continuity,
    error: () => error,
    stop: () => {
      subscription.unsubscribe();
      statusWatch?.unsubscribe();
    },
  };
}

/** Closes a client, answering the closing handshake of a socket it closes. */
async function close(rpc: RpcClient): Promise<void> {
  const closing = rpc.close();
  await settle();
  for (const socket of server.sockets) if (socket.readyState === 2) socket.serverClose();
  await closing;
}

const liveSockets = () => server.sockets.filter((s) => s.readyState < 2);

describe("RpcClient({ share: 'tabs' })", () => {
  it('three tabs call at once over one socket, each gets its own results, even with an idle lazy leader', async () => {
    const tabs = [await openTab(), await openTab(), await openTab()];
    expect(tabs.map((t) => t.role())).toEqual(['leader', 'follower', 'follower']);
    // The leader's app never uses its client: the followers' calls still open the one socket.
    const results = tabs.slice(1).flatMap((t, i) => [t.rpc.call('echo', { tab: i, n: 1 }), t.rpc.call('echo', { tab: i, n: 2 })]);
    await settle();
    expect(server.sockets).toHaveLength(1);
    server.last.open();
    await settle();
    const leaderCall = tabs[0]!.rpc.call('echo', { tab: 'leader' });
    await settle();
    answer(server.last);
    await settle();
    expect(await Promise.all(results)).toEqual([
      { echo: { tab: 0, n: 1 } },
      { echo: { tab: 0, n: 2 } },
      { echo: { tab: 1, n: 1 } },
      { echo: { tab: 1, n: 2 } },
    ]);
    expect(await leaderCall).toEqual({ echo: { tab: 'leader' } });
    const ids = received(server.last).map((m) => m.id as string);
    expect(new Set(ids).size).toBe(5);
    expect(new Set(ids.map((id) => id.split('.')[0])).size).toBe(3);
    // Replies to other tabs' calls are neither errors nor dropped replies.
    for (const tab of tabs) {
      expect(tab.errors).toEqual([]);
      expect(tab.rpc.droppedReplyCount).toBe(0);
    }
    expect(server.sockets).toHaveLength(1);
  });

  it('a channel observed in two tabs is one wire subscribe; the wire unsubscribe waits for the last observer in the last tab', async () => {
    const [leader, b, c] = [await openTab(), await openTab(), await openTab()];
    const inB = observe(b!.rpc, 'prices');
    await settle();
    server.last.open();
    await settle();
    const inC = observe(c!.rpc, 'prices');
    await settle();
    answer(server.last);
    await settle();
    expect(subscribes(server.last)).toHaveLength(1);
    expect(inB.statuses.at(-1)).toBe('live');
    expect(inC.statuses.at(-1)).toBe('live');
    server.last.receive(JSON.stringify({ channel: 'prices', event: 'tick', data: 1 }));
    await settle();
    expect(inB.messages.map((m) => m.data)).toEqual([1]);
    expect(inC.messages.map((m) => m.data)).toEqual([1]);
    // A tab whose observer leaves does not end the other tab's subscription.
    inB.stop();
    await settle(500);
    expect(subscribes(server.last, 'unsubscribe')).toHaveLength(0);
    server.last.receive(JSON.stringify({ channel: 'prices', event: 'tick', data: 2 }));
    await settle();
    expect(inC.messages.map((m) => m.data)).toEqual([1, 2]);
    // The last observer in the last tab: one wire unsubscribe, after the grace period.
    inC.stop();
    await settle(500);
    expect(subscribes(server.last, 'unsubscribe')).toHaveLength(1);
    expect(leader!.errors).toEqual([]);
  });

  it('close() in a follower tab releases its channels and calls only', async () => {
    const [, b, c] = [await openTab(), await openTab(), await openTab()];
    const inB = observe(b!.rpc, 'prices');
    const inC = observe(c!.rpc, 'prices');
    await settle();
    server.last.open();
    await settle();
    answer(server.last);
    await settle();
    expect(inC.statuses.at(-1)).toBe('live');
    const pendingInB = b!.rpc.call('slow', {}).catch((error: unknown) => error);
    const pendingInC = c!.rpc.call('echo', { still: 'here' });
    await settle();
    await close(b!.rpc);
    expect(await pendingInB).toMatchObject({ code: 'CLOSED' });
    await settle(500);
    expect(subscribes(server.last, 'unsubscribe')).toHaveLength(0);
    expect(liveSockets()).toHaveLength(1);
    answer(server.last);
    await settle();
    expect(await pendingInC).toEqual({ echo: { still: 'here' } });
    expect(inC.statuses.at(-1)).toBe('live');
    expect(inB.messages).toEqual([]);
  });

  it('the leader tab leaves: a follower takes over, opens the one new socket, resubscribes every live channel (gap); calls in flight are CONNECTION_LOST', async () => {
    const [a, b, c] = [await openTab(), await openTab(), await openTab()];
    const inB = observe(b!.rpc, 'prices');
    const inC = observe(c!.rpc, 'news');
    await settle();
    server.last.open();
    await settle();
    answer(server.last);
    await settle();
    expect([inB.statuses.at(-1), inC.statuses.at(-1)]).toEqual(['live', 'live']);
    const inFlight = c!.rpc.call('slow', {}).catch((error: unknown) => error);
    await settle();
    // The leader tab is closed: the browser releases its lock, drops its channels and its socket,
    // and its code stops (close() stands for that here).
    a!.platform.crash();
    void a!.rpc.close();
    server.last.serverClose(1006, '', false);
    await settle();
    expect(await inFlight).toMatchObject({ code: 'CONNECTION_LOST' });
    expect([b!.role(), c!.role()]).toEqual(['leader', 'follower']);
    expect(server.sockets).toHaveLength(2);
    server.last.open();
    await settle();
    answer(server.last);
    await settle();
    expect(subscribes(server.last).map((m) => (m.payload as Json).channel).sort()).toEqual(['news', 'prices']);
    expect([inB.statuses.at(-1), inC.statuses.at(-1)]).toEqual(['live', 'live']);
    expect(inB.continuity.map((x) => x.resumed)).toEqual(['gap']);
    expect(inC.continuity.map((x) => x.resumed)).toEqual(['gap']);
    server.last.receive(JSON.stringify({ channel: 'news', event: 'x', data: 'after' }));
    await settle();
    expect(inC.messages.map((m) => m.data)).toEqual(['after']);
    const again = c!.rpc.call('echo', { again: true });
    await settle();
    answer(server.last);
    expect(await again).toEqual({ echo: { again: true } });
    expect(server.sockets).toHaveLength(2);
  });

  it('the leader leaves mid-subscribe (its wire subscribe unanswered): the new leader subscribes on the wire itself and goes live', async () => {
    const [a, b] = [await openTab(), await openTab()];
    const inA = observe(a!.rpc, 'prices');
    const inB = observe(b!.rpc, 'prices');
    await settle();
    server.last.open();
    await settle();
    expect(subscribes(server.last)).toHaveLength(1);
    a!.platform.crash();
    void a!.rpc.close();
    server.last.serverClose(1006, '', false);
    await settle();
    expect(b!.role()).toBe('leader');
    server.last.open();
    await settle();
    expect(subscribes(server.last)).toHaveLength(1);
    answer(server.last);
    await settle();
    expect(inB.statuses.at(-1)).toBe('live');
    server.last.receive(JSON.stringify({ channel: 'prices', event: 'x', data: 'new leader' }));
    await settle();
    expect(inB.messages.map((m) => m.data)).toEqual(['new leader']);
    expect(inA.messages).toEqual([]);
  });

  it("the leader's own observer and a follower's share one wire subscribe; the leader's leaving keeps it", async () => {
    const [a, b] = [await openTab(), await openTab()];
    const inA = observe(a!.rpc, 'prices');
    await settle();
    server.last.open();
    await settle();
    answer(server.last);
    const inB = observe(b!.rpc, 'prices');
    await settle();
    expect(inB.statuses.at(-1)).toBe('live');
    inA.stop();
    await settle(500);
    expect(subscribes(server.last)).toHaveLength(1);
    expect(subscribes(server.last, 'unsubscribe')).toHaveLength(0);
    server.last.receive(JSON.stringify({ channel: 'prices', event: 'x', data: 1 }));
    await settle();
    expect(inB.messages.map((m) => m.data)).toEqual([1]);
    inB.stop();
    await settle(500);
    expect(subscribes(server.last, 'unsubscribe')).toHaveLength(1);
  });

  it('a subscription the server refuses in the leader is SUBSCRIBE_DENIED in the follower that wanted it', async () => {
    const [, b] = [await openTab(), await openTab()];
    const inB = observe(b!.rpc, 'secret');
    await settle();
    server.last.open();
    await settle();
    answer(server.last, { deny: true });
    await settle();
    expect(inB.error()).toMatchObject({ code: 'SUBSCRIBE_DENIED' });
  });

  it('a foreign or malformed message on the tabs channel is ignored and reported as BAD_FRAME; calls carry on', async () => {
    const [a, b] = [await openTab(), await openTab()];
    const name = rpcTabChannelName(`aio-openapi ${URL}`);
    world.post(name, { type: 'want', tab: 'x', name: 'prices' });
    world.post(name, { mark: 'rxwire-rpc-tabs', v: 1, type: 'want', tab: 'x', name: 42 });
    world.post(name, { mark: 'rxwire-rpc-tabs', v: 1, type: 'live' });
    await settle();
    for (const tab of [a!, b!]) expect(tab.errors.map((e) => e.code)).toEqual(['BAD_FRAME', 'BAD_FRAME', 'BAD_FRAME']);
    const call = b!.rpc.call('echo', { ok: 1 });
    await settle();
    server.last.open();
    await settle();
    answer(server.last);
    expect(await call).toEqual({ echo: { ok: 1 } });
  });

  it("is 'alone' where tabs cannot share (Node), and works as without share", async () => {
    const rpc = new RpcClient({ url: URL, share: 'tabs', WebSocket: server.WebSocket, heartbeat: false, logger: false });
    const roles: TabRole[] = [];
    rpc.role$.subscribe((role) => roles.push(role));
    const call = rpc.call('echo', { n: 1 });
    await settle();
    server.last.open();
    await settle();
    answer(server.last);
    expect(await call).toEqual({ echo: { n: 1 } });
    expect(roles).toEqual(['alone']);
    await close(rpc);
  });

  it('needs a key with a url function', () => {
    expect(() => new RpcClient({ url: () => URL, share: 'tabs', logger: false })).toThrow(TypeError);
    expect(() => new RpcClient({ url: () => URL, share: { key: 'feed' }, logger: false })).not.toThrow();
  });
});
