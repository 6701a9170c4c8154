// Browser flavour of the platform defaults: the globals, nothing bundled.
import { RxwireError } from '../errors.js';
import type { FetchLike, SocketCreateOptions, WebSocketConstructor, WebSocketLike } from '../webSocketLike.js';

/** Browser build of `defaultWebSocket`: the global `WebSocket`. */
export function defaultWebSocket(): WebSocketConstructor {
  const ctor = (globalThis as { WebSocket?: unknown }).WebSocket;
  if (typeof ctor !== 'function') {
    throw new RxwireError('UNSUPPORTED_PLATFORM', 'No global WebSocket here: pass the `WebSocket` option.');
  }
  return ctor as WebSocketConstructor;
}

/** Browser build of `defaultFetch`: the global `fetch`, bound to the global object. */
export function defaultFetch(): FetchLike {
  const fetchFn = (globalThis as { fetch?: unknown }).fetch;
  if (typeof fetchFn !== 'function') {
    throw new RxwireError('UNSUPPORTED_PLATFORM', 'No global fetch here: pass the `fetch` option.');
  }
  return fetchFn.bind(globalThis) as FetchLike;
}

/** Browser build of `createWebSocket`: a browser WebSocket takes no headers or TLS options. @internal */
export function createWebSocket(url: string, options: SocketCreateOptions): WebSocketLike {
  return new (options.WebSocket ?? defaultWebSocket())(url, options.protocols);
}

/** Browser build of `onFrames`: every inbound frame through `onmessage`. @internal */
export function onFrames(socket: WebSocketLike, deliver: (frame: string | ArrayBuffer) => void): void {
  socket.onmessage = (event) => deliver(event.data as string | ArrayBuffer);
}

/** Browser build of `holdWritesThisTick`: a browser socket's writes cannot be held. @internal */
export function holdWritesThisTick(_socket: WebSocketLike, _released: () => void): boolean {
  return false;
}

/** @internal */
export const isNodePlatform = false;
