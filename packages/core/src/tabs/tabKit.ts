// A chunk loaded only by other packages' tab code (Bayeux's `share`): like tabShare.ts, it imports
// nothing but TYPES from the rest of core, so that apps without `share` never carry it.
import { TabBus } from './tabBus.js';
import { TabElection } from './tabElection.js';
import { pageTabPlatform, type TabPlatform } from './tabPlatform.js';

/**
 * What another package's tab code builds on, so that it elects and talks as core's shared socket
 * does, without a copy: the page's Web Locks and BroadcastChannel (`undefined` where tabs cannot
 * share: Node, old browsers, insecure contexts), the leader election, and the checked message bus.
 * @internal
 */
export interface TabKit {
  platform: TabPlatform | undefined;
  TabElection: typeof TabElection;
  TabBus: typeof TabBus;
}

/** The kit, for this platform. @internal */
export function tabKit(isNode: boolean): TabKit {
  return { platform: pageTabPlatform(isNode), TabElection, TabBus };
}
