import { PreparedMessage, type Connection } from '../connection.js';
import { BadFrameError, RxwireError } from '../errors.js';
import { createWebSocket, isNodePlatform } from '../internal/platform.js';
import type { WebSocketConnectionOptions } from '../webSocketConnectionOptions.js';
import type { CoreForTabs, TabShare, TabShareHooks } from './tabShare.js';

export type { TabShare };

/** What the connection lends of its own: the rest of the hooks is made here. @internal */
export type ConnectionTabHooks = Pick<TabShareHooks, 'role' | 'report' | 'page'>;

/**
 * Loads the tab code of a connection created with `share`. A dynamic import, so that bundlers put
 * it in a chunk of its own that apps without `share` never load. This module is the bridge: it is
 * part of the main chunk, so it hands the tab code every piece of core the tab code runs, as is
 * (the tab code imports only types, or bundlers would split the shared pieces into a chunk every app
 * loads).
 * Resolves to `undefined` where tabs cannot share, and where the tab code did not load (a deploy
 * removed its chunk, say): the connection then works on its own, as in Bayeux and RPC, after a
 * `TABS_UNAVAILABLE` error on `errors$`. Throws at once for a url function without a `key`.
 * @internal
 */
export function loadTabShare<T>(
  connection: Connection<T>,
  options: WebSocketConnectionOptions<T>,
  lent: ConnectionTabHooks
): Promise<TabShare | undefined> {
  // The default key is the url: a url function has none, and two functions cannot be compared.
  if (options.share === 'tabs' && typeof options.url !== 'string') {
    throw new TypeError("share: 'tabs' with a url function needs share: { key }");
  }
  // Lent as they are: the tab code makes its hooks of them (shareTabs), so that stays in its chunk.
  const core: CoreForTabs = { PreparedMessage, BadFrameError, createWebSocket, isNode: isNodePlatform };
  return import('./tabShare.js').then(
    (tabs) => tabs.shareTabs(connection, options, lent, core),
    (cause: unknown) => {
      // The same words as RPC's, which bundles this too.
      lent.report(new RxwireError('TABS_UNAVAILABLE', "share's tab code did not load.", { cause }));
      return undefined;
    },
  );
}
