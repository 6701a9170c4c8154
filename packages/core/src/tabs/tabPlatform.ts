/** The part of `navigator.locks` (Web Locks) the election uses; a fake in unit tests. */
export interface LockManagerLike {
  request(name: string, options: { ifAvailable?: boolean; signal?: AbortSignal }, callback: (lock: unknown) => unknown): Promise<unknown>;
}

/** The part of a `BroadcastChannel` the tabs use. */
export interface BroadcastChannelLike {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(message: unknown): void;
  close(): void;
}

export type BroadcastChannelConstructor = new (name: string) => BroadcastChannelLike;

/** What a shared connection needs from the page: Web Locks and BroadcastChannel. */
export interface TabPlatform {
  locks: LockManagerLike;
  BroadcastChannel: BroadcastChannelConstructor;
}

/**
 * The page's Web Locks and BroadcastChannel, or `undefined` where either is missing (Node, old
 * browsers, and insecure contexts, where `navigator.locks` does not exist): there a shared
 * connection is 'alone'.
 * @param isNode whether this is Node (the connection tells: the tab code imports no platform module,
 *   see TabShareHooks)
 */
export function pageTabPlatform(isNode: boolean): TabPlatform | undefined {
  // Node may have both (between worker threads), but `share` is about browser tabs.
  if (isNode) return undefined;
  const g = globalThis as {
    navigator?: { locks?: LockManagerLike };
    BroadcastChannel?: BroadcastChannelConstructor;
  };
  const locks = g.navigator?.locks;
  const BroadcastChannel = g.BroadcastChannel;
  return locks && typeof locks.request === 'function' && typeof BroadcastChannel === 'function' ? { locks, BroadcastChannel } : undefined;
}
