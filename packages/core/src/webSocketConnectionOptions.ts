import type { ReconnectOptions } from './backoff.js';
import type { Clock } from './clock.js';
import type { WireTap } from './inspect/wireTap.js';
import type { Codec } from './codec.js';
import type { HeadersSource, UrlSource } from './credentials.js';
import type { LoggerOption } from './logger.js';
import type { NetworkStatus } from './networkStatus.js';
import type { PageLifecycle } from './pageLifecycle.js';
import type { WebSocketConstructor } from './webSocketLike.js';

/** Half-open detection. */
export interface HeartbeatOptions {
  /** Quiet time (no inbound traffic) before a ping is sent. @default 15_000 */
  intervalMs?: number;
  /** Time the peer has to show life after a ping before the socket is replaced. @default 10_000 */
  timeoutMs?: number;
  /**
   * An application-level ping, for browsers (which cannot send ping frames) or servers that ignore
   * them: returns the message to send. Any inbound message counts as life.
   */
  ping?: () => unknown;
  /** Use WebSocket ping frames where the socket supports them (Node's `ws`). @default true */
  useFrames?: boolean;
}

/** Node-only TLS options for `wss://` (ignored by browsers, which use the system trust store). */
export interface TlsOptions {
  /** Extra trusted certificate authorities, e.g. a self-signed test certificate. */
  ca?: string | Uint8Array | Array<string | Uint8Array>;
  cert?: string | Uint8Array;
  key?: string | Uint8Array;
  servername?: string;
}

/** Options of {@link webSocketConnection}. */
export interface WebSocketConnectionOptions<T = unknown> {
  /**
   * `ws(s)://` (an `http(s)://` URL has its scheme swapped), or a function (sync or async) called
   * before every attempt, e.g. to put a fresh token in the URL. A function that throws or rejects is
   * a failed attempt (backoff applies); its error is the `cause` on `errors$`.
   */
  url: UrlSource;
  /** WebSocket subprotocols offered to the server (`Sec-WebSocket-Protocol`). */
  protocols?: string | string[];
  /** Turns messages into frames and back. @default jsonCodec() */
  codec?: Codec<T>;
  /** The WebSocket class. @default isomorphic-ws (`ws` in Node, the global `WebSocket` in browsers) */
  WebSocket?: WebSocketConstructor;
  /** `false` turns reconnecting off. @default exponential backoff with full jitter */
  reconnect?: ReconnectOptions | boolean;
  /** `false` turns half-open detection off. @default on (ping frames in Node) */
  heartbeat?: HeartbeatOptions | false;
  /** Time an attempt may take to open. @default 10_000 */
  connectTimeoutMs?: number;
  /** Where sends wait while not connected. @default { limit: 1000, overflow: 'error' } */
  sendBuffer?: { limit?: number; overflow?: 'drop-oldest' | 'drop-newest' | 'error' };
  /** Stop writing to the socket above this many buffered bytes... @default 1_048_576 */
  highWaterMark?: number;
  /** ...and resume below this many. @default 262_144 */
  lowWaterMark?: number;
  /** Inbound frames larger than this are discarded with `MESSAGE_TOO_LARGE`. @default unlimited */
  maxMessageSize?: number;
  /** Wait for `connect()`, a send or a `messages$` observer before connecting. @default false */
  lazy?: boolean;
  /** Node only: headers on the upgrade request, or a function (sync or async) called before every attempt. */
  headers?: HeadersSource;
  /** Node only: TLS trust for `wss://`. */
  tls?: TlsOptions;
  /**
   * While offline, reconnect attempts wait; going online retries at once. `false` ignores it.
   * @default navigator.onLine and the window's online/offline events, where they exist
   */
  network?: NetworkStatus | false;
  /** Where errors nobody observes on `errors$` go: a function, `console` (or pino, winston), or `false`. @default console.warn */
  logger?: LoggerOption;
  /**
   * One connection for every tab of this origin (browsers): the elected leader tab holds the only
   * WebSocket, the other tabs send and receive through it (Web Locks + BroadcastChannel). Tabs
   * share when their keys match; `'tabs'` keys by url (a `url` function needs `{ key }`). Ignored
   * (`role$` 'alone') where Web Locks or BroadcastChannel are missing: Node, insecure contexts.
   * @default off
   */
  share?: 'tabs' | { key: string };
  /**
   * Close the socket after the page has been hidden this long, and open it again when the page is
   * visible (with `share`: only when every tab is hidden). @default off
   */
  idleWhenHiddenMs?: number;
  /**
   * The page's lifecycle: the socket closes on `pagehide` into the back/forward cache and on
   * `freeze`, and reconnects on `pageshow` and `resume`. `false` ignores it.
   * @default the page's events, where there is a document
   */
  pageLifecycle?: PageLifecycle | false;
  /** Time for every timeout and delay (a virtual clock in tests). @default the global timers */
  clock?: Clock;
  /** Random numbers for the backoff's jitter (a fixed sequence in tests). @default Math.random */
  random?: () => number;
  /**
   * Where the connection's wire hooks go: a client built on the connection (RpcClient) lends its
   * own tap, so its `inspect$` shows frames, calls and replies in one stream. @internal
   */
  wireTap?: WireTap;
}
