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

/** True where Node-only options (headers and TLS on the upgrade, pausing reads) can work. @internal */
export const isNodePlatform = true;
