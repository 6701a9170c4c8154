import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChannelStatus, Continuity, TabRole } from '@rxwire/core';
import { fakePageLifecycle, VirtualClock } from '@rxwire/core/testing';
import { FakeTabWorld } from '../../../core/src/tabs/fakeTabPlatform.js';
import type * as TabPlatformModule from '../../../core/src/tabs/tabPlatform.js';
import { BayeuxClient } from '../bayeuxClient.js';
import type { BayeuxClientOptions } from '../bayeuxClientOptions.js';
import { FakeBayeuxServer } from '../testing/fakeBayeuxServer.js';

// The page's own Web Locks and BroadcastChannel (stubbed per test) decide whether tabs share, as in a
// browser: the platform module is the real one, told that this is not Node.
vi.mock('../../../core/src/tabs/tabPlatform.js', async (load) => {
  const actual = await load<typeof TabPlatformModule>();
  return { ...actual, pageTabPlatform: () => actual.pageTabPlatform(false) };
});

const URL = 'http://bayeux.test/cometd';
let world: FakeTabWorld;

beforeEach(async () => {
  // Loaded up front, so that the clients' dynamic imports settle within a few microtask rounds.
  await import('./bayeuxTabShare.js');
  await import('../../../core/src/tabs/tabKit.js');
  world = new FakeTabWorld();
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** Pages where tabs cannot share: each lacks one of the two things a share needs. */
const pagesThatCannotShare = [
  { page: 'without Web Locks', stub: () => (vi.stubGlobal('navigator', {}), vi.stubGlobal('BroadcastChannel', world.tab().BroadcastChannel)) },
  { page: 'without BroadcastChannel', stub: () => (vi.stubGlobal('navigator', { locks: world.tab().locks }), vi.stubGlobal('BroadcastChannel', undefined)) },
];

/** A page that has both: tabs share. */
function stubSharingPage(): void {
  const platform = world.tab();
  vi.stubGlobal('navigator', { locks: platform.locks });
  vi.stubGlobal('BroadcastChannel', platform.BroadcastChannel);
}

/** A client with `share: 'tabs'`; `browserPage`: it follows the (stubbed) browser's events, not a fake lifecycle. */
async function setup(options: Partial<BayeuxClientOptions> = {}, { browserPage = false } = {}) {
  const clock = new VirtualClock();
  const server = new FakeBayeuxServer(clock);
  const page = fakePageLifecycle();
  const client = new BayeuxClient({
    url: URL,
    share: 'tabs',
    connectionTypes: ['websocket'],
    WebSocket: server.ws.WebSocket,
    clock,
    random: () => 0.5,
    network: false,
    logger: false,
    ...(browserPage ? {} : { pageLifecycle: page.lifecycle }),
    ...options,
  });
  const roles: TabRole[] = [];
  client.role$.subscribe((role) => roles.push(role));
  const watch = (name: string) => {
    const channel = client.channel(name);
    const statuses: ChannelStatus[] = [];
    const continuity: Continuity[] = [];
    const messages: unknown[] = [];
    channel.status$.subscribe((status) => statuses.push(status));
    channel.continuity$.subscribe((value) => continuity.push(value));
    channel.messages$.subscribe((message) => messages.push(message.data));
    return { statuses, continuity, messages, status: () => statuses.at(-1) };
  };
  const open = () => server.ws.sockets.filter((socket) => socket.readyState === 1).length;
  const sent = (channel: string) => server.received.filter((m) => m.channel === channel);
  await server.settle();
  return { server, clock, client, page, watch, open, sent, role: () => roles.at(-1) };
}

describe.each(pagesThatCannotShare)("BayeuxClient({ share: 'tabs' }) in a page $page runs alone, and follows the page as without share", ({ stub }) => {
  it('suspend closes the transport without a goodbye and holds retries; resume continues the session and resubscribes', async () => {
    stub();
    const { server, clock, client, page, watch, open, sent, role } = await setup();
    const a = watch('/a');
    await server.settle();
    expect(role()).toBe('alone');
    expect(a.status()).toBe('live');
    const clientId = client.clientId;

    page.fire('suspend');
    await server.settle();
    expect(open()).toBe(0);
    expect(sent('/meta/disconnect')).toHaveLength(0);
    expect(a.status()).toBe('reconnecting');
    await expect(client.publish('/p', 1)).rejects.toMatchObject({ code: 'CONNECTION_LOST' });
    const sockets = server.ws.sockets.length;
    clock.advance(600_000);
    await server.settle();
    expect(server.ws.sockets).toHaveLength(sockets);

    page.fire('resume');
    await server.settle();
    expect(open()).toBe(1);
    expect(sent('/meta/handshake')).toHaveLength(1);
    expect(sent('/meta/connect').at(-1)?.clientId).toBe(clientId);
    expect(sent('/meta/subscribe').map((m) => m.subscription)).toEqual(['/a', '/a']);
    expect(a.status()).toBe('live');
    expect(a.continuity.map((c) => c.resumed)).toEqual(['gap']);
    server.deliver('/a', 'back');
    await server.settle();
    expect(a.messages).toEqual(['back']);
    // One watch of the page, never two.
    expect(page.listening()).toBe(1);
    await Promise.all([client.disconnect(), server.settle()]);
    expect(page.listening()).toBe(0);
  });

  it('idleWhenHiddenMs: closes after the page has been hidden that long, reconnects and resubscribes when visible', async () => {
    stub();
    const { server, clock, page, watch, open, sent } = await setup({ idleWhenHiddenMs: 5000 });
    const a = watch('/a');
    await server.settle();
    page.fire('hidden');
    clock.advance(4999);
    await server.settle();
    expect(open()).toBe(1);
    clock.advance(1);
    await server.settle();
    expect(open()).toBe(0);
    expect(a.status()).toBe('reconnecting');
    expect(sent('/meta/disconnect')).toHaveLength(0);
    page.fire('visible');
    await server.settle();
    expect(open()).toBe(1);
    expect(a.status()).toBe('live');
  });

  it('a channel observed while suspended subscribes once the page is back', async () => {
    stub();
    const { server, client, page, watch, sent } = await setup();
    await Promise.all([client.connect(), server.settle()]);
    page.fire('suspend');
    await server.settle();
    const b = watch('/b');
    await server.settle();
    expect(sent('/meta/subscribe')).toHaveLength(0);
    page.fire('resume');
    await server.settle();
    expect(b.status()).toBe('live');
  });
});

describe("BayeuxClient({ share: 'tabs' }) running alone, and the browser's own events", () => {
  it('pagehide into the back/forward cache closes the transport without a goodbye; pageshow from it resumes', async () => {
    vi.stubGlobal('navigator', {});
    const events = new EventTarget();
    vi.stubGlobal('addEventListener', events.addEventListener.bind(events));
    vi.stubGlobal('removeEventListener', events.removeEventListener.bind(events));
    vi.stubGlobal('document', { addEventListener: () => {}, removeEventListener: () => {}, visibilityState: 'visible' });
    const fire = (type: string) => events.dispatchEvent(Object.assign(new Event(type), { persisted: true }));
    const { server, watch, open, sent, role } = await setup({}, { browserPage: true });
    const a = watch('/a');
    await server.settle();
    expect([role(), a.status()]).toEqual(['alone', 'live']);

    fire('pagehide');
    await server.settle();
    expect(open()).toBe(0);
    expect(sent('/meta/disconnect')).toHaveLength(0);
    expect(a.status()).toBe('reconnecting');

    fire('pageshow');
    await server.settle();
    expect(open()).toBe(1);
    expect(a.status()).toBe('live');
    expect(sent('/meta/handshake')).toHaveLength(1);
  });
});

describe("BayeuxClient({ share: 'tabs' }) where tabs share", () => {
  it('the tab share alone follows the page: a leader watches it once, and ignores idleWhenHiddenMs', async () => {
    stubSharingPage();
    const { server, clock, page, watch, open, role } = await setup({ idleWhenHiddenMs: 1000 });
    const a = watch('/a');
    await server.settle();
    expect([role(), a.status()]).toEqual(['leader', 'live']);
    // The tab share's watch of the page only.
    expect(page.listening()).toBe(1);
    page.fire('hidden');
    clock.advance(10_000);
    await server.settle();
    expect(open()).toBe(1);
    expect(a.status()).toBe('live');
  });
});
