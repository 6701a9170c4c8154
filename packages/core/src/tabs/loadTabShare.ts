import type { Connection } from '../connection.js';
import type { WebSocketConnectionOptions } from '../webSocketConnectionOptions.js';
import type { TabShare, TabShareHooks } from './tabShare.js';

export type { TabShare };

/**
 * Loads the tab code of a connection created with `share`. A dynamic import, so that bundlers put
 * it in a chunk of its own that apps without `share` never load. Resolves to `undefined` where tabs
 * cannot share. Throws at once for a url function without a `key`.
 * @internal
 */
export function loadTabShare<T>(
  connection: Connection<T>,
  options: WebSocketConnectionOptions<T>,
  hooks: TabShareHooks,
): Promise<TabShare | undefined> {
  // The default key is the url: a url function has none, and two functions cannot be compared.
  if (options.share === 'tabs' && typeof options.url !== 'string') {
    throw new TypeError("share: 'tabs' with a url function needs share: { key }");
  }
  return import('./tabShare.js').then((tabs) => tabs.shareTabs(connection, options, hooks));
}
