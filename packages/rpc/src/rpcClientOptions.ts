import type { Clock, HeadersSource, HeartbeatOptions, LoggerOption, PageLifecycle, ReconnectOptions, TlsOptions, UrlSource, WebSocketConstructor } from '@rxwire/core';
import type { Protocol } from './protocol.js';
import type { ProtocolName } from './protocolNames.js';

/** Options of `RpcClient`. */
export interface RpcClientOptions {
  /**
   * `ws(s)://` (an `http(s)://` url has its scheme swapped), or a function (sync or async) called
   * before every (re)connect attempt, e.g. to put a fresh token in the URL. A function that throws or
   * rejects is a failed attempt (backoff applies); its error is the `cause` on `errors$`.
   */
  url: UrlSource;
  /** The dialect, by name or as a {@link Protocol} object. @default 'aio-openapi' */
  protocol?: ProtocolName | Protocol;
  /** Default time a call (or `connect()`) may take. `Infinity` waits forever. @default 30_000 */
  timeoutMs?: number;
  /** Calls on the wire at once; the rest wait in call order. @default Infinity */
  maxInFlight?: number;
  /** Calls that may wait (while reconnecting, or behind `maxInFlight`); more reject with `BUFFER_OVERFLOW`. @default 10_000 */
  queueLimit?: number;
  /** The WebSocket class. @default isomorphic-ws (`ws` in Node, the global `WebSocket` in browsers) */
  WebSocket?: WebSocketConstructor;
  /** `false` turns reconnecting off. @default exponential backoff with full jitter, forever */
  reconnect?: ReconnectOptions | boolean;
  /** Half-open detection. @default core's default (ping frames in Node) */
  heartbeat?: HeartbeatOptions | false;
  /** JSON as base64 in binary frames (aiorest-ws). @default false */
  binary?: boolean;
  /** JSON-RPC: calls and notifications issued in the same microtask go out as one batch frame. @default false */
  batch?: boolean;
  /** Grace period before a channel's wire unsubscribe after its last observer left. @default 100 */
  channelGraceMs?: number;
  /**
   * Inbound frames larger than this (characters of a text frame, bytes of a binary one) are discarded
   * unread and reported on `errors$` as `MESSAGE_TOO_LARGE`; the connection carries on. A call whose
   * reply was discarded settles by its timeout. @default unlimited
   */
  maxMessageSize?: number;
  /** Node only: TLS trust for `wss://` (e.g. `{ ca }` for a self-signed certificate). */
  tls?: TlsOptions;
  /** Node only: headers on the WebSocket upgrade, or a function (sync or async) called before every attempt. */
  headers?: HeadersSource;
  /** Where errors nobody observes on `errors$` go: a function, `console` (or pino, winston), or `false`. @default console.warn */
  logger?: LoggerOption;
  /**
   * One connection for every tab of an origin (browsers): clients with the same key in same-origin
   * tabs share one WebSocket, held by an elected leader tab (Web Locks + BroadcastChannel); channel
   * subscriptions are counted across tabs, replies reach only the calling tab, and when the leader
   * tab goes away another takes over, reconnects and resubscribes (continuity 'gap'). `'tabs'` keys by
   * dialect and url (a `url` function needs `{ key }`). Ignored (`role$` 'alone') where Web Locks or
   * BroadcastChannel are missing: Node, old browsers, insecure (non-https, non-localhost) pages.
   * @default off
   */
  share?: 'tabs' | { key: string };
  /**
   * Close the WebSocket after the page has been hidden this long, and open it again when the page is
   * visible: channels resubscribe (continuity 'gap'). Calls on the wire when it closes reject with
   * `CONNECTION_LOST` (or re-send, with `retry`); calls made meanwhile wait in the queue (see
   * `queueLimit`, `timeoutMs`). With `share`: only when every tab is hidden. @default off
   */
  idleWhenHiddenMs?: number;
  /**
   * The page's lifecycle: the WebSocket closes cleanly on `pagehide` into the back/forward cache and
   * on `freeze`, and reconnects (channels resubscribe, continuity 'gap') on `pageshow` and `resume`.
   * `false` ignores it; a fake in tests. @default the page's events, where there is a document
   */
  pageLifecycle?: PageLifecycle | false;
  /** Time for every timeout and delay (a virtual clock in tests). @default the global timers */
  clock?: Clock;
}
