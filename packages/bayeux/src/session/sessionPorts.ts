import type { Clock, ConnectionState, ReconnectOptions, RxwireError } from '@rxwire/core';
import type { BayeuxError } from '../bayeuxError.js';
import type { Advice, BayeuxMessage, ConnectionType } from '../message.js';
import type { ConnectionTypes } from './connectionTypePicker.js';

/** What the session asks of the transports below it, as values: it never does I/O itself. @internal */
export type TransportEffect =
  /** Send one message over that connection type (the wire batches and runs extensions). */
  | { type: 'send'; message: BayeuxMessage; via: ConnectionType }
  /** Open that transport's connection ahead of use, sending nothing (the WebSocket, while the first handshake goes over HTTP). */
  | { type: 'open'; via: ConnectionType }
  /** Drop that transport's connections: a held connect or a handshake got no reply in time. */
  | { type: 'reset'; via: ConnectionType }
  /**
   * A pause lasted as long as the server session allows (half its maxInterval): the session fetches
   * again, and paused transports read again too; the overflow policy deals with what does not fit.
   */
  | { type: 'resume' };

/** What the session tells the client above it. @internal */
export type SessionEvent =
  | { type: 'state'; state: ConnectionState }
  | { type: 'connectionType'; connectionType: ConnectionType | undefined }
  | { type: 'subscribed'; channel: string; subscribed: boolean }
  | { type: 'subscribeDenied'; channel: string; error: BayeuxError }
  /** A problem worth reporting that does not end the session. */
  | { type: 'error'; error: RxwireError }
  /** The session ended for good: `error` is undefined after a clean disconnect. */
  | { type: 'closed'; error: RxwireError | undefined }
  /** The server sent advice (the client may use `hosts`). */
  | { type: 'advice'; advice: Advice }
  /** A handshake or connect failed on the network: the client may move to another server URL. */
  | { type: 'networkFailure' };

/**
 * Where the session's output goes: effects down to the transports, events up to the client, and
 * messages on (non-meta) channels on to the channels. Three one-way outlets: nothing the session
 * hands out calls back into it. @internal
 */
export interface SessionPorts {
  transports(effect: TransportEffect): void;
  events(event: SessionEvent): void;
  /** A message on a (non-meta) channel, after the session checked it. */
  deliver(message: BayeuxMessage): void;
}

/** Options of the session. @internal */
export interface SessionOptions {
  clock: Clock;
  random?: (() => number) | undefined;
  /** The connection types in preference order, and when to fall back or back up. */
  connectionTypes: ConnectionTypes;
  /** `false`: a network failure ends the session. @default true */
  reconnect?: ReconnectOptions | boolean | undefined;
  /** Time without a session before giving up; null: never. */
  connectionTimeoutMs: number | null;
  /** Whether connectionTimeoutMs also applies to outages after the first session. */
  connectionTimeoutExplicit: boolean;
  /** Added to advice.timeout to wait for a held connect. @default 5000 */
  connectTimeoutMarginMs?: number | undefined;
  /** Time for any non-held request to get its reply. @default 10000 */
  requestTimeoutMs?: number | undefined;
  /** Called once when a handshake is denied; the handshake is then retried. */
  authenticate?: (() => Promise<void>) | undefined;
  /** Publishes waiting for the session. @default 1000 */
  maxQueuedPublishes?: number | undefined;
}

/** A session another tab ran, continued in this one (`share: 'tabs'`). @internal */
export interface ContinuedSession {
  clientId: string;
  connectionType: ConnectionType;
  advice: Advice;
}
