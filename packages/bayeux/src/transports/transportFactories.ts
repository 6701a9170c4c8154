import type { Clock, Logger, RxwireError } from '@rxwire/core';
import type { BayeuxClientOptions } from '../bayeuxClientOptions.js';
import type { ConnectionType } from '../message.js';
import type { ConnectionTypes } from '../session/connectionTypePicker.js';
import type { CookieJar } from './cookieJar.js';
import type { HttpAgents } from './httpPlatform.js';
import type { BayeuxTransport, JsonFunctions, TransportSink } from './transport.js';

/** What every transport gets from the client that makes it. @internal */
export interface TransportContext {
  /** The client's options (each transport takes what concerns it). */
  options: BayeuxClientOptions;
  /** The current server URL (it may change when failing over). */
  url: () => string;
  /**
   * Whether a URL is one the app gave. Only those get the app's headers, cookies and TLS client
   * options: a server's `advice.hosts` may point anywhere.
   */
  isAppUrl: (url: string) => boolean;
  json: JsonFunctions;
  clock: Clock;
  /** Where the transport delivers what it received (the session's dispatcher). */
  sink: TransportSink;
  headers: Record<string, string>;
  /** Node: the cookies the client keeps (none in browsers, and none without an HTTP transport). */
  cookies: CookieJar | undefined;
  /** Node: keep-alive agents for HTTP. */
  agents: HttpAgents | undefined;
  logger: Logger;
  /** Problems the transport survives (bad frames...). */
  onError: (error: RxwireError) => void;
}

/** Makes the transport of one connection type. @internal */
export type TransportFactory = (context: TransportContext) => BayeuxTransport;

/**
 * The transports an entry point offers: `@rxwire/bayeux` both, `@rxwire/bayeux/websocket` the
 * WebSocket only, so that an app that imports it bundles no long-polling, HTTP handshake or cookie
 * jar. The first type listed is the preferred one. @internal
 */
export interface TransportKit {
  factories: Partial<Record<ConnectionType, TransportFactory>>;
  /** Which of `types` the session uses, and when it falls back or back up (one type: never). */
  connectionTypes: (types: ConnectionType[], clock: Clock, upgradeAfterMs: number) => ConnectionTypes;
  /** Node: the cookie jar and keep-alive agents HTTP needs (browsers keep their own). */
  http?: {
    cookieJar: (now: () => number) => CookieJar | undefined;
    agents: (tls: Record<string, unknown> | undefined) => HttpAgents | undefined;
  };
}
