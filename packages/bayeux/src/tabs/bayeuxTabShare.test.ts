import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChannelMessage, ChannelStatus, Continuity, RxwireError, TabRole } from '@rxwire/core';
import { VirtualClock } from '@rxwire/core/testing';
// The fake Web Locks and BroadcastChannel of core's own tab tests: one "world" of tabs per test.
import { FakeTabWorld } from '../../../core/src/tabs/fakeTabPlatform.js';
import type { TabPlatform } from '../../../core/src/tabs/tabPlatform.js';
import { BayeuxClient } from '../bayeuxClient.js';
import type { BayeuxMessage } from '../message.js';
import { FakeBayeuxServer } from '../testing/fakeBayeuxServer.js';
import { BAYEUX_TAB_PROTOCOL_VERSION, bayeuxTabChannelName } from './bayeuxTabMessage.js';

// Each client created with `share` takes the next fake tab's platform (they load in order).
const platforms: Array<TabPlatform | undefined> = [];
vi.mock('../../../core/src/tabs/tabPlatform.js', async (load) => ({
  ...(await load<object>()),
  pageTabPlatform: () => platforms.shift(),
}));

const URL = 'http://bayeux.test/cometd';
let world: FakeTabWorld;
let clock: VirtualClock;
let server: FakeBayeuxServer;

beforeEach(async () => {
  // Loaded once up front: the clients' dynamic imports then find them in the module cache.
  await import('./bayeuxTabShare.js');
  await import('../../../core/src/tabs/tabKit.js');
  world = new FakeTabWorld();
  clock = new VirtualClock();
  server = new FakeBayeuxServer(clock);
});
afterEach(() => {
  platforms.length = 0;
});

const settle = () => server.settle(12);

/** A tab of the page: its fake platform and one shared client, instrumented. */
async function openTab(options: { url?: string } = {}) {
  const platform = world.tab();
  platforms.push(platform);
  const client = new BayeuxClient({
    url: options.url ?? URL,
    share: 'tabs',
    connectionTypes: ['websocket'],
    WebSocket: server.ws.WebSocket,
    clock,
    network: false,
    random: () => 0.5,
    logger: false,
  });
  const roles: TabRole[] = [];
  const errors: RxwireError[] = [];
  client.role$.subscribe((role) => roles.push(role));
  client.errors$.subscribe((error) => errors.push(error));
  await settle();
  return { client, platform, roles, errors, role: () => roles.at(-1) };
}
type Tab = Awaited<ReturnType<typeof openTab>>;

/** A tab that is gone without a word (closed, crashed): its lock and channel go, its session is ended quietly. */
async function crash(tab: Tab): Promise<void> {
  tab.platform.crash();
  await disconnect(tab.client);
}

/** Disconnects a client, letting the server answer its goodbye. */
async function disconnect(client: BayeuxClient): Promise<void> {
  const done = client.disconnect();
  await settle();
  await done;
}

function observe(client: BayeuxClient, name: string) {
  const channel = client.channel(name);
  const messages: ChannelMessage[] = [];
  const statuses: ChannelStatus[] = [];
  const continuity: Continuity[] = [];
  let error: unknown;
  channel.status$.subscribe((status) => statuses.push(status));
  channel.continuity$.subscribe((c) => continuity.push(c));
  const subscription = channel.messages$.subscribe({ next: (m) => messages.push(m), error: (e: unknown) => (error = e) });
  return { messages, statuses, continuity, error: () => error, stop: () => subscription.unsubscribe(), status: () => statuses.at(-1) };
}

const sent = (channel: string): BayeuxMessage[] => server.received.filter((m) => m.channel === channel);
const subscribesOf = (name: string) => sent('/meta/subscribe').filter((m) => m.subscription === name).length;
const unsubscribesOf = (name: string) => sent('/meta/unsubscribe').filter((m) => m.subscription === name).length;

describe("BayeuxClient({ share: 'tabs' })", () => {
  it('five tabs, one socket and one handshake; one wire subscribe per channel; events reach the tabs that observe', async () => {
    const tabs: Tab[] = [];
    for (let i = 0; i < 5; i++) tabs.push(await openTab());
    expect(tabs.map((t) => t.role())).toEqual(['leader', 'follower', 'follower', 'follower', 'follower']);
    const news = tabs.map((t) => observe(t.client, '/news'));
    const sport = tabs.slice(3).map((t) => observe(t.client, '/sport/*'));
    await settle();
    expect(server.ws.sockets).toHaveLength(1);
    expect(sent('/meta/handshake')).toHaveLength(1);
    expect(subscribesOf('/news')).toBe(1);
    expect(subscribesOf('/sport/*')).toBe(1);
    expect(news.map((n) => n.status())).toEqual(['live', 'live', 'live', 'live', 'live']);
    expect(sport.map((n) => n.status())).toEqual(['live', 'live']);
    // The shared session, in every tab.
    const clientId = tabs[0]!.client.clientId;
    expect(clientId).toBeDefined();
    for (const tab of tabs) {
      expect(tab.client.state).toBe('connected');
      expect(tab.client.clientId).toBe(clientId);
      expect(tab.client.connectionType).toBe('websocket');
    }
    server.deliver('/news', { n: 1 });
    await settle();
    server.deliver('/sport/ski', { n: 2 });
    await settle();
    expect(news.map((n) => n.messages)).toEqual(Array(5).fill([{ channel: '/news', data: { n: 1 } }]));
    expect(sport.map((n) => n.messages)).toEqual(Array(2).fill([{ channel: '/sport/ski', data: { n: 2 } }]));
    expect(tabs.flatMap((t) => t.errors)).toEqual([]);
  });

  it('counts observers across tabs: the wire unsubscribe comes a grace period after the last observer in the last tab', async () => {
    const [leader, a, b] = [await openTab(), await openTab(), await openTab()];
    const inA = observe(a.client, '/x');
    const inB = observe(b.client, '/x');
    await settle();
    expect(subscribesOf('/x')).toBe(1);
    // The leader's own app never observed /x: the other tabs' observers hold it.
    expect(leader.client.channel('/x').isActive).toBe(true);
    inA.stop();
    clock.advance(1_000);
    await settle();
    expect(unsubscribesOf('/x')).toBe(0);
    server.deliver('/x', 1);
    await settle();
    expect(inB.messages).toEqual([{ channel: '/x', data: 1 }]);
    expect(inA.messages).toEqual([]);
    inB.stop();
    await settle();
    // The last tab lets go after its grace period; the leader's channel then keeps the wire
    // subscription for its own grace period (a tab's observer coming back in time keeps it).
    clock.advance(100);
    await settle();
    clock.advance(99);
    await settle();
    expect(unsubscribesOf('/x')).toBe(0);
    clock.advance(1);
    await settle();
    expect(unsubscribesOf('/x')).toBe(1);
  });

  it('publishes and requests through the leader; each reply reaches the tab that asked, and only it', async () => {
    const [leader, a, b] = [await openTab(), await openTab(), await openTab()];
    server.ackData.set('/service/a', { for: 'a' });
    server.ackData.set('/service/b', { for: 'b' });
    const calls = Promise.all([a.client.request('/service/a', { q: 1 }), b.client.request('/service/b', { q: 2 }), a.client.publish('/chat', 'hi')]);
    await settle();
    await settle();
    expect(await calls).toEqual([{ for: 'a' }, { for: 'b' }, undefined]);
    expect(server.ws.sockets).toHaveLength(1);
    expect(sent('/chat').map((m) => m.data)).toEqual(['hi']);
    expect(sent('/service/a').map((m) => [m.data, m.clientId])).toEqual([[{ q: 1 }, leader.client.clientId]]);
    // A failure is the caller's, its code and class name intact: no reply within the request's timeout.
    const late = b.client.request('/service/none', {}, { timeoutMs: 50 });
    const outcome = late.then(
      () => 'resolved',
      (error: RxwireError) => `${error.name} ${error.code}`,
    );
    await settle();
    clock.advance(50);
    await settle();
    expect(await outcome).toBe('BayeuxError REQUEST_TIMEOUT');
  });

  it("mirrors the leader's session: a follower's connect() resolves once the shared session is up", async () => {
    const [leader, a] = [await openTab(), await openTab()];
    expect(leader.client.state).toBe('idle');
    const connected = a.client.connect();
    await settle();
    await connected;
    expect(a.client.state).toBe('connected');
    expect(leader.client.state).toBe('connected');
    expect(a.client.clientId).toBe(leader.client.clientId);
  });

  it('leader lost mid-handshake: the next tab leads, handshakes and subscribes what every tab observes', async () => {
    const [leader, a, b] = [await openTab(), await openTab(), await openTab()];
    const inA = observe(a.client, '/x');
    const inB = observe(b.client, '/x');
    // The leader opened its socket for the followers' channel; the handshake is not answered yet.
    await Promise.resolve();
    await crash(leader);
    await settle();
    expect(a.role()).toBe('leader');
    expect(b.role()).toBe('follower');
    expect(inA.status()).toBe('live');
    expect(inB.status()).toBe('live');
    server.deliver('/x', 'after');
    await settle();
    expect(inA.messages).toEqual([{ channel: '/x', data: 'after' }]);
    expect(inB.messages).toEqual([{ channel: '/x', data: 'after' }]);
    expect(b.client.clientId).toBe(a.client.clientId);
  });

  it('leader lost mid-subscribe and while live: the new leader resubscribes; live channels report a gap', async () => {
    const [leader, a, b] = [await openTab(), await openTab(), await openTab()];
    const liveInB = observe(b.client, '/live');
    await settle();
    expect(liveInB.status()).toBe('live');
    const before = subscribesOf('/live');
    // A follower's want reaches the leader, whose subscribe is sent but not answered.
    const newInA = observe(a.client, '/new');
    await Promise.resolve();
    await crash(leader);
    await settle();
    expect(a.role()).toBe('leader');
    expect(newInA.status()).toBe('live');
    expect(liveInB.status()).toBe('live');
    expect(subscribesOf('/live')).toBe(before + 1);
    expect(liveInB.continuity).toEqual([expect.objectContaining({ resumed: 'gap' })]);
    expect(newInA.continuity).toEqual([]);
    expect(server.ws.sockets.filter((s) => s.readyState === 1)).toHaveLength(1);
  });

  it('leader lost mid-request: the call fails with CONNECTION_LOST, later calls go to the new leader', async () => {
    const [leader, a, b] = [await openTab(), await openTab(), await openTab()];
    const connected = a.client.connect();
    await settle();
    await connected;
    const pending = b.client.request('/service/slow', {});
    const failed = pending.then(
      () => 'resolved',
      (error: RxwireError) => error.code,
    );
    // The leader sent it; the server acknowledged the publish, the reply has not come.
    await settle();
    expect(sent('/service/slow')).toHaveLength(1);
    await crash(leader);
    await settle();
    expect(await failed).toBe('CONNECTION_LOST');
    server.ackData.set('/service/slow', 'ok');
    const again = b.client.request('/service/slow', {});
    await settle();
    expect(await again).toBe('ok');
    expect(a.role()).toBe('leader');
  });

  it('disconnect() in a follower releases that tab only; in the leader it hands the lead over', async () => {
    const [leader, a, b] = [await openTab(), await openTab(), await openTab()];
    const inA = observe(a.client, '/x');
    const inB = observe(b.client, '/x');
    const onlyA = observe(a.client, '/only-a');
    await settle();
    await disconnect(a.client);
    expect(a.client.state).toBe('closed');
    expect(inA.status()).toBe('idle');
    clock.advance(100);
    await settle();
    expect(unsubscribesOf('/x')).toBe(0);
    expect(unsubscribesOf('/only-a')).toBe(1);
    expect(onlyA.messages).toEqual([]);
    // The leader lets go: b takes over, and /x carries on there.
    await disconnect(leader.client);
    await settle();
    expect(b.role()).toBe('leader');
    expect(inB.status()).toBe('live');
    server.deliver('/x', 'still');
    await settle();
    expect(inB.messages).toEqual([{ channel: '/x', data: 'still' }]);
    expect(inA.messages).toEqual([]);
    // The tab that disconnected comes back when used again, as a follower now.
    const again = observe(a.client, '/x');
    await settle();
    expect(a.role()).toBe('follower');
    expect(again.status()).toBe('live');
  });

  it('a follower tab that crashes (no bye) loses its channels in the leader: the wire unsubscribe follows', async () => {
    const [, a, b] = [await openTab(), await openTab(), await openTab()];
    observe(a.client, '/crash');
    const stays = observe(b.client, '/stays');
    await settle();
    expect(subscribesOf('/crash')).toBe(1);
    a.platform.crash();
    await settle();
    clock.advance(100);
    await settle();
    expect(unsubscribesOf('/crash')).toBe(1);
    expect(unsubscribesOf('/stays')).toBe(0);
    expect(stays.status()).toBe('live');
  });

  it('a denied subscribe errors the channel in every tab that wants it, and the session carries on', async () => {
    const [, a, b] = [await openTab(), await openTab(), await openTab()];
    server.denied.add('/secret');
    const inA = observe(a.client, '/secret');
    const fine = observe(b.client, '/fine');
    await settle();
    expect(inA.error()).toMatchObject({ code: 'SUBSCRIBE_DENIED', name: 'BayeuxError' });
    expect(fine.status()).toBe('live');
  });

  it('a foreign or malformed message between tabs is reported as BAD_FRAME and changes nothing', async () => {
    const [leader, a] = [await openTab(), await openTab()];
    const inA = observe(a.client, '/x');
    await settle();
    const name = bayeuxTabChannelName(`bayeux ${URL}`);
    world.post(name, 'junk');
    world.post(name, { mark: 'rxwire-bayeux-tabs', v: BAYEUX_TAB_PROTOCOL_VERSION, type: 'want', tab: 7 });
    world.post(name, { mark: 'rxwire-bayeux-tabs', v: BAYEUX_TAB_PROTOCOL_VERSION, type: 'result', tab: 'x', id: 1, ok: false });
    await settle();
    for (const tab of [leader, a]) expect(tab.errors.map((e) => e.code)).toEqual(['BAD_FRAME', 'BAD_FRAME', 'BAD_FRAME']);
    server.deliver('/x', 1);
    await settle();
    expect(inA.messages).toHaveLength(1);
  });

  it('needs a key with a url function; alone where tabs cannot share', async () => {
    expect(() => new BayeuxClient({ url: () => URL, share: 'tabs', logger: false })).toThrow(TypeError);
    // No platform for this client (as in Node, or without Web Locks): alone, and it works as without share.
    const client = new BayeuxClient({ url: URL, share: { key: 'k' }, connectionTypes: ['websocket'], WebSocket: server.ws.WebSocket, clock, network: false, logger: false });
    const roles: TabRole[] = [];
    client.role$.subscribe((role) => roles.push(role));
    const x = observe(client, '/x');
    await settle();
    expect(roles).toEqual(['alone']);
    expect(x.status()).toBe('live');
    await disconnect(client);
  });
});
