import type { Frame } from '../codec.js';
import type { CloseInfo } from '../types.js';

/**
 * The protocol version of the messages between tabs. It is part of the lock and channel names, so
 * tabs loaded before and after a deploy that changed these messages never talk to each other.
 */
export const TAB_PROTOCOL_VERSION = 1;

/** Marks our messages, so a foreign message on the channel is recognised as such. */
const MARK = 'rxwire-tabs';

/**
 * The messages tabs exchange over the BroadcastChannel of one share key.
 * - `frame`: the leader got a frame from the server (every follower delivers it).
 * - `send`: a follower hands a frame to the leader, which sends it on its socket.
 * - `up` / `down`: the leader's socket opened / closed (`close` says how).
 * - `hello`: a follower asks the leader where its socket stands (answered with `up` or `down`).
 * - `leader`: a tab just became leader: sockets routed through an earlier leader are gone.
 * - `visible`: a tab's visibility, for `idleWhenHiddenMs` over all tabs.
 */
export type TabMessage =
  | { type: 'frame'; frame: Frame }
  | { type: 'send'; frame: Frame }
  | { type: 'up' }
  | { type: 'down'; close: CloseInfo }
  | { type: 'hello' }
  | { type: 'leader' }
  | { type: 'visible'; tab: string; visible: boolean };

/** A message as posted: marked and versioned. */
export type TabEnvelope = TabMessage & {
  mark: typeof MARK;
  v: typeof TAB_PROTOCOL_VERSION;
};

/** Wraps a message for posting. */
export function envelope(message: TabMessage): TabEnvelope {
  return { ...message, mark: MARK, v: TAB_PROTOCOL_VERSION };
}

const isFrame = (value: unknown): value is Frame => typeof value === 'string' || value instanceof ArrayBuffer;

function isCloseInfo(value: unknown): value is CloseInfo {
  if (typeof value !== 'object' || value === null) return false;
  const info = value as Record<string, unknown>;
  return typeof info['code'] === 'number' && typeof info['reason'] === 'string' && typeof info['wasClean'] === 'boolean';
}

/**
 * Checks a message that arrived from another tab. Anything else may arrive on the channel (an app
 * posting to a name it guessed, a broken extension): it is answered with `undefined`, never trusted.
 */
export function parseTabMessage(data: unknown): TabMessage | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as Record<string, unknown>;
  if (m['mark'] !== MARK || m['v'] !== TAB_PROTOCOL_VERSION) return undefined;
  switch (m['type']) {
    case 'frame':
    case 'send':
      return isFrame(m['frame']) ? { type: m['type'], frame: m['frame'] } : undefined;
    case 'up':
    case 'hello':
    case 'leader':
      return { type: m['type'] };
    case 'down':
      return isCloseInfo(m['close']) ? { type: 'down', close: m['close'] } : undefined;
    case 'visible':
      return typeof m['tab'] === 'string' && typeof m['visible'] === 'boolean'
        ? { type: 'visible', tab: m['tab'], visible: m['visible'] }
        : undefined;
    default:
      return undefined;
  }
}

/** The lock and BroadcastChannel name of a share key. */
export function tabChannelName(key: string): string {
  return `rxwire:tabs:v${TAB_PROTOCOL_VERSION}:${key}`;
}
