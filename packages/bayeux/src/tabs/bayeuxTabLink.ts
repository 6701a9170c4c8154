import { BadFrameError, browserPageLifecycle, ClosedError, ConnectionLostError, loadTabKit, RxwireError, type PageLifecycle } from '@rxwire/core';
import { BayeuxError } from '../bayeuxError.js';
import type { BayeuxClientOptions } from '../bayeuxClientOptions.js';
import type { BayeuxMessage } from '../message.js';
import type { BayeuxTabParts, BayeuxTabShare } from './bayeuxTabShare.js';

/**
 * The part of `share` a `BayeuxClient` always carries: the share key, the loading of the tab code
 * (a dynamic import that bundlers split into a chunk of its own, so apps without `share` never
 * load it, with core's election and bus from core's own chunk), and where each piece of session
 * work goes once it is there: here (alone, or leading) or through the leader tab. The rest is the
 * tab code's, see `BayeuxTabShare`.
 * @internal
 */
export class BayeuxTabLink {
  /** The share key: the option's `key`, or the url. */
  readonly key: string;
  /** The tab code, once loaded; stays `undefined` where tabs cannot share ('alone'). */
  #share: BayeuxTabShare | undefined;
  #loaded: Promise<void> = Promise.resolve();
  #loading = false;
  /** The `pageLifecycle` option: the tab share follows the page (see BayeuxTabShare). */
  readonly #page: PageLifecycle | false | undefined;

  /** The link of a client created with `share`, else `undefined`. Throws for a url function without a key. */
  static of(options: BayeuxClientOptions): BayeuxTabLink | undefined {
    const { share, url } = options;
    if (!share) return undefined;
    // The default key is the url: a url function has none, and two functions cannot be compared.
    if (typeof share !== 'object' && typeof url === 'function') throw new TypeError("share: 'tabs' with a url function needs share: { key }");
    return new BayeuxTabLink(typeof share === 'object' ? share.key : `bayeux ${String(url)}`, options.pageLifecycle);
  }

  private constructor(key: string, page: PageLifecycle | false | undefined) {
    this.key = key;
    this.#page = page;
  }

  /** Loads the tab code for `client`, which lends `lent` of its own. */
  load(client: BayeuxTabParts['client'], lent: Omit<BayeuxTabParts, 'key' | 'client' | 'page' | 'errors'>): void {
    this.#loading = true;
    const errors = { RxwireError, BayeuxError, ConnectionLostError, ClosedError, BadFrameError };
    const parts = { ...lent, client, key: this.key, page: this.#page === false ? undefined : (this.#page ?? browserPageLifecycle()), errors };
    const subscribeHere = (): void => {
      for (const channel of parts.router.values()) if (channel.isActive) channel.resubscribe();
    };
    this.#loaded = Promise.all([import('./bayeuxTabShare.js'), loadTabKit()]).then(
      ([code, kit]) => {
        this.#loading = false;
        this.#share = code.startBayeuxTabShare(parts, kit);
        // Channels observed while the code loaded are subscribed once the role is known (see
        // BayeuxTabShare); where tabs cannot share, here and now.
        if (!this.#share) subscribeHere();
      },
      (cause: unknown) => {
        // The chunk did not load (a deploy removed it, say): the client works on its own.
        this.#loading = false;
        parts.report(new RxwireError('TABS_UNAVAILABLE', "share's tab code did not load; this tab connects on its own.", { cause }));
        subscribeHere();
      },
    );
  }

  /**
   * Whether the tab share runs (or its code is loading): then it follows the page for this client.
   * False once this tab runs alone, as without `share`: where tabs cannot share (no Web Locks or no
   * BroadcastChannel), or where the tab code did not load.
   */
  get sharing(): boolean {
    return this.#loading || this.#share !== undefined;
  }

  /** The leader's session id, in a follower. */
  get clientId(): string | undefined {
    return this.#share?.clientId;
  }

  /** A channel's wire subscribe: `here` in this tab, wanted from the leader, or later (once the role is known). */
  subscribe(name: string, here: () => void): void {
    const where = this.#where();
    if (where === 'here') here();
    else this.#share?.want(name);
  }

  /** A channel's wire unsubscribe: `here`, or told to the leader. */
  unsubscribe(name: string, here: () => void): void {
    const where = this.#where();
    if (where === 'here') here();
    else if (where === 'there') this.#share?.unwant(name);
  }

  /** Runs a publish, request or connect here, or through the leader, once this tab knows which. */
  route<T>(here: () => Promise<T>, op: 'publish' | 'request' | 'connect', channel = '', data?: unknown, timeoutMs?: number): Promise<T> {
    return this.#loaded
      .then(() => this.#share?.decided())
      .then(() => {
        const share = this.#share;
        return share && share.where() === 'there' ? (share.call(op, channel, data, timeoutMs) as Promise<T>) : here();
      });
  }

  /** `disconnect()`: this tab's part only, with `share`. */
  disconnect(here: () => Promise<void>): Promise<void> {
    return this.#share ? this.#share.leave() : here();
  }

  /** A message this tab's session delivered (as leader: for every tab). */
  delivered(message: BayeuxMessage): void {
    this.#share?.delivered(message);
  }

  #where(): 'here' | 'there' | undefined {
    if (this.#loading) return undefined;
    return this.#share ? this.#share.where() : 'here';
  }
}
