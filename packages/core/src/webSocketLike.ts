import type { TlsOptions } from './webSocketConnectionOptions.js';

/**
 * An event handler property. Declared as a method so that the DOM's own handler types (which take a
 * more specific event) are accepted: the browser's `WebSocket` is assignable without a cast.
 */
type EventHandler<E> = { handle(event: E): void }['handle'];

/**
 * The part of the WebSocket API rxwire uses: the browser's `WebSocket`, `ws` in Node, or a test
 * double all fit. The optional members are Node (`ws`) extras that rxwire uses when present.
 */
export interface WebSocketLike {
  readonly readyState: number;
  readonly bufferedAmount: number;
  binaryType: string;
  onopen: EventHandler<unknown> | null;
  onmessage: EventHandler<{ data: unknown }> | null;
  onclose: EventHandler<{ code: number; reason: string; wasClean: boolean }> | null;
  onerror: EventHandler<unknown> | null;
  send(data: string | ArrayBuffer | Uint8Array): void;
  close(code?: number, reason?: string): void;
  /** Node `ws`: send a ping frame. */
  ping?(): void;
  /** Node `ws`: drop the TCP connection without a closing handshake. */
  terminate?(): void;
  /** Node `ws`: stop/start reading from the socket. */
  pause?(): void;
  resume?(): void;
  /** Node `ws`: event emitter, used for `pong`. */
  on?(event: 'pong', listener: () => void): unknown;
}

/**
 * A WebSocket constructor. The third argument carries Node-only options (`headers`, `ca`...) and is
 * only passed when there are some, since browsers do not accept it.
 */
export type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
  nodeOptions?: Record<string, unknown>,
) => WebSocketLike;

/** The `fetch` function, as the platform provides it (or rxwire's own over node:http in Node). */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** The OPEN readyState, spelled out since `WebSocket` may not exist as a global. @internal */
export const OPEN = 1;

/** How to make a socket: the WebSocket class, subprotocols, and (Node only) upgrade headers and TLS options. @internal */
export interface SocketCreateOptions {
  WebSocket?: WebSocketConstructor | undefined;
  protocols?: string | string[] | undefined;
  headers?: Record<string, string> | undefined;
  tls?: TlsOptions | undefined;
}
