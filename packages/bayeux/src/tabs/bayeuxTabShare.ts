// The tab code of `BayeuxClient({ share })` is a chunk loaded only with `share`: it imports nothing
// but TYPES from the rest of bayeux and core. A value it imported would be shared between this chunk
// and the main one, and bundlers would move it into a chunk that every app loads up front, `share`
// or not. What it needs at run time comes in BayeuxTabParts instead (see BayeuxTabLink), and core's
// election and bus come from core's own lazy chunk (`loadTabKit`).
import type {
  BadFrameError,
  ClosedError,
  ConnectionLostError,
  ConnectionState,
  MulticastValue,
  PageLifecycle,
  RxwireError,
  TabBus,
  TabElection,
  TabKit,
  TabRole,
} from '@rxwire/core';
import type { BayeuxError } from '../bayeuxError.js';
import type { ChannelRouter } from '../channelRouter.js';
import type { BayeuxMessage, ConnectionType } from '../message.js';
import { bayeuxTabChannelName, bayeuxTabCodec, type BayeuxTabMessage, type TabCallOp } from './bayeuxTabMessage.js';
import { TabFollower } from './tabFollower.js';
import { TabLeader, tabLockName, type LeaderClient } from './tabLeader.js';
import { continueSession, saveSession, type SessionParts } from './sessionHandover.js';

/** What the client lends its tab share. @internal */
export interface BayeuxTabParts {
  /** The share key (lock and BroadcastChannel names carry it). */
  key: string;
  /** The client's channels. */
  router: Pick<ChannelRouter, 'get' | 'values' | 'deliver'>;
  /** The client's state, connection type and role (a follower mirrors the leader's session). */
  state: Pick<MulticastValue<ConnectionState>, 'set' | 'value'>;
  type: Pick<MulticastValue<ConnectionType | undefined>, 'set'>;
  role: Pick<MulticastValue<TabRole>, 'set'>;
  /** Reports on the client's `errors$`. */
  report: (error: RxwireError) => void;
  /** The client, run in this tab: the leader uses it on behalf of the other tabs. */
  client: LeaderClient;
  /** Ends this tab's own session without ending its channels: they wait for the next leader. */
  dropRun: () => void;
  /** The client's disconnect as without `share`: channels end, and the server is told (unless `goodbye` is false). */
  disconnectHere: (goodbye?: boolean) => Promise<void>;
  /** The client's session, for the tab that continues it (see sessionHandover.ts). */
  session: SessionParts;
  /** The page's lifecycle (core's `browserPageLifecycle()`), where there is one. */
  page: PageLifecycle | undefined;
  /** Error classes, handed in (see the top of this file). */
  errors: {
    RxwireError: typeof RxwireError;
    BayeuxError: typeof BayeuxError;
    ConnectionLostError: typeof ConnectionLostError;
    ClosedError: typeof ClosedError;
    BadFrameError: typeof BadFrameError;
  };
}

/** Where this tab's session work runs: in this tab (alone, or leading), through the leader, or not known yet. */
export type TabWhere = 'here' | 'there' | undefined;

/** The share of a client created with `share`, or `undefined` where tabs cannot share ('alone'). @internal */
export function startBayeuxTabShare(parts: BayeuxTabParts, kit: TabKit): BayeuxTabShare | undefined {
  return kit.platform ? new BayeuxTabShare(parts, kit) : undefined;
}

/**
 * One Bayeux session for every tab of a share key. The tab elected with a Web Lock (core's
 * TabElection) runs the client's session as without `share`, and serves the other tabs
 * ({@link TabLeader}); every other tab opens no connection and goes through the leader
 * ({@link TabFollower}) over a BroadcastChannel (core's TabBus, whose bad messages are reported as
 * `BAD_FRAME`). When the leader goes (closed, reloaded, frozen, into the back/forward cache, or
 * disconnected), the next tab in line takes over and subscribes every channel any tab still
 * observes. Where the last leader shared a session worth continuing (the ack extension enabled),
 * the next one continues it, same clientId and no handshake, and the server redelivers what no tab
 * acknowledged: the channels report continuity `'recovered'`. Otherwise (or when the server forgot
 * the session) it starts a new one, and they report `'gap'`.
 * @internal
 */
export class BayeuxTabShare {
  readonly #parts: BayeuxTabParts;
  readonly #election: TabElection;
  readonly #bus: TabBus<BayeuxTabMessage>;
  readonly #leader: TabLeader;
  readonly #follower: TabFollower;
  /** The role this tab acts in; undefined while it does not know (starting, suspended, or let go). */
  #acting: TabRole | undefined;
  /** `disconnect()` in this tab: out of the election until the client is used again. */
  #left = false;
  /** In the back/forward cache or frozen: no lock, no channel, until the page is back. */
  #suspended = false;
  /** As follower: ends the hold of this tab's own lock (see `tabLockName`). */
  #releaseTabLock: (() => void) | undefined;
  readonly #tab: string;
  readonly #platform: NonNullable<TabKit['platform']>;

  constructor(parts: BayeuxTabParts, kit: TabKit) {
    this.#parts = parts;
    const name = bayeuxTabChannelName(parts.key);
    const post = (message: BayeuxTabMessage): void => this.#bus.post(message);
    const tab = (this.#tab = Math.random().toString(36).slice(2, 10));
    const platform = (this.#platform = kit.platform as NonNullable<TabKit['platform']>);
    const live = (): string[] => [...parts.router.values()].filter((channel) => channel.status === 'live').map((channel) => channel.name);
    const save = () => saveSession(parts.session, live);
    this.#leader = new TabLeader({ client: parts.client, post, locks: platform.locks, name, save });
    this.#follower = new TabFollower({ tab, post, router: parts.router, state: parts.state, type: parts.type, ...parts.errors });
    this.#bus = new kit.TabBus<BayeuxTabMessage>({
      name,
      BroadcastChannel: platform.BroadcastChannel,
      codec: bayeuxTabCodec,
      onMessage: (message) => this.#receive(message),
      onBadMessage: (error) => parts.report(error),
      badFrameError: (message, frameSize, payload) => new parts.errors.BadFrameError(message, frameSize, { payload }),
    });
    // A role change after the first answer (waiting in line, then granted) acts at once.
    this.#election = new kit.TabElection({ locks: platform.locks, name, onRole: () => this.#act() });
    parts.role.set('follower');
    parts.page?.subscribe((event) => this.#pageEvent(event));
    this.#join();
  }

  /** Foreign or malformed messages from other tabs ignored so far. */
  get badMessageCount(): number {
    return this.#bus.badCount;
  }

  /** The leader's session id, in a follower. */
  get clientId(): string | undefined {
    return this.#acting === 'follower' ? this.#follower.clientId : undefined;
  }

  where(): TabWhere {
    return this.#acting === 'leader' ? 'here' : this.#acting === 'follower' ? 'there' : undefined;
  }

  /** Resolves once this tab knows where its session work runs (joining again after `disconnect()`). */
  decided(): Promise<void> {
    if (this.#left) this.#join();
    return this.#election.decided();
  }

  want(channel: string): void {
    if (this.#acting === 'follower') this.#follower.want(channel);
    // A client used again after disconnect(): its channels are subscribed once it knows its role.
    else if (this.#left) this.#join();
  }

  unwant(channel: string): void {
    if (this.#acting === 'follower') this.#follower.unwant(channel);
  }

  call(op: TabCallOp, channel: string, data: unknown, timeoutMs?: number): Promise<unknown> {
    return this.#follower.call(op, channel, data, timeoutMs);
  }

  /** A message this tab's session delivered: as leader, every other tab gets it. */
  delivered(message: BayeuxMessage): void {
    if (this.#acting === 'leader') this.#leader.delivered(message);
  }

  /**
   * `disconnect()` in this tab (also when the page goes away for good): its channels and calls only.
   * A follower lets go of what it wanted from the leader; a leader hands the lead over, and says
   * goodbye to the server unless other tabs observe channels and the session is worth continuing
   * (then the next leader continues it).
   */
  async leave(): Promise<void> {
    if (this.#left) return;
    const acting = this.#acting;
    const handOver = acting === 'leader' && this.#leader.followed && this.#leader.save() !== undefined;
    this.#left = true;
    this.#unact();
    this.#election.stop();
    if (acting === 'leader') return this.#parts.disconnectHere(!handOver);
    this.#follower.bye();
    this.#follower.failCalls(new this.#parts.errors.ClosedError('The client disconnected before the leader tab answered.'));
    for (const channel of this.#parts.router.values()) channel.end();
    this.#parts.type.set(undefined);
    this.#parts.state.set('closed');
  }

  #join(): void {
    this.#left = false;
    this.#bus.open();
    this.#election.start();
    // The first answer: 'follower' is the election's guess, so it comes as no role change.
    void this.#election.decided().then(() => this.#act());
  }

  /** Acts in the role the election gave, if it changed. */
  #act(): void {
    const election = this.#election;
    if (this.#left || this.#suspended || !election.running) return;
    const role = election.role;
    if (role === this.#acting) return;
    this.#unact();
    this.#acting = role;
    this.#parts.role.set(role);
    if (role === 'leader') {
      // Whatever went through an earlier leader is gone: every tab asks this one again.
      this.#bus.post({ type: 'leader' });
      // The session the last leader shared goes on here (see sessionHandover.ts); none: a new one.
      continueSession(this.#follower.takeSaved(), this.#parts.session);
      this.#leader.start();
    } else {
      this.#holdTabLock();
      this.#bus.post({ type: 'hello' });
    }
    this.#resubscribe();
  }

  /** As follower: hold this tab's own lock, released by the browser if the tab crashes (the leader waits for it). */
  #holdTabLock(): void {
    const held = new Promise<void>((resolve) => (this.#releaseTabLock = resolve));
    void this.#platform.locks.request(tabLockName(bayeuxTabChannelName(this.#parts.key), this.#tab), {}, () => held).catch(() => undefined);
  }

  /** Stops acting in the current role: calls through a leader fail, what was led is released. */
  #unact(): void {
    const was = this.#acting;
    this.#acting = undefined;
    // A held lock keeps a page out of the back/forward cache: given up whenever this tab stops following.
    this.#releaseTabLock?.();
    this.#releaseTabLock = undefined;
    if (was === 'follower') this.#follower.failCalls(this.#lost());
    if (was !== 'leader') return;
    this.#leader.stop();
    // Channels stay observed: they wait for the next leader (or `leave` ends them).
    if (!this.#left) this.#parts.dropRun();
  }

  /** The channels this tab observes, subscribed anew where they now run: here, or through the leader. */
  #resubscribe(): void {
    for (const channel of this.#parts.router.values()) {
      if (!channel.isActive) continue;
      channel.lost();
      channel.resubscribe();
    }
  }

  #lost(): RxwireError {
    return new this.#parts.errors.ConnectionLostError('The leader tab went away before it answered; the call may or may not have reached the server.');
  }

  #receive(message: BayeuxTabMessage): void {
    if (message.type === 'leader') {
      // Another tab leads now (this one cannot: the lock is exclusive): ask it again.
      if (this.#acting !== 'follower') return;
      this.#follower.failCalls(this.#lost());
      this.#parts.state.set('reconnecting');
      this.#bus.post({ type: 'hello' });
      this.#resubscribe();
      return;
    }
    if (this.#acting === 'leader') this.#leader.receive(message);
    else if (this.#acting === 'follower') this.#follower.receive(message);
  }

  /**
   * Into the back/forward cache or frozen: a held lock (or one waited for) keeps the page out of the
   * cache, and a frozen leader serves nobody: give both up, and the channel. Back: join again.
   */
  #pageEvent(event: string): void {
    if (event === 'suspend' && !this.#suspended) {
      this.#suspended = true;
      const acting = this.#acting;
      this.#unact();
      if (acting === 'follower') {
        // The leader holds nothing for a cached page: its channels ask again when it is back.
        this.#follower.bye();
        for (const channel of this.#parts.router.values()) channel.lost();
      }
      this.#election.stop();
      this.#bus.close();
    } else if (event === 'resume' && this.#suspended) {
      this.#suspended = false;
      if (!this.#left) this.#join();
    }
  }
}
