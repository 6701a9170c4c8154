import type { Clock, ConnectionState, ReconnectOptions, RxwireError } from '@rxwire/core';
import type { BayeuxError } from './bayeuxError.js';
import type { Advice, BayeuxMessage, ConnectionType } from './message.js';

/** Where the session engine sends its output. The engine never does I/O itself. @internal */
export interface SessionHost {
  /** Sends one message over the given connection type (the host batches and runs extensions). */
  send(message: BayeuxMessage, connectionType: ConnectionType): void;
  /** Opens a transport's connection ahead of use, sending nothing (the WebSocket, while the first handshake goes over HTTP). */
  open?(connectionType: ConnectionType): void;
  /** Drops the connections of a transport: a held connect or a handshake got no reply in time. */
  reset(connectionType: ConnectionType): void;
  onState(state: ConnectionState): void;
  onConnectionType(connectionType: ConnectionType | undefined): void;
  /** A message delivered on a (non-meta) channel. */
  onEvent(message: BayeuxMessage): void;
  onSubscribed(channel: string, subscribed: boolean): void;
  onSubscribeDenied(channel: string, error: BayeuxError): void;
  /** A problem worth reporting that does not end the session. */
  onError(error: RxwireError): void;
  /** The session ended for good: `error` is undefined after a clean disconnect. */
  onClosed(error: RxwireError | undefined): void;
  /** The server sent advice (the host may use `hosts`). */
  onAdvice?(advice: Advice): void;
  /** A handshake or connect failed on the network; the host may move to another server URL. */
  onNetworkFailure?(): void;
  /**
   * A pause lasted as long as the server session allows (half its maxInterval): the session fetches
   * again, and the host resumes what it paused too (a paused WebSocket); from now on the overflow
   * policy deals with what does not fit.
   */
  onHoldExpired?(): void;
}

/** Options of the session engine. @internal */
export interface SessionOptions {
  clock: Clock;
  random?: (() => number) | undefined;
  /** Preference order. */
  connectionTypes: ConnectionType[];
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
  /** After falling back from a WebSocket, try it again this much later. @default 60000 */
  upgradeAfterMs?: number | undefined;
}
