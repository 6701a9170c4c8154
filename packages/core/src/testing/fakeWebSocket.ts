import type { Frame } from '../codec.js';
import type { WebSocketConstructor, WebSocketLike } from '../webSocketLike.js';

/** One scriptable socket made by {@link createFakeWebSocket}. */
export class FakeSocket implements WebSocketLike {
  readyState = 0;
  bufferedAmount = 0;
  binaryType = 'blob';
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  /** Every frame the code under test sent, in order. */
  readonly sent: Frame[] = [];
  /** Ping frames sent (only when created with `pingFrames: true`). */
  pings = 0;
  /** Set once `close()` or `terminate()` was called by the code under test. */
  closedBy: { code?: number; reason?: string } | 'terminate' | undefined;
  ping?: () => void;
  terminate?: () => void;
  on?: (event: 'pong', listener: () => void) => unknown;
  readonly #pongListeners: Array<() => void> = [];

  constructor(
    readonly url: string,
    readonly protocols: string | string[] | undefined,
    readonly nodeOptions: Record<string, unknown> | undefined,
    pingFrames: boolean,
  ) {
    if (pingFrames) {
      this.ping = () => void this.pings++;
      this.terminate = () => {
        this.closedBy = 'terminate';
        this.readyState = 3;
      };
      this.on = (_event, listener) => this.#pongListeners.push(listener);
    }
  }

  send(data: Frame): void {
    if (this.readyState !== 1) throw new Error('FakeSocket: send while not open');
    this.sent.push(data);
  }

  close(code?: number, reason?: string): void {
    this.closedBy = { ...(code === undefined ? {} : { code }), ...(reason === undefined ? {} : { reason }) };
    this.readyState = 2;
  }

  /** The server accepted the connection. */
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  /** The server sent a frame. */
  receive(data: string | ArrayBuffer): void {
    this.onmessage?.({ data });
  }

  /** The server answered a ping. */
  pong(): void {
    for (const listener of this.#pongListeners) listener();
  }

  /** The socket closed (the server closed it, or the closing handshake the client began finished). */
  serverClose(code = 1000, reason = '', wasClean = true): void {
    this.readyState = 3;
    this.onclose?.({ code, reason, wasClean });
  }

  /** The connection failed: an error event, then an unclean close. */
  fail(error: unknown = new Error('connection refused')): void {
    this.onerror?.({ error });
    this.serverClose(1006, '', false);
  }
}

/** Options of {@link createFakeWebSocket}. */
export interface FakeWebSocketOptions {
  /** Give sockets Node-style `ping`, `terminate` and `on('pong')`. @default false */
  pingFrames?: boolean;
}

/** A WebSocket constructor to inject, and the sockets it made. */
export interface FakeWebSocketFactory {
  WebSocket: WebSocketConstructor;
  readonly sockets: FakeSocket[];
  /** The most recent socket; throws if none was made yet. */
  readonly last: FakeSocket;
}

/**
 * A scriptable WebSocket for unit tests of code that takes a `WebSocket` option: the test plays
 * the server by calling `open()`, `receive()`, `serverClose()` and `fail()` on the sockets.
 *
 * @example
 * ```ts
 * const fake = createFakeWebSocket();
 * const connection = webSocketConnection({ url: 'ws://test', WebSocket: fake.WebSocket });
 * fake.last.open();
 * fake.last.receive('{"hello":1}');
 * ```
 */
export function createFakeWebSocket(options: FakeWebSocketOptions = {}): FakeWebSocketFactory {
  const sockets: FakeSocket[] = [];
  const pingFrames = options.pingFrames ?? false;
  class Ctor extends FakeSocket {
    constructor(url: string, protocols?: string | string[], nodeOptions?: Record<string, unknown>) {
      super(url, protocols, nodeOptions, pingFrames);
      sockets.push(this);
    }
  }
  return {
    WebSocket: Ctor,
    sockets,
    get last(): FakeSocket {
      const socket = sockets[sockets.length - 1];
      if (!socket) throw new Error('No FakeSocket was created yet.');
      return socket;
    },
  };
}
