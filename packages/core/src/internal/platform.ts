// Node flavour of the platform defaults. The browser build swaps this file for platform.browser.ts,
// so `ws` and node:http never reach a browser bundle.
import WebSocketImpl from 'isomorphic-ws';
import { nodeHttpFetch } from './nodeHttpFetch.js';
import type { FetchLike, SocketCreateOptions, WebSocketConstructor, WebSocketLike } from '../webSocketLike.js';

/**
 * The WebSocket class used when none is passed: `ws` in Node (through isomorphic-ws), the global
 * `WebSocket` in browsers.
 *
 * @example
 * ```ts
 * const WebSocketImpl = defaultWebSocket();
 * const socket = new WebSocketImpl('wss://example.com/stream');
 * ```
 */
export function defaultWebSocket(): WebSocketConstructor {
  return WebSocketImpl as unknown as WebSocketConstructor;
}

/**
 * The `fetch` used when none is passed: one over node:http(s) in Node (it honours the `agent`
 * option, hence TLS trust and keep-alive pools), the global `fetch` in browsers.
 *
 * @example
 * ```ts
 * const response = await defaultFetch()('https://example.com/cometd', { method: 'POST', body: '[]' });
 * ```
 */
export function defaultFetch(): FetchLike {
  return nodeHttpFetch;
}

/** Opens a socket; only Node's passes `headers` and TLS options on (as `ws`'s third argument). @internal */
export function createWebSocket(url: string, { WebSocket, protocols, headers, tls }: SocketCreateOptions): WebSocketLike {
  const Ctor = WebSocket ?? defaultWebSocket();
  return headers || tls ? new Ctor(url, protocols, { ...(headers ? { headers } : {}), ...tls }) : new Ctor(url, protocols);
}

/** A `ws` socket's own 'message' event: the payload, and whether it came in a binary frame. */
type WsMessageEvents = { on(event: 'message', listener: (data: { toString(): string }, isBinary: boolean) => void): unknown };

/**
 * Hands every inbound frame of `socket` to `deliver` (a text frame as a string, a binary one as
 * `binaryType` makes it). A socket of the default `ws` class is heard through its own 'message'
 * event: its `onmessage` wraps each frame in a DOM-style MessageEvent first, one more object per
 * frame on the hot path. Any other socket (the global one, a test double) through `onmessage`.
 * Frames keep coming until the socket closes; the caller ignores those of a socket it left.
 * @internal
 */
export function onFrames(socket: WebSocketLike, deliver: (frame: string | ArrayBuffer) => void): void {
  if (socket instanceof WebSocketImpl) {
    (socket as unknown as WsMessageEvents).on('message', (data, isBinary) => deliver(isBinary ? (data as ArrayBuffer) : data.toString()));
  } else {
    socket.onmessage = (event) => deliver(event.data as string | ArrayBuffer);
  }
}

/** The TCP socket under a `ws` socket: what it takes to hold writes back. */
type Corkable = { cork(): void; uncork(): void };

/**
 * Holds back the writes of a `ws` socket until the end of this tick, so that the frames sent
 * meanwhile leave in one `writev` instead of one system call each: with many calls in flight, the
 * replies of one read start as many new calls, and their writes cost more CPU than rxwire itself.
 * The frames and their order stay as they are. Calls `released` once the writes went out; returns
 * false (and holds nothing) for any other socket (the global one, a test double).
 * @internal
 */
export function holdWritesThisTick(socket: WebSocketLike, released: () => void): boolean {
  const tcp = socket instanceof WebSocketImpl ? (socket as unknown as { _socket?: Corkable | null })._socket : undefined;
  if (!tcp?.cork) return false;
  tcp.cork();
  process.nextTick(() => {
    tcp.uncork();
    released();
  });
  return true;
}

/** True where Node-only options (headers and TLS on the upgrade, pausing reads) can work. @internal */
export const isNodePlatform = true;
