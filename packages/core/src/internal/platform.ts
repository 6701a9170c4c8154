// Node flavour of the platform defaults. The browser build swaps this file for platform.browser.ts,
// so `ws` and cross-fetch never reach a browser bundle.
import WebSocketImpl from 'isomorphic-ws';
import crossFetch from 'cross-fetch';
import type { FetchLike, WebSocketConstructor } from '../webSocketLike.js';

/** @internal */
export function defaultWebSocket(): WebSocketConstructor {
  return WebSocketImpl as unknown as WebSocketConstructor;
}

/** @internal */
export function defaultFetch(): FetchLike {
  return crossFetch as unknown as FetchLike;
}

/** True where Node-only options (headers and TLS on the upgrade, pausing reads) can work. @internal */
export const isNodePlatform = true;
