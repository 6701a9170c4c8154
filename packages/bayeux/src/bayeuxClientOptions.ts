import type { Clock, FetchLike, HeadersSource, LoggerOption, NetworkStatus, OverflowPolicy, PageLifecycle, ReconnectOptions, TlsOptions, WebSocketConstructor } from '@rxwire/core';
import type { AuthExtension, Extension } from './extension.js';
import type { ConnectionType } from './message.js';

/** Options of {@link BayeuxClient}. */
export interface BayeuxClientOptions {
  /**
   * The server URL (`http(s)://`), or a list of cluster nodes to fail over between, or a function
   * (sync or async) that gives the URL, called before every handshake and every reconnect (e.g. to
   * put a fresh token in it). A function that throws or rejects is a failed attempt (backoff
   * applies); its error is the `cause` on `errors$`.
   */
  url: string | string[] | (() => string | Promise<string>);
  /**
   * Whether to fail over to the hosts servers list in `advice.hosts` as well: `true`, or a function
   * that allows some (`(url) => url.endsWith('.example.com/cometd')`). At most 16 are kept. Those
   * hosts never get the app's headers, cookies, TLS client certificate or `auth` extension: a
   * server's advice is not the app's word. @default false (as Faye's and CometD's clients)
   */
  followAdviceHosts?: boolean | ((url: string) => boolean);
  /** Connection types in preference order. @default ['websocket', 'long-polling'] */
  connectionTypes?: ConnectionType[];
  /** Hooks on every message in and out, meta messages included. */
  extensions?: Extension[];
  /** An extension whose `authenticate()` runs when a handshake is denied (then the handshake is retried once). */
  auth?: AuthExtension;
  /**
   * How long `connect()` keeps trying before it rejects with `TransportTimeoutError`. When set
   * explicitly, later outages also end (every channel errors) after that long without a session.
   * `null`: retry forever. @default 10000
   */
  connectionTimeoutMs?: number | null;
  /** Messages the client's async iterators may buffer in total before it stops fetching. @default 100 */
  maxPendingCount?: number;
  /** What an async iterator does when its buffer is full. @default 'drop-oldest' */
  overflow?: OverflowPolicy;
  /** Custom JSON. @default JSON */
  json?: { stringify?: (value: unknown) => string; parse?: (text: string) => unknown };
  /** The `fetch` for long-polling and the HTTP handshake. @default one over node:http(s) in Node (it honours `tls`), the global fetch in browsers */
  fetch?: FetchLike;
  /** The WebSocket class. @default ws in Node, the global WebSocket in browsers */
  WebSocket?: WebSocketConstructor;
  /** The WebSocket URL, when it is not `url` with its scheme swapped to ws(s). */
  webSocketUrl?: string;
  /**
   * Headers on every HTTP request (and, Node only, on the WebSocket upgrade), or a function (sync or
   * async) that gives them, called like a `url` function.
   */
  headers?: HeadersSource;
  /** Reconnect backoff; `false` turns reconnecting off (a network failure ends the session). */
  reconnect?: ReconnectOptions | boolean;
  /**
   * Inbound WebSocket frames above this size (characters) are discarded and reported on `errors$`
   * (`MESSAGE_TOO_LARGE`), the socket carries on. A long-polling response above it is discarded
   * too: its request fails with that error (a connect is then retried, the session kept).
   */
  maxMessageSize?: number;
  /** Node only: TLS trust for https and wss. */
  tls?: TlsOptions;
  /** Where errors nobody observes on `errors$` go: a function, `console` (or pino, winston), or `false`. @default console.warn */
  logger?: LoggerOption;
  /** Added to the server's advice.timeout to wait for a held `/meta/connect`. @default 5000 */
  connectTimeoutMarginMs?: number;
  /** Time any other request has to get its reply. @default 10000 */
  requestTimeoutMs?: number;
  /** After falling back from the WebSocket, try it again this much later. @default 60000 */
  upgradeAfterMs?: number;
  /** Publishes that may wait for the connection; more are rejected with code BUFFER_OVERFLOW. @default 1000 */
  maxQueuedPublishes?: number;
  /** Delay of the wire unsubscribe after a channel's last observer left. @default 100 */
  unsubscribeGraceMs?: number;
  /**
   * While offline, retries wait; back online, the client retries at once. `false` ignores it.
   * @default navigator.onLine and the window's online/offline events, where they exist
   */
  network?: NetworkStatus | false;
  /**
   * Without `share`: close the transport after the page has been hidden this long, and reconnect when
   * it is visible, as for `pageLifecycle`. With `share`, ignored while tabs share (the tab share follows
   * the page); a client whose `share` runs alone ('alone', see `share`) applies it as without `share`. @default off
   */
  idleWhenHiddenMs?: number;
  /**
   * The page's lifecycle: on `pagehide` into the back/forward cache and on `freeze` the transport
   * closes cleanly, without a goodbye (the server keeps the session a while); what was in flight or
   * is asked meanwhile (publish, request, connect) rejects with `CONNECTION_LOST`, and channels wait
   * ('reconnecting'). On `pageshow` and `resume` the client continues the session, or handshakes
   * anew if the server forgot it, resubscribes every channel and reports its continuity. With
   * `share`, a leader tab hands over instead (see `share`), unless the share runs alone ('alone'): then
   * as without `share`. A `pagehide` for good says goodbye
   * (`disconnect()`). `false` ignores the lifecycle; a fake in tests.
   * @default the page's events, where there is a document
   */
  pageLifecycle?: PageLifecycle | false;
  /** Time for every timeout and delay (a virtual clock in tests). @default the global timers */
  clock?: Clock;
  /** Random numbers for the backoff's jitter (a fixed sequence in tests). @default Math.random */
  random?: () => number;
  /**
   * One Bayeux session for every same-origin tab (browsers): clients with the same key (`'tabs'`:
   * the url; a `url` function needs `{ key }`) elect a leader tab (Web Locks + BroadcastChannel) that
   * holds the only connection and session; the other tabs go through it. Channels are counted
   * across tabs (one wire subscribe), replies reach the calling tab only, and when the leader goes
   * another tab takes over: with the ack extension it continues the same session, and the server
   * redelivers what no tab acknowledged (continuity `'recovered'`); without it, or once the server
   * forgot the session, it starts a new one and resubscribes (continuity `'gap'`). Ignored ('alone') in Node,
   * where Web Locks or BroadcastChannel are missing (old browsers, insecure contexts), and where the
   * tab code did not load (`TABS_UNAVAILABLE` on `errors$`): the client then runs its own session and
   * follows the page (`pageLifecycle`, `idleWhenHiddenMs`) as without `share`. @default off
   */
  share?: 'tabs' | { key: string };
}
