import { RxwireError, browserPageLifecycle, type PageLifecycle } from '@rxwire/core';
import type { ChannelTabs } from '../pushRouter.js';
import type { RpcClientOptions } from '../rpcClientOptions.js';
import type { RpcTabShareOptions } from './rpcTabShare.js';

/** What the client lends its tab share. @internal */
export type RpcTabParts = Omit<RpcTabShareOptions, 'link' | 'RxwireError' | 'page'> & {
  router: { tabs: ChannelTabs | undefined };
  /** Whether the client closed while the tab code loaded: then the tab code starts nothing. */
  closed: () => boolean;
};

/**
 * The part of `share` an `RpcClient` always carries: the share key, this client's id among the tabs,
 * and the loading of the tab code, a dynamic import that bundlers split into a chunk of its own, so
 * apps without `share` never load it. This module is the bridge: it is part of the main chunk and
 * hands the tab code the values it runs (the tab code imports only types). It keeps only what is
 * needed before the tab code is there, or when it never comes: the key and the tab id (the client's
 * first calls take their ids at once), the wait for the loading, and the filter of other tabs'
 * replies (core shares the socket even when this chunk failed to load). The rest (starting and
 * closing the share, the channels' wants) is the tab code's, see `startRpcTabShare`.
 * @internal
 */
export class RpcTabLink {
  /** The share key: the option's `key`, or the dialect and url. */
  readonly key: string;
  /** The connection's `share`: core shares the socket between the tabs, under a key of the RPC's own. */
  readonly connectionShare: { key: string };
  /**
   * This client's id among the tabs, random so that tabs never collide, and the prefix of its call
   * ids: every tab receives every reply, and keeps only those to its own calls.
   */
  readonly tab = `${Math.random().toString(36).slice(2, 10)}.`;
  #loading: Promise<void> | undefined;
  /** The `pageLifecycle` option: the tab share follows the page too. */
  readonly #page: PageLifecycle | false | undefined;

  /** The link of a client created with `share`, else `undefined`. Throws for a url function without a key. */
  static of(options: RpcClientOptions, protocol: string): RpcTabLink | undefined {
    const { share, url } = options;
    if (!share) return undefined;
    // The default key is the url: a url function has none, and two functions cannot be compared.
    if (typeof share !== 'object' && typeof url !== 'string') throw new TypeError("share: 'tabs' with a url function needs share: { key }");
    return new RpcTabLink(typeof share === 'object' ? share.key : `${protocol} ${String(url)}`, options.pageLifecycle);
  }

  private constructor(key: string, page: PageLifecycle | false | undefined) {
    this.key = key;
    this.#page = page;
    this.connectionShare = { key: `rpc ${key}` };
  }

  /** Loads the tab code; until it runs, the client waits to start (see {@link defer}). */
  load(parts: RpcTabParts): void {
    this.#loading = import('./rpcTabShare.js').then(
      (code) => {
        this.#loading = undefined;
        code.startRpcTabShare({ ...parts, link: this, RxwireError, page: this.#page === false ? undefined : (this.#page ?? browserPageLifecycle()) });
      },
      (cause: unknown) => {
        // The chunk did not load (a deploy removed it, say): the client works, its channels its own.
        this.#loading = undefined;
        parts.report(new RxwireError('TABS_UNAVAILABLE', "share's tab code did not load.", { cause }));
      },
    );
  }

  /** While the tab code loads, runs `start` once it did and answers `true`; else `false`. */
  defer(start: () => void): boolean {
    if (!this.#loading) return false;
    void this.#loading.then(start);
    return true;
  }

  /** Whether a reply id belongs to another tab's call. */
  foreign(id: string | undefined): boolean {
    return id !== undefined && !id.startsWith(this.tab);
  }
}
