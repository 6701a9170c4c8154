// The tab code is a chunk loaded only with `share`: it imports nothing but TYPES from the rest of
// core. A value it imported (an error class, MulticastValue, the platform module) would be shared
// between this chunk and the main one, and bundlers would move it into a third chunk that every app
// loads up front, `share` or not. What it needs of core at run time comes in TabShareHooks instead.
import type { Frame } from '../codec.js';
import type { Connection, PreparedMessage } from '../connection.js';
import type { BadFrameError, RxwireError } from '../errors.js';
import type { createWebSocket } from '../internal/platform.js';
import type { MulticastValue } from '../multicast.js';
import type { PageWatch } from '../connection/pageWatch.js';
import type { PageEvent } from '../pageLifecycle.js';
import type { WebSocketConnectionOptions } from '../webSocketConnectionOptions.js';
import type { WebSocketLike } from '../webSocketLike.js';
import { FollowerSocket } from './followerSocket.js';
import { leaderSocket } from './leaderSocket.js';
import { TabBus, type BadFrameErrorFactory } from './tabBus.js';
import { TabElection, type TabRole } from './tabElection.js';
import { tabChannelName, type TabMessage } from './tabMessage.js';
import { pageTabPlatform, type TabPlatform } from './tabPlatform.js';

/**
 * What a shared connection lends its tab share: its own parts, and the pieces of core the tab code
 * runs but must not import (see the top of this file). Made by {@link shareTabs}. @internal
 */
export interface TabShareHooks {
  /** The connection's `role$`. */
  role: Pick<MulticastValue<TabRole>, 'set'>;
  /** Reports on the connection's `errors$`. */
  report: (error: RxwireError) => void;
  /** The connection's page watch: its lifecycle, and the idle decision over every tab. */
  page: Pick<PageWatch, 'lifecycle' | 'othersVisible' | 'wake' | 'recheck'>;
  /** As leader: sends a frame a follower handed over through this tab's connection (queued while down). */
  sendFrame: (frame: Frame) => void;
  /** Opens the leader's real socket, with the connection's options. */
  createSocket: (url: string) => WebSocketLike;
  /**
   * Starts the connection (no-op once started): a `lazy` leader that nobody in its own tab uses
   * would otherwise never open the socket the other tabs wait for.
   */
  connect: () => void;
  /** Makes the `BAD_FRAME` error reported for a foreign or malformed message between tabs. */
  badFrameError: BadFrameErrorFactory;
  /** Whether this is Node, where `share` finds no tabs. */
  isNode: boolean;
}

/**
 * The pieces of core the tab code runs, lent as they are by `loadTabShare` (see the top of this
 * file); {@link shareTabs} makes the hooks of them here, so apps without `share` do not carry that.
 * @internal
 */
export interface CoreForTabs {
  PreparedMessage: typeof PreparedMessage;
  BadFrameError: typeof BadFrameError;
  createWebSocket: typeof createWebSocket;
  /** Whether this is Node, where `share` finds no tabs. */
  isNode: boolean;
}

/** Options of {@link TabShare}. @internal */
export interface TabShareOptions {
  /** The share key (lock and channel names carry it). */
  key: string;
  platform: TabPlatform;
  hooks: TabShareHooks;
}

/**
 * One connection for every tab of a share key: the elected leader tab holds the only physical
 * socket; each other tab's connection gets a {@link FollowerSocket} that routes through it. The
 * connection asks for a socket per attempt with {@link TabShare.open}, so reconnecting after a
 * handover is the connection's ordinary reconnect.
 * @internal
 */
export class TabShare {
  readonly #options: TabShareOptions;
  readonly #election: TabElection;
  readonly #bus: TabBus;
  readonly #stopWatching: Array<() => void> = [];
  /** This tab's follower socket, while it has one. */
  #follower: FollowerSocket | undefined;
  /** As leader: whether the real socket is open (answers a follower's `hello`). */
  #up = false;
  #closed = false;
  /** This tab's id in `visible` messages. */
  readonly #tab = Math.random().toString(36).slice(2);
  /** The other tabs' visibility, by tab id (for `idleWhenHiddenMs` over every tab). */
  readonly #othersVisible = new Map<string, boolean>();

  constructor(options: TabShareOptions) {
    this.#options = options;
    const name = tabChannelName(options.key);
    this.#bus = new TabBus({
      name,
      BroadcastChannel: options.platform.BroadcastChannel,
      onMessage: (message) => this.#receive(message),
      onBadMessage: (error) => options.hooks.report(error),
      badFrameError: options.hooks.badFrameError,
    });
    const election = (this.#election = new TabElection({
      locks: options.platform.locks,
      name,
      onRole: (role) => this.#roleChanged(role),
    }));
    // The connection's `role$` leaves 'alone' at once: a follower until the election says otherwise.
    this.#roleChanged(election.role);
    const page = options.hooks.page;
    const lifecycle = page.lifecycle;
    if (lifecycle) this.#stopWatching.push(lifecycle.subscribe((event) => this.#pageEvent(event)));
    page.othersVisible = () => [...this.#othersVisible.values()].some(Boolean);
    election.start();
    this.#postVisibility();
  }

  /** Foreign or malformed messages from other tabs ignored so far. */
  get badMessageCount(): number {
    return this.#bus.badCount;
  }

  /** A socket for the connection's next attempt: the real one as leader, a follower's otherwise. */
  async open(url: string): Promise<WebSocketLike> {
    await this.#election.decided();
    if (this.#election.role === 'leader') {
      return leaderSocket(
        this.#options.hooks.createSocket(url),
        (message) => this.#bus.post(message),
        (up) => (this.#up = up)
      );
    }
    const follower = new FollowerSocket(
      (frame) => this.#bus.post({ type: 'send', frame }),
      (socket) => {
        if (this.#follower === socket) this.#follower = undefined;
      }
    );
    this.#follower?.down({ code: 1006, reason: 'replaced', wasClean: false });
    this.#follower = follower;
    this.#bus.post({ type: 'hello' });
    return follower;
  }

  /** The connection closed: leave the election (the next tab takes over) and the channel. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const stop of this.#stopWatching) stop();
    // Gone: this tab no longer keeps the shared connection awake.
    this.#postVisibility(false);
    this.#election.stop();
    this.#bus.close();
  }

  #roleChanged(role: TabRole): void {
    if (this.#closed) return;
    this.#options.hooks.role.set(role);
    if (role !== 'leader') return;
    // Sockets routed through the previous leader are gone: tell every tab, and end our own, so the
    // connection reconnects, this time with the real socket.
    this.#bus.post({ type: 'leader' });
    this.#follower?.down({
      code: 1006,
      reason: 'leader changed',
      wasClean: false,
    });
  }

  #receive(message: TabMessage): void {
    const leading = this.#election.role === 'leader';
    switch (message.type) {
      case 'send':
        if (leading) this.#options.hooks.sendFrame(message.frame);
        return;
      case 'hello':
        // A follower waits for this tab's socket: open it now, even if this tab's connection is lazy.
        if (leading && !this.#up) this.#options.hooks.connect();
        if (leading)
          this.#bus.post(
            this.#up
              ? { type: 'up' }
              : {
                  type: 'down',
                  close: { code: 1006, reason: 'connecting', wasClean: false },
                }
          );
        return;
      case 'frame':
        if (!leading) this.#follower?.deliver(message.frame);
        return;
      case 'up':
        if (!leading) this.#follower?.up();
        return;
      case 'down':
        // A follower socket still waiting for the leader's socket keeps waiting: `down` ends only an open one.
        if (!leading && this.#follower?.readyState === 1) this.#follower.down(message.close);
        return;
      case 'leader':
        this.#follower?.down({
          code: 1006,
          reason: 'leader changed',
          wasClean: false,
        });
        return;
      case 'visible': {
        const page = this.#options.hooks.page;
        // A tab not heard from before learns this one's visibility in return.
        if (!this.#othersVisible.has(message.tab)) this.#postVisibility();
        this.#othersVisible.set(message.tab, message.visible);
        if (message.visible) page.wake();
        else page.recheck();
        return;
      }
    }
  }

  #postVisibility(visible = !this.#options.hooks.page.lifecycle?.isHidden()): void {
    this.#bus.post({ type: 'visible', tab: this.#tab, visible });
  }

  #pageEvent(event: PageEvent): void {
    if (event === 'hidden' || event === 'visible') return this.#postVisibility(event === 'visible');
    if (event === 'suspend') {
      // A held lock, or a request waiting in line, keeps the page out of the back/forward cache,
      // and a frozen leader would serve nobody: give both up, and the channel too.
      this.#election.stop();
      this.#bus.close();
      this.#follower?.down({
        code: 1001,
        reason: 'page suspended',
        wasClean: true,
      });
    } else if (event === 'resume') {
      this.#bus.open();
      this.#election.start();
      this.#postVisibility();
    }
  }
}

/**
 * The tab share of a connection created with `share`, or `undefined` where tabs cannot share
 * (no Web Locks or BroadcastChannel: Node, old browsers, insecure contexts): 'alone'.
 * @internal
 */
export function shareTabs<T>(
  connection: Connection<T>,
  options: WebSocketConnectionOptions<T>,
  lent: Pick<TabShareHooks, 'role' | 'report' | 'page'>,
  core: CoreForTabs,
): TabShare | undefined {
  const hooks: TabShareHooks = {
    ...lent,
    sendFrame: (frame) => connection.send(new core.PreparedMessage(frame)),
    // Tabs share only in browsers, whose WebSocket takes no headers.
    createSocket: (url) => core.createWebSocket(url, { ...options, headers: undefined }),
    connect: () => connection.connect(),
    badFrameError: (message, frameSize, payload) => new core.BadFrameError(message, frameSize, { payload }),
    isNode: core.isNode,
  };
  const platform = pageTabPlatform(hooks.isNode);
  const share = options.share;
  if (!platform || !share) return undefined;
  const tabs = new TabShare({
    key: typeof share === 'object' ? share.key : `websocket ${String(options.url)}`,
    platform,
    hooks,
  });
  // The connection closed in this tab: leave the election (another tab takes over) and the channel.
  connection.state$.subscribe((state) => {
    if (state === 'closed') tabs.close();
  });
  return tabs;
}
