import { defaultFetch, type Logger, type RxwireError } from '@rxwire/core';
import type { BayeuxClientOptions } from '../bayeuxClientOptions.js';
import { LongPollingTransport, type LongPollingOptions } from '../longPollingTransport.js';
import type { ConnectionType } from '../message.js';
import type { BayeuxTransport } from '../transport.js';
import { WebSocketTransport } from '../webSocketTransport.js';

/** What both transports take alike from the client. @internal */
export type SharedTransportOptions = Pick<LongPollingOptions, 'url' | 'json' | 'clock' | 'sink' | 'cookies' | 'maxMessageSize'> & {
  headers: Record<string, string>;
};

/**
 * The transport for a connection type, configured from the client's options: which option goes to
 * which transport, and the timeouts derived from `requestTimeoutMs`. Apart from the client because it
 * is configuration only: the client decides when a transport is made and what it is wired to.
 * @internal
 */
export function createTransport(
  type: ConnectionType,
  o: BayeuxClientOptions,
  shared: SharedTransportOptions,
  agent: unknown,
  logger: Logger,
  onError: (error: RxwireError) => void,
): BayeuxTransport {
  const requestTimeoutMs = o.requestTimeoutMs ?? 10_000;
  return type === 'websocket'
    ? new WebSocketTransport({
        ...shared,
        webSocketUrl: o.webSocketUrl,
        WebSocket: o.WebSocket,
        tls: o.tls,
        openTimeoutMs: requestTimeoutMs,
        logger,
        onError,
      })
    : new LongPollingTransport({
        ...shared,
        fetch: o.fetch ?? defaultFetch(),
        credentials: shared.cookies ? undefined : 'include',
        agent,
        requestTimeoutMs: requestTimeoutMs + 5_000,
      });
}
