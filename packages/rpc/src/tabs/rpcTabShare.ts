// The tab code of `RpcClient({ share })` is a chunk loaded only with `share`: it imports nothing but
// TYPES from the rest of rpc and core. A value it imported would be shared between this chunk and
// the main one, and bundlers would move it into a chunk that every app loads up front, `share` or
// not. What it needs of them at run time comes in RpcTabShareOptions instead (see RpcTabLink).
import type { Observable, Subscription } from 'rxjs';
import type { ConnectionState, PageLifecycle, RxwireError, SharedChannel, TabRole } from '@rxwire/core';
import type { ChannelTabs, PushRouter } from '../pushRouter.js';
import {
  parseRpcTabMessage,
  rpcTabChannelName,
  rpcTabEnvelope,
  tabChannelKey,
  type RpcTabMessage,
  type TabChannelRef,
} from './rpcTabMessage.js';

/** The part of a `BroadcastChannel` the tabs use. */
export interface RpcBroadcastChannel {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(message: unknown): void;
  close(): void;
}

/** Options of {@link RpcTabShare}. @internal */
export interface RpcTabShareOptions {
  /** The share key (the BroadcastChannel name carries it) and this client's id among the tabs. */
  link: { readonly key: string; readonly tab: string };
  /** The client's connection, shared by core between the tabs: its role says who leads. */
  connection: {
    readonly state: ConnectionState;
    readonly state$: Observable<ConnectionState>;
    readonly role$: Observable<TabRole>;
  };
  /** The client's channels. */
  router: Pick<PushRouter, 'channel'>;
  /** Reports on the client's `errors$`. */
  report: (error: RxwireError) => void;
  /** Core's error class, handed in (see the top of this file). */
  RxwireError: typeof RxwireError;
  /** The page's lifecycle (core's `browserPageLifecycle()`), where there is one. */
  page: PageLifecycle | undefined;
}

/** What {@link startRpcTabShare} needs: the share's options, and the client it starts for. @internal */
export interface RpcTabShareStart extends RpcTabShareOptions {
  /** Where the client's channels look for the share. */
  router: RpcTabShareOptions['router'] & { tabs: ChannelTabs | undefined };
  /** Whether the client closed while this chunk loaded. */
  closed: () => boolean;
}

/**
 * What `RpcTabLink` runs once this chunk loaded: the share of a client that is still open, handed to
 * its channels (and closed with the client). Here and not in the link, so apps without `share` do
 * not carry it. @internal
 */
export function startRpcTabShare(start: RpcTabShareStart): void {
  if (!start.closed()) start.router.tabs = new RpcTabShare(start);
}

/** A channel a follower tab wants from the leader, and the subscribe attempt the answer confirms. */
interface Want {
  readonly ref: TabChannelRef;
  readonly channel: SharedChannel;
  readonly attempt: number;
}

/**
 * The channels of an `RpcClient` shared by every tab of a share key. Core shares the socket (the
 * leader tab holds it, frames reach every tab, a follower's sends go through the leader); this
 * shares the subscriptions on it, which core cannot see: a follower tab does not subscribe on the
 * wire but `want`s the channel from the leader, and the leader holds one observer of its own channel
 * per wanting tab. So the leader's channel, with its reference count and grace period, makes the
 * one wire subscribe for every tab and the wire unsubscribe after the last observer in the last tab.
 * Pushes need nothing more: every tab receives every frame and routes it to its own observers.
 * Calls need nothing either: each client's ids carry its `tab` prefix, and a tab ignores replies to
 * other tabs' ids (see `RpcTabLink.foreign`).
 * @internal
 */
export class RpcTabShare implements ChannelTabs {
  readonly #options: RpcTabShareOptions;
  #role: TabRole = 'alone';
  #bus: RpcBroadcastChannel | undefined;
  /** As follower: what this tab wants from the leader, by channel key. */
  readonly #wants = new Map<string, Want>();
  /** As leader: for each follower tab, the observer held for it on each channel, by channel key. */
  readonly #held = new Map<string, Map<string, Subscription>>();
  readonly #watching: Array<{ unsubscribe(): void }>;
  #closed = false;
  /** In the back/forward cache or frozen: the channel stays closed until the page is back. */
  #suspended = false;
  #badCount = 0;

  constructor(options: RpcTabShareOptions) {
    this.#options = options;
    const connection = options.connection;
    this.#watching = [
      connection.role$.subscribe((role) => this.#roleChanged(role)),
      // A follower whose link dropped wants nothing until it is back (then its channels ask again):
      // the leader drops what it held for it, also when the link dropped because this page froze.
      connection.state$.subscribe((state) => state === 'connected' || this.#letGo()),
    ];
    const stopWatchingPage = options.page?.subscribe((event) => this.#pageEvent(event));
    if (stopWatchingPage) this.#watching.push({ unsubscribe: stopWatchingPage });
  }

  /** Foreign or malformed messages from other tabs ignored so far. */
  get badMessageCount(): number {
    return this.#badCount;
  }

  follows(): boolean {
    return this.#role === 'follower' && this.#bus !== undefined;
  }

  want(name: string, event: string | undefined, channel: SharedChannel, attempt: number): boolean {
    if (this.#options.connection.state !== 'connected') return false;
    const ref: TabChannelRef = event === undefined ? { name } : { name, event };
    this.#wants.set(tabChannelKey(ref), { ref, channel, attempt });
    this.#post({ type: 'want', tab: this.#options.link.tab, ...ref });
    return true;
  }

  unwant(name: string, event: string | undefined): void {
    const ref: TabChannelRef = event === undefined ? { name } : { name, event };
    if (this.#wants.delete(tabChannelKey(ref))) this.#post({ type: 'unwant', tab: this.#options.link.tab, ...ref });
  }

  /** The client closed in this tab: let go of what it wanted, and of what it held as leader. */
  close(): void {
    if (this.#closed) return;
    for (const subscription of this.#watching) subscription.unsubscribe();
    this.#letGo();
    this.#releaseAll();
    this.#closed = true;
    this.#bus?.close();
    this.#bus = undefined;
  }

  #roleChanged(role: TabRole): void {
    const was = this.#role;
    this.#role = role;
    // 'alone' (Node, no Web Locks): core shares nothing, so neither does this; no channel is opened.
    if (role === 'alone') return;
    this.#open();
    // What this tab held for others, or wanted from the last leader, belongs to the old order: the
    // connection drops and reconnects on a change of leader, and every tab's channels ask again.
    if (was === 'leader') this.#releaseAll();
    if (role === 'leader') this.#wants.clear();
  }

  #open(): void {
    const BroadcastChannel = (globalThis as { BroadcastChannel?: new (name: string) => RpcBroadcastChannel }).BroadcastChannel;
    if (this.#bus || this.#closed || this.#suspended || !BroadcastChannel) return;
    const bus = (this.#bus = new BroadcastChannel(rpcTabChannelName(this.#options.link.key)));
    bus.onmessage = (event) => this.#receive(event.data);
    // A leader that started listening late missed wants: followers say them again.
    this.#post({ type: 'sync' });
  }

  /**
   * Into the back/forward cache or frozen: core gives up the lead and closes its socket; this lets
   * go of the channels and closes the BroadcastChannel too, so no message from another tab reaches
   * (and evicts) the cached page. Back: open again, and the channels ask again once connected.
   */
  #pageEvent(event: string): void {
    if (event === 'suspend') {
      this.#letGo();
      this.#releaseAll();
      this.#suspended = true;
      this.#bus?.close();
      this.#bus = undefined;
    } else if (event === 'resume') {
      this.#suspended = false;
      if (this.#role !== 'alone') this.#open();
    }
  }

  #post(message: RpcTabMessage): void {
    try {
      this.#bus?.postMessage(rpcTabEnvelope(message));
    } catch {
      // A closed channel: the page is on its way out, and the other tabs learn it from core's lock.
    }
  }

  #receive(data: unknown): void {
    const message = parseRpcTabMessage(data);
    if (!message) {
      this.#badCount++;
      const name = rpcTabChannelName(this.#options.link.key);
      this.#options.report(this.#error('BAD_FRAME', `Ignored a foreign or malformed message from another tab on ${name}.`, data));
      return;
    }
    const leading = this.#role === 'leader';
    const mine = 'tab' in message && message.tab === this.#options.link.tab;
    switch (message.type) {
      case 'want':
        if (leading) this.#hold(message.tab, message);
        return;
      case 'unwant':
        if (leading) this.#release(message.tab, tabChannelKey(message));
        return;
      case 'bye':
        if (leading) this.#releaseTab(message.tab);
        return;
      case 'live': {
        const want = mine ? this.#wants.get(tabChannelKey(message)) : undefined;
        // A stale attempt (the link dropped since) is ignored by the channel.
        want?.channel.confirmed(want.attempt);
        return;
      }
      case 'denied': {
        const key = tabChannelKey(message);
        const want = mine ? this.#wants.get(key) : undefined;
        if (!want || want.attempt !== want.channel.attempt) return;
        this.#wants.delete(key);
        want.channel.denied(this.#error(message.code, message.message));
        return;
      }
      case 'sync':
        if (this.#role === 'follower') for (const { ref } of this.#wants.values()) this.#post({ type: 'want', tab: this.#options.link.tab, ...ref });
        return;
    }
  }

  /** As leader: holds an observer of the channel for `tab`, and answers it when the channel is live. */
  #hold(tab: string, ref: TabChannelRef): void {
    const key = tabChannelKey(ref);
    let held = this.#held.get(tab);
    if (!held) this.#held.set(tab, (held = new Map()));
    const channel = this.#options.router.channel(ref.name, ref.event);
    // Only the channel's fields: `ref` is the message that asked.
    const answer = ref.event === undefined ? { tab, name: ref.name } : { tab, name: ref.name, event: ref.event };
    const subscription = channel.messages$.subscribe({
      error: (error: unknown) => {
        const { code, message } = error as Partial<RxwireError>;
        if (held.get(key) === subscription) held.delete(key);
        this.#post({ type: 'denied', ...answer, code: code ?? 'SUBSCRIBE_DENIED', message: message ?? String(error) });
      },
    });
    subscription.add(channel.status$.subscribe((status) => status === 'live' && this.#post({ type: 'live', ...answer })));
    // A repeated want (after a `sync`) takes over from the earlier observer: acquired first, so the
    // channel's reference count never reaches zero in between.
    held.get(key)?.unsubscribe();
    if (!subscription.closed) held.set(key, subscription);
  }

  #release(tab: string, key: string): void {
    const held = this.#held.get(tab);
    held?.get(key)?.unsubscribe();
    held?.delete(key);
  }

  #releaseTab(tab: string): void {
    for (const subscription of this.#held.get(tab)?.values() ?? []) subscription.unsubscribe();
    this.#held.delete(tab);
  }

  #releaseAll(): void {
    for (const tab of [...this.#held.keys()]) this.#releaseTab(tab);
  }

  #error(code: string, message: string, payload?: unknown): RxwireError {
    return new this.#options.RxwireError(code, message, { payload });
  }

  /** As follower: tells the leader that this tab wants nothing now. */
  #letGo(): void {
    if (this.#wants.size === 0) return;
    this.#wants.clear();
    this.#post({ type: 'bye', tab: this.#options.link.tab });
  }
}
