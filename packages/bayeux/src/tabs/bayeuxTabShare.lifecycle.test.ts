import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChannelStatus, Continuity, PageEvent, TabRole } from '@rxwire/core';
import { VirtualClock } from '@rxwire/core/testing';
import { FakeTabWorld } from '../../../core/src/tabs/fakeTabPlatform.js';
import type { TabPlatform } from '../../../core/src/tabs/tabPlatform.js';
import { BayeuxClient } from '../bayeuxClient.js';
import type { BayeuxClientOptions } from '../bayeuxClientOptions.js';
import { FakeBayeuxServer } from '../testing/fakeBayeuxServer.js';
import { bayeuxTabChannelName } from './bayeuxTabMessage.js';

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
});
afterEach(() => {
  platforms.length = 0;
  vi.unstubAllGlobals();
});

const settle = () => server.settle(12);

type Listener = (event: { persisted?: boolean }) => void;
/** A fake page (window and document) whose lifecycle events the test fires. */
function fakePage() {
  const listeners = new Map<string, Set<Listener>>();
  const target = {
    addEventListener: (type: string, listener: Listener) => void (listeners.get(type) ?? listeners.set(type, new Set()).get(type))!.add(listener),
    removeEventListener: (type: string, listener: Listener) => void listeners.get(type)?.delete(listener),
  };
  return {
    document: { ...target, visibilityState: 'visible' },
    target,
    fire: (type: string, event: { persisted?: boolean } = {}) => {
      for (const listener of [...(listeners.get(type) ?? [])]) listener(event);
    },
  };
}

/** A tab with its own page: the client reads the page's lifecycle when its tab code loads. */
async function openTab(options: Partial<BayeuxClientOptions> = {}) {
  const platform = world.tab();
  platforms.push(platform);
  const page = fakePage();
  vi.stubGlobal('document', page.document);
  vi.stubGlobal('addEventListener', page.target.addEventListener);
  vi.stubGlobal('removeEventListener', page.target.removeEventListener);
  const client = new BayeuxClient({ url: URL, share: 'tabs', connectionTypes: ['websocket'], WebSocket: server.ws.WebSocket, clock, network: false, logger: false, ...options });
  const roles: TabRole[] = [];
  client.role$.subscribe((role) => roles.push(role));
  await settle();
  return { client, page, role: () => roles.at(-1) };
}

function observe(client: BayeuxClient, name: string) {
  const channel = client.channel(name);
  const statuses: ChannelStatus[] = [];
  const continuity: Continuity[] = [];
  const messages: unknown[] = [];
  channel.status$.subscribe((status) => statuses.push(status));
  channel.continuity$.subscribe((c) => continuity.push(c));
  channel.messages$.subscribe((m) => messages.push(m.data));
  return { messages, continuity, status: () => statuses.at(-1) };
}

describe("BayeuxClient({ share: 'tabs' }) and the page lifecycle", () => {
  it('a leader going into the back/forward cache gives its lock up and hands over; back, it follows', async () => {
    const [leader, a, b] = [await openTab(), await openTab(), await openTab()];
    const inLeader = observe(leader.client, '/x');
    const inA = observe(a.client, '/x');
    await settle();
    expect(inA.status()).toBe('live');
    const name = bayeuxTabChannelName(`bayeux ${URL}`);

    leader.page.fire('pagehide', { persisted: true });
    await settle();
    // No lock held or waited for by the cached page (it would keep the page out of the cache).
    expect([a.role(), b.role()].sort()).toEqual(['follower', 'leader']);
    expect(world.holder(name)).toBe(true);
    expect(inA.status()).toBe('live');
    expect(inA.continuity).toEqual([expect.objectContaining({ resumed: 'gap' })]);
    expect(inLeader.status()).toBe('reconnecting');
    expect(server.ws.sockets.filter((s) => s.readyState === 1)).toHaveLength(1);

    leader.page.fire('pageshow', { persisted: true });
    await settle();
    expect(leader.role()).toBe('follower');
    expect(inLeader.status()).toBe('live');
    server.deliver('/x', 'back');
    await settle();
    expect(inLeader.messages).toEqual(['back']);
    expect(inA.messages).toEqual(['back']);
    expect(server.ws.sockets.filter((s) => s.readyState === 1)).toHaveLength(1);
  });

  it('a follower going into the back/forward cache lets go of its channels: the wire unsubscribe follows', async () => {
    const [, a] = [await openTab(), await openTab()];
    const inA = observe(a.client, '/y');
    await settle();
    expect(inA.status()).toBe('live');
    a.page.fire('pagehide', { persisted: true });
    await settle();
    clock.advance(100);
    await settle();
    expect(server.received.filter((m) => m.channel === '/meta/unsubscribe').map((m) => m.subscription)).toEqual(['/y']);
    a.page.fire('pageshow', { persisted: true });
    await settle();
    expect(inA.status()).toBe('live');
    expect(server.received.filter((m) => m.channel === '/meta/subscribe' && m.subscription === '/y')).toHaveLength(2);
  });

  it('the pageLifecycle option reaches the tab share: a fake page suspends the leader; false ignores the page', async () => {
    let fire: (event: PageEvent) => void = () => {};
    const lifecycle = { isHidden: () => false, subscribe: (listener: (event: PageEvent) => void) => ((fire = listener), () => {}) };
    const leader = await openTab({ pageLifecycle: lifecycle });
    const other = await openTab({ pageLifecycle: false });
    expect([leader.role(), other.role()]).toEqual(['leader', 'follower']);
    // The browser's events (stubbed) are ignored by both: each follows its option.
    other.page.fire('pagehide', { persisted: true });
    leader.page.fire('pagehide', { persisted: true });
    await settle();
    expect([leader.role(), other.role()]).toEqual(['leader', 'follower']);
    fire('suspend');
    await settle();
    expect(other.role()).toBe('leader');
  });
});
