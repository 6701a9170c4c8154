import { isNodePlatform } from '../internal/platform.js';
import type { TabKit } from './tabKit.js';

export type { TabKit };
export type { TabElection, TabElectionOptions } from './tabElection.js';
export type { TabBus, TabBusOptions, TabCodec } from './tabBus.js';
export type { TabPlatform } from './tabPlatform.js';

/**
 * Loads core's tab machinery (election, bus, platform) for another package's `share` code. A
 * dynamic import, so bundlers put it in a chunk that apps without `share` never load.
 * @internal
 */
export function loadTabKit(): Promise<TabKit> {
  // Read here, in the main chunk: the kit imports no value from the rest of core (see tabKit.ts).
  const isNode = isNodePlatform;
  return import('./tabKit.js').then((kit) => kit.tabKit(isNode));
}
