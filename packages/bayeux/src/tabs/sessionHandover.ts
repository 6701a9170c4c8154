import type { ContinuityWitness } from '../continuityWitness.js';
import type { Extension } from '../extension.js';
import type { Advice, ConnectionType } from '../message.js';
import type { BayeuxSession } from '../session/bayeuxSession.js';
import type { ContinuedSession } from '../session/sessionPorts.js';

/**
 * The leader tab's Bayeux session as it shares it with the other tabs, so that the tab that takes
 * over can continue it (same clientId, no handshake) instead of starting a new one. JSON, checked on
 * arrival like every message between tabs (see {@link isSavedSession}).
 * @internal
 */
export interface SavedSession {
  clientId: string;
  connectionType: ConnectionType;
  /** The server's advice so far: it sends only changes, so the next tab would not learn it again. */
  advice: Advice;
  /** What each extension with a `handover` knows of the session (the ack extension: the last batch passed on), by key. */
  ext: Record<string, unknown>;
  /** The channels the server held for the session: they held in it without a break. */
  subscriptions: string[];
}

/** What the client lends its tab share for this: its session, extensions and continuity witness. @internal */
export interface SessionParts {
  current: () => BayeuxSession | undefined;
  extensions: readonly Extension[];
  witness: Pick<ContinuityWitness, 'heldIn'>;
  /** The next session this tab starts continues `continued` (undefined: a handshake, as without). */
  continueWith: (continued?: ContinuedSession) => void;
}

/**
 * The session to share, or `undefined` when there is none worth continuing: without an extension
 * that proves continuity (the ack extension, enabled by the server), a new session loses no more
 * than a continued one, and the channels say 'gap' either way. `live`: the channels that hold now.
 */
export function saveSession(parts: SessionParts, live: () => string[]): SavedSession | undefined {
  const session = parts.current();
  const clientId = session?.clientId;
  const connectionType = session?.connectionType;
  if (!session || session.isClosed || clientId === undefined || connectionType === undefined) return undefined;
  const ext: Record<string, unknown> = {};
  for (const { handover } of parts.extensions) {
    const saved = handover?.save();
    if (handover && saved !== undefined) ext[handover.key] = saved;
  }
  if (Object.keys(ext).length === 0) return undefined;
  return { clientId, connectionType, advice: session.advice, ext, subscriptions: live() };
}

/**
 * This tab leads now: its next session continues `saved` (the extensions and the continuity witness
 * restored as the last leader left them), or starts afresh without one. A server that forgot the
 * session answers with handshake advice; then a new session follows, and the channels say 'gap'.
 */
export function continueSession(saved: SavedSession | undefined, parts: SessionParts): void {
  if (!saved) return parts.continueWith(undefined);
  for (const { handover } of parts.extensions) if (handover) handover.restore(saved.ext[handover.key]);
  parts.witness.heldIn(saved.subscriptions, saved.clientId);
  parts.continueWith({ clientId: saved.clientId, connectionType: saved.connectionType, advice: saved.advice });
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const CONNECTION_TYPES: readonly unknown[] = ['websocket', 'long-polling'];

/** Whether `value` (from another tab) is a well-formed {@link SavedSession}. */
export function isSavedSession(value: unknown): value is SavedSession {
  if (!isRecord(value)) return false;
  const { clientId, connectionType, advice, ext, subscriptions } = value;
  return (
    typeof clientId === 'string' &&
    clientId !== '' &&
    CONNECTION_TYPES.includes(connectionType) &&
    isRecord(advice) &&
    isRecord(ext) &&
    Array.isArray(subscriptions) &&
    subscriptions.every((s) => typeof s === 'string')
  );
}
