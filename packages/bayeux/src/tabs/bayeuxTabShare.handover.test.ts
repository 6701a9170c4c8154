import { beforeEach, afterEach, describe, expect, it, vi } from 'vitest';
import type { ChannelMessage, Continuity, RxwireError, TabRole } from '@rxwire/core';
import { VirtualClock } from '@rxwire/core/testing';
// The fake Web Locks and BroadcastChannel of core's own tab tests: one "world" of tabs per test.
import { FakeTabWorld } from '../../../core/src/tabs/fakeTabPlatform.js';
import type { TabPlatform } from '../../../core/src/tabs/tabPlatform.js';
import { ackExtension } from '../ackExtension.js';
import { BayeuxClient } from '../bayeuxClient.js';
import type { BayeuxMessage } from '../message.js';
import { FakeBayeuxServer } from '../testing/fakeBayeuxServer.js';
import { BAYEUX_TAB_PROTOCOL_VERSION, bayeuxTabChannelName } from './bayeuxTabMessage.js';

// A change of leader tab with the ack extension: the next leader continues the session the last one
// shared (same clientId, the ack batch it passed on), or starts a new one where it cannot.

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
  await import('./bayeuxTabShare.js');
  await import('../../../core/src/tabs/tabKit.js');
  world = new FakeTabWorld();
  clock = new VirtualClock();
  server = new FakeBayeuxServer(clock);
  // A server with the ack extension that forgets a session on goodbye, as CometD does.
  server.ack = true;
  server.checkClients = true;
});
afterEach(() => {
  platforms.length = 0;
});

const settle = () => server.settle(12);

async function openTab(options: { ack?: boolean } = {}) {
  const platform = world.tab();
  platforms.push(platform);
  const client = new BayeuxClient({
    url: URL,
    share: 'tabs',
    connectionTypes: ['websocket'],
    WebSocket: server.ws.WebSocket,
    extensions: options.ack === false ? [] : [ackExtension()],
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
  return { client, platform, errors, role: () => roles.at(-1) };
}
type Tab = Awaited<ReturnType<typeof openTab>>;

/** The tab goes away (closed): its lock and channel go, and the page's pagehide disconnects its client. */
async function close(tab: Tab): Promise<void> {
  tab.platform.crash();
  const done = tab.client.disconnect();
  await settle();
  await done;
}

function observe(client: BayeuxClient, name: string) {
  const channel = client.channel(name);
  const messages: unknown[] = [];
  const continuity: Array<Continuity['resumed']> = [];
  channel.continuity$.subscribe((c) => continuity.push(c.resumed));
  channel.messages$.subscribe((m: ChannelMessage) => messages.push(m.data));
  return { messages, continuity, status: () => channel.status };
}

const sent = (channel: string): BayeuxMessage[] => server.received.filter((m) => m.channel === channel);

/** Three tabs, the two followers observing /x, two batches of events passed on. */
async function flowing() {
  const tabs = [await openTab(), await openTab(), await openTab()] as const;
  const [, a, b] = tabs;
  const inA = observe(a.client, '/x');
  const inB = observe(b.client, '/x');
  await settle();
  expect([inA.status(), inB.status()]).toEqual(['live', 'live']);
  for (const n of [1, 2]) {
    server.deliver('/x', n);
    await settle();
  }
  expect([inA.messages, inB.messages]).toEqual([
    [1, 2],
    [1, 2],
  ]);
  return { tabs, inA, inB, clientId: tabs[0].client.clientId, lastBatch: server.batch };
}

describe("BayeuxClient({ share: 'tabs' }) with the ack extension: a change of leader", () => {
  it('continues the session: same clientId, no handshake, the last batch passed on acknowledged; channels say recovered', async () => {
    const { tabs, inA, inB, clientId, lastBatch } = await flowing();
    const [leader, a, b] = tabs;
    const connectsBefore = sent('/meta/connect').length;
    await close(leader);
    await settle();
    expect(a.role()).toBe('leader');
    expect(b.role()).toBe('follower');
    // No goodbye from the tab that went, no handshake from the one that took over.
    expect(sent('/meta/disconnect')).toHaveLength(0);
    expect(sent('/meta/handshake')).toHaveLength(1);
    const firstConnect = sent('/meta/connect')[connectsBefore];
    expect(firstConnect).toMatchObject({ clientId, ext: { ack: lastBatch }, advice: { timeout: 0 } });
    expect(a.client.clientId).toBe(clientId);
    expect(b.client.clientId).toBe(clientId);
    expect([inA.status(), inB.status()]).toEqual(['live', 'live']);
    expect(inA.continuity).toEqual(['recovered']);
    expect(inB.continuity).toEqual(['recovered']);
    server.deliver('/x', 3);
    await settle();
    expect([inA.messages, inB.messages]).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    // Later connects acknowledge the new leader's own batches.
    expect(sent('/meta/connect').at(-1)).toMatchObject({ clientId, ext: { ack: server.batch } });
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('a server that forgot the session answers unknown client: a new session, and channels say gap', async () => {
    const { tabs, inA, inB, clientId } = await flowing();
    const [leader, a, b] = tabs;
    // The server forgets it as the leader goes (its maxInterval ran out, say).
    server.clients.clear();
    await close(leader);
    await settle();
    // The new handshake follows the unknown-client reply after the retry's backoff.
    clock.advance(1_000);
    await settle();
    expect(a.role()).toBe('leader');
    expect(sent('/meta/connect').filter((m) => m.clientId === clientId).length).toBeGreaterThan(0);
    expect(sent('/meta/handshake')).toHaveLength(2);
    expect(a.client.clientId).toBeDefined();
    expect(a.client.clientId).not.toBe(clientId);
    expect(b.client.clientId).toBe(a.client.clientId);
    expect([inA.status(), inB.status()]).toEqual(['live', 'live']);
    expect(inA.continuity).toEqual(['gap']);
    expect(inB.continuity).toEqual(['gap']);
    server.deliver('/x', 3);
    await settle();
    expect([inA.messages, inB.messages]).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
  });

  it('a malformed saved session between tabs is reported as BAD_FRAME and ignored', async () => {
    const { tabs, inA, clientId } = await flowing();
    const [leader, a] = tabs;
    const name = bayeuxTabChannelName(`bayeux ${URL}`);
    const mark = { mark: 'rxwire-bayeux-tabs', v: BAYEUX_TAB_PROTOCOL_VERSION, type: 'events', events: [{ channel: '/x', data: 'forged' }] };
    world.post(name, { ...mark, session: { clientId: 'other', connectionType: 'carrier-pigeon', advice: {}, ext: { ack: 99 }, subscriptions: [] } });
    world.post(name, { ...mark, session: { clientId: 'other', connectionType: 'websocket', advice: {}, ext: { ack: 99 }, subscriptions: [7] } });
    world.post(name, { ...mark, events: [{ data: 'no channel' }] });
    await settle();
    expect(a.errors.map((e) => e.code)).toEqual(['BAD_FRAME', 'BAD_FRAME', 'BAD_FRAME']);
    expect(inA.messages).toEqual([1, 2]);
    // The session a follower keeps is still the leader's own.
    await close(leader);
    await settle();
    expect(a.client.clientId).toBe(clientId);
    expect(sent('/meta/handshake')).toHaveLength(1);
  });

  it('leader lost mid-handshake (nothing shared yet): the next leader handshakes', async () => {
    const [leader, a, b] = [await openTab(), await openTab(), await openTab()];
    const inA = observe(a.client, '/x');
    const inB = observe(b.client, '/x');
    await Promise.resolve();
    await close(leader);
    await settle();
    expect(a.role()).toBe('leader');
    // A session of its own, which the server knows: nothing was tried with one it does not.
    expect(server.clients.has(a.client.clientId as string)).toBe(true);
    expect(sent('/meta/connect').every((m) => server.clients.has(m.clientId as string))).toBe(true);
    expect([inA.status(), inB.status()]).toEqual(['live', 'live']);
    expect(b.client.clientId).toBe(a.client.clientId);
    server.deliver('/x', 'after');
    await settle();
    expect([inA.messages, inB.messages]).toEqual([['after'], ['after']]);
  });

  it('without the ack extension the next leader starts a new session (after a goodbye), and channels say gap', async () => {
    const [leader, a] = [await openTab({ ack: false }), await openTab({ ack: false })];
    const inA = observe(a.client, '/x');
    await settle();
    server.deliver('/x', 1);
    await settle();
    await close(leader);
    await settle();
    expect(sent('/meta/disconnect')).toHaveLength(1);
    expect(sent('/meta/handshake')).toHaveLength(2);
    expect(inA.continuity).toEqual(['gap']);
  });
});
