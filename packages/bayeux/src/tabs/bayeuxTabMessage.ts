import type { ConnectionState } from '@rxwire/core';
import type { ConnectionType } from '../message.js';
import { isSavedSession, type SavedSession } from './sessionHandover.js';

/**
 * The protocol version of the messages between the tabs of a shared `BayeuxClient`. It is part of
 * the lock and BroadcastChannel name, so tabs loaded before and after a deploy that changed these
 * messages never talk to each other.
 */
export const BAYEUX_TAB_PROTOCOL_VERSION = 2;

/** Marks our messages, so a foreign message on the channel is recognised as such. */
const MARK = 'rxwire-bayeux-tabs';

/** What a follower asks the leader to do for it; the leader answers with a `result`. */
export type TabCallOp = 'publish' | 'request' | 'connect';

/**
 * What the tabs of one share key tell each other. The leader tab runs the one Bayeux session; the
 * others (followers) go through it.
 * - `hello`: a follower asks where the session stands (answered with `session`).
 * - `leader`: a tab just became leader: what went through an earlier leader is gone.
 * - `session`: the leader's session state, connection type and clientId, whenever they change.
 * - `events`: the messages the server delivered on (non-service) channels in one batch; every tab
 *   routes them to its own observers. With them, the session as it stands after that batch (see
 *   `SavedSession`), where it is worth continuing: in the same message, so that no tab holds a
 *   session that claims (acknowledges) a batch whose messages it has not delivered.
 * - `want` / `unwant` / `bye`: a follower has observers of a channel / has none left / lets go of
 *   every channel. The leader holds one observer of its own channel per wanting tab.
 * - `status` / `denied`: the leader's channel holds (`live`) or was lost, or the server refused it.
 * - `call` / `result`: a follower's publish, request or connect, run by the leader, answered to the
 *   calling tab only (its `tab` and `id`).
 */
export type BayeuxTabMessage =
  | { type: 'hello' | 'leader' }
  | { type: 'session'; state: ConnectionState; connectionType?: ConnectionType; clientId?: string }
  | { type: 'events'; events: TabEvent[]; session?: SavedSession }
  | { type: 'want' | 'unwant'; tab: string; channel: string }
  | { type: 'bye'; tab: string }
  | { type: 'status'; tab: string; channel: string; live: boolean; recovered: boolean }
  | { type: 'denied'; tab: string; channel: string; code: string; message: string }
  | { type: 'call'; tab: string; id: number; op: TabCallOp; channel: string; data: unknown; timeoutMs?: number }
  | ({ type: 'result'; tab: string; id: number } & TabCallResult);

/** A message the server delivered, as it crosses between tabs. */
export type TabEvent = { channel: string; data: unknown; id?: string };

/** How a call ended: its value, or the error (its class name, code and message; the rest stays behind). */
export type TabCallResult = { ok: true; value: unknown } | { ok: false; name: string; code: string; message: string };

const STATES: readonly string[] = ['idle', 'connecting', 'connected', 'reconnecting', 'closed'];
const OPS: readonly string[] = ['publish', 'request', 'connect'];
const isString = (value: unknown): value is string => typeof value === 'string';
const isOptional = (value: unknown, check: (value: unknown) => boolean): boolean => value === undefined || check(value);
const isEvent = (value: unknown): boolean => {
  const e = value as Record<string, unknown> | null;
  return typeof e === 'object' && e !== null && isString(e['channel']) && 'data' in e && isOptional(e['id'], isString);
};

/** Checks the fields each type needs; the type itself is checked by the caller. */
function wellFormed(m: Record<string, unknown>): boolean {
  const { tab, channel } = m;
  switch (m['type']) {
    case 'hello':
    case 'leader':
      return true;
    case 'session':
      return STATES.includes(m['state'] as string) && isOptional(m['connectionType'], isString) && isOptional(m['clientId'], isString);
    case 'events':
      return Array.isArray(m['events']) && m['events'].every(isEvent) && isOptional(m['session'], isSavedSession);
    case 'want':
    case 'unwant':
      return isString(tab) && isString(channel);
    case 'bye':
      return isString(tab);
    case 'status':
      return isString(tab) && isString(channel) && typeof m['live'] === 'boolean' && typeof m['recovered'] === 'boolean';
    case 'denied':
      return isString(tab) && isString(channel) && isString(m['code']) && isString(m['message']);
    case 'call':
      return isString(tab) && typeof m['id'] === 'number' && OPS.includes(m['op'] as string) && isString(channel) && isOptional(m['timeoutMs'], (t) => typeof t === 'number');
    case 'result':
      return isString(tab) && typeof m['id'] === 'number' && (m['ok'] === true ? 'value' in m : m['ok'] === false && isString(m['name']) && isString(m['code']) && isString(m['message']));
    default:
      return false;
  }
}

/** How these messages cross between tabs: marked and versioned, and checked on arrival (core's TabCodec). */
export const bayeuxTabCodec = {
  wrap: (message: BayeuxTabMessage): unknown => ({ ...message, mark: MARK, v: BAYEUX_TAB_PROTOCOL_VERSION }),
  /**
   * Anything may arrive on the channel (an app posting to a name it guessed, a broken extension):
   * what is not one of ours and well formed is answered with `undefined`, never trusted.
   */
  parse(data: unknown): BayeuxTabMessage | undefined {
    if (typeof data !== 'object' || data === null) return undefined;
    const m = data as Record<string, unknown>;
    if (m['mark'] !== MARK || m['v'] !== BAYEUX_TAB_PROTOCOL_VERSION || !wellFormed(m)) return undefined;
    const { mark: _mark, v: _v, ...message } = m;
    return message as BayeuxTabMessage;
  },
};

/** The lock and BroadcastChannel name of a share key. */
export function bayeuxTabChannelName(key: string): string {
  return `rxwire:bayeux-tabs:v${BAYEUX_TAB_PROTOCOL_VERSION}:${key}`;
}
