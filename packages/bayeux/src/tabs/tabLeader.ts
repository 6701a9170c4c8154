import type { Observable, Subscription } from 'rxjs';
import type { ConnectionState, RxwireError, TabPlatform } from '@rxwire/core';
import type { BayeuxChannel } from '../bayeuxChannel.js';
import type { BayeuxMessage, ConnectionType } from '../message.js';
import type { BayeuxTabMessage, TabCallOp, TabCallResult, TabEvent } from './bayeuxTabMessage.js';
import type { SavedSession } from './sessionHandover.js';

/** The client as the leader uses it on behalf of the other tabs: its public face, run in this tab. @internal */
export interface LeaderClient {
  readonly state: ConnectionState;
  readonly state$: Observable<ConnectionState>;
  readonly connectionType: ConnectionType | undefined;
  readonly connectionType$: Observable<ConnectionType | undefined>;
  readonly clientId: string | undefined;
  channel(name: string): BayeuxChannel<unknown>;
  publish(channel: string, data: unknown): Promise<void>;
  request(channel: string, data: unknown, options: { timeoutMs?: number }): Promise<unknown>;
  connect(): Promise<void>;
}

/** Options of {@link TabLeader}. @internal */
export interface TabLeaderOptions {
  client: LeaderClient;
  post: (message: BayeuxTabMessage) => void;
  /** Web Locks: each follower holds {@link tabLockName} while it lives, so a crashed one is noticed. */
  locks: TabPlatform['locks'];
  /** The share's lock name, the prefix of the followers' own. */
  name: string;
  /** The session as it stands, where it is worth continuing (see `saveSession`). */
  save: () => SavedSession | undefined;
}

/** The lock a follower tab holds while it follows: the leader asks for it to learn when the tab is gone. */
export function tabLockName(name: string, tab: string): string {
  return `${name}:tab:${tab}`;
}

/**
 * What the leader tab does for the others: it holds one observer of its own channel per tab that
 * wants it (so the channel's reference count and grace period make the one wire subscribe for every
 * tab, and the wire unsubscribe after the last observer in the last tab), runs their publishes,
 * requests and connects and answers each to the calling tab, and tells every tab how the session
 * stands and what the server delivered. Active only while this tab leads (`start` / `stop`).
 * @internal
 */
export class TabLeader {
  readonly #options: TabLeaderOptions;
  /** For each follower tab, the observer held for it on each channel, by channel name. */
  readonly #held = new Map<string, Map<string, Subscription>>();
  /** Per follower tab, the wait for its lock (granted once the tab is gone without a `bye`: crashed). */
  readonly #watchingTabs = new Map<string, AbortController>();
  #watching: Subscription[] = [];
  /** The last `session` message posted, so that only changes go out. */
  #told = '';
  /** The events of the batch being delivered, posted together once it is through (see {@link delivered}). */
  #batch: TabEvent[] = [];

  constructor(options: TabLeaderOptions) {
    this.#options = options;
  }

  start(): void {
    const { client } = this.#options;
    this.#told = '';
    this.#watching = [client.state$.subscribe(() => this.#tellSession()), client.connectionType$.subscribe(() => this.#tellSession())];
  }

  /** The session as it stands, where it is worth continuing. */
  save(): SavedSession | undefined {
    return this.#options.save();
  }

  /** Whether other tabs observe channels through this one (a session worth handing over). */
  get followed(): boolean {
    return this.#held.size > 0;
  }

  /** No longer leading: what was held for other tabs is released (they ask the next leader). */
  stop(): void {
    // Not passed on: the server delivers them again to the next leader, which acks only what it was told.
    this.#batch = [];
    for (const subscription of this.#watching) subscription.unsubscribe();
    this.#watching = [];
    for (const tab of [...this.#held.keys()]) this.#releaseTab(tab);
  }

  /**
   * A message the session delivered: every tab routes it to its own observers. The messages of one
   * batch (one frame or HTTP response, delivered in one go) cross in one message, after the batch, with
   * the session as it stands after it: the ack extension's batch number then never runs ahead of
   * what the other tabs were given.
   */
  delivered(message: BayeuxMessage): void {
    const channel = message.channel;
    // Service replies belong to the requests waiting here (the followers' included): never broadcast.
    if (channel.startsWith('/service/') || channel.startsWith('/meta/')) return;
    const batch = this.#batch;
    if (batch.length === 0) queueMicrotask(() => this.#postBatch(batch));
    batch.push(message.id === undefined ? { channel, data: message.data } : { channel, data: message.data, id: message.id });
  }

  #postBatch(events: TabEvent[]): void {
    // Dropped by `stop()` meanwhile.
    if (events !== this.#batch) return;
    this.#batch = [];
    const session = this.#options.save();
    this.#options.post(session ? { type: 'events', events, session } : { type: 'events', events });
  }

  receive(message: BayeuxTabMessage): void {
    switch (message.type) {
      case 'hello':
        this.#told = '';
        this.#tellSession();
        return;
      case 'want':
        this.#hold(message.tab, message.channel);
        return;
      case 'unwant':
        this.#release(message.tab, message.channel);
        return;
      case 'bye':
        this.#releaseTab(message.tab);
        return;
      case 'call':
        void this.#run(message.op, message.channel, message.data, message.timeoutMs).then((result) =>
          this.#options.post({ type: 'result', tab: message.tab, id: message.id, ...result }),
        );
        return;
      // The leader's own kinds, for the followers; `leader` is the share's.
      case 'leader':
      case 'session':
      case 'events':
      case 'status':
      case 'denied':
      case 'result':
        return;
    }
  }

  #tellSession(): void {
    const { client } = this.#options;
    const { state, connectionType, clientId } = client;
    const told = `${state} ${connectionType ?? ''} ${clientId ?? ''}`;
    if (told === this.#told) return;
    this.#told = told;
    this.#options.post({ type: 'session', state, ...(connectionType && { connectionType }), ...(clientId !== undefined && { clientId }) });
  }

  #run(op: TabCallOp, channel: string, data: unknown, timeoutMs: number | undefined): Promise<TabCallResult> {
    const { client } = this.#options;
    const running =
      op === 'publish' ? client.publish(channel, data) : op === 'request' ? client.request(channel, data, timeoutMs === undefined ? {} : { timeoutMs }) : client.connect();
    return running.then(
      (value): TabCallResult => ({ ok: true, value }),
      (error: unknown): TabCallResult => {
        const { name, code, message } = error as Partial<RxwireError>;
        return { ok: false, name: name ?? 'Error', code: code ?? 'UNKNOWN', message: message ?? String(error) };
      },
    );
  }

  /** Holds an observer of the channel for `tab`, and tells that tab how the channel stands. */
  #hold(tab: string, name: string): void {
    let held = this.#held.get(tab);
    if (!held) {
      this.#held.set(tab, (held = new Map()));
      this.#watchTab(tab);
    }
    const post = this.#options.post;
    const channel = this.#options.client.channel(name);
    const subscription = channel.messages$.subscribe({
      error: (error: unknown) => {
        const { code, message } = error as Partial<RxwireError>;
        if (held.get(name) === subscription) held.delete(name);
        post({ type: 'denied', tab, channel: name, code: code ?? 'SUBSCRIBE_DENIED', message: message ?? String(error) });
      },
    });
    subscription.add(
      channel.status$.subscribe((status) => {
        if (status === 'live') post({ type: 'status', tab, channel: name, live: true, recovered: channel.resumed === 'recovered' });
        else if (status === 'reconnecting') post({ type: 'status', tab, channel: name, live: false, recovered: false });
      }),
    );
    // A repeated want takes over from the earlier observer: acquired first, so the channel's
    // reference count never reaches zero in between.
    held.get(name)?.unsubscribe();
    if (!subscription.closed) held.set(name, subscription);
  }

  #release(tab: string, name: string): void {
    const held = this.#held.get(tab);
    held?.get(name)?.unsubscribe();
    held?.delete(name);
  }

  #releaseTab(tab: string): void {
    this.#watchingTabs.get(tab)?.abort();
    this.#watchingTabs.delete(tab);
    for (const subscription of this.#held.get(tab)?.values() ?? []) subscription.unsubscribe();
    this.#held.delete(tab);
  }

  /** A follower that crashed says no `bye`, but the browser releases its lock: then let go of its channels. */
  #watchTab(tab: string): void {
    const abort = new AbortController();
    this.#watchingTabs.set(tab, abort);
    const { locks, name } = this.#options;
    locks
      .request(tabLockName(name, tab), { signal: abort.signal }, () => {
        if (this.#watchingTabs.get(tab) === abort) this.#releaseTab(tab);
      })
      // Aborted: the tab said bye, or this tab no longer leads.
      .catch(() => undefined);
  }
}
