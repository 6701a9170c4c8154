/**
 * The protocol version of the messages between the tabs of a shared `RpcClient`. It is part of the
 * BroadcastChannel name, so tabs loaded before and after a deploy that changed these messages never
 * talk to each other.
 */
export const RPC_TAB_PROTOCOL_VERSION = 1;

/** Marks our messages, so a foreign message on the channel is recognised as such. */
const MARK = 'rxwire-rpc-tabs';

/** A channel of a client: its name and event glob (aio-openapi), the key its observers share. */
export interface TabChannelRef {
  name: string;
  event?: string;
}

/**
 * What the tabs of one share key tell each other about channels (calls need no message of their
 * own: their frames cross through the shared connection, and their ids say whose they are).
 * - `want` / `unwant`: a follower tab has observers of a channel / no longer has any. The leader
 *   holds one observer of its own channel per wanting tab, so one wire subscription serves all tabs
 *   and the wire unsubscribe comes only after the last observer in the last tab left.
 * - `bye`: a follower tab lets go of every channel it wanted (it closed, or its link dropped).
 * - `live` / `denied`: the leader's answer to a tab's `want`: subscribed on the wire / refused.
 * - `sync`: a tab just started listening; followers tell the leader again what they want.
 */
export type RpcTabMessage =
  | ({ type: 'want' | 'unwant' | 'live'; tab: string } & TabChannelRef)
  | ({ type: 'denied'; tab: string; code: string; message: string } & TabChannelRef)
  | { type: 'bye'; tab: string }
  | { type: 'sync' };

/** A message as posted: marked and versioned. */
export type RpcTabEnvelope = RpcTabMessage & { mark: typeof MARK; v: typeof RPC_TAB_PROTOCOL_VERSION };

/** Wraps a message for posting. */
export function rpcTabEnvelope(message: RpcTabMessage): RpcTabEnvelope {
  return { ...message, mark: MARK, v: RPC_TAB_PROTOCOL_VERSION };
}

const isString = (value: unknown): value is string => typeof value === 'string';

/** The channel a message names, if its fields have the right types. */
function channelRef(m: Record<string, unknown>): TabChannelRef | undefined {
  const name = m['name'];
  const event = m['event'];
  if (!isString(name) || (event !== undefined && !isString(event))) return undefined;
  return event === undefined ? { name } : { name, event };
}

/**
 * Checks a message that arrived from another tab. Anything may arrive on the channel (an app posting
 * to a name it guessed, an older build, a broken extension): what is not one of ours, well formed,
 * is answered with `undefined` and never trusted.
 */
export function parseRpcTabMessage(data: unknown): RpcTabMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as Record<string, unknown>;
  if (m['mark'] !== MARK || m['v'] !== RPC_TAB_PROTOCOL_VERSION) return undefined;
  const type = m['type'];
  const tab = m['tab'];
  if (type === 'sync') return { type };
  if (!isString(tab)) return undefined;
  if (type === 'bye') return { type, tab };
  const ref = channelRef(m);
  if (!ref) return undefined;
  if (type === 'want' || type === 'unwant' || type === 'live') return { type, tab, ...ref };
  if (type === 'denied' && isString(m['code']) && isString(m['message'])) {
    return { type, tab, code: m['code'], message: m['message'], ...ref };
  }
  return undefined;
}

/** The BroadcastChannel name of a share key. */
export function rpcTabChannelName(key: string): string {
  return `rxwire:rpc-tabs:v${RPC_TAB_PROTOCOL_VERSION}:${key}`;
}

/** One string per channel, the key of the maps on both sides. */
export function tabChannelKey(ref: TabChannelRef): string {
  return `${ref.name}\u0000${ref.event ?? ''}`;
}
