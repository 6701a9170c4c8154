/** Meta traffic the demo's Faye server saw from real clients, and sessions its engine removed. */
export interface WireEvent {
  type: 'subscribe' | 'unsubscribe' | 'disconnect' | 'session-removed';
  clientId: string | undefined;
  /** The subscription of a subscribe or unsubscribe. */
  channel?: string;
  at: number;
}

/** A running Faye server (Bayeux over websocket and long-polling) mounted at `/bayeux`. */
export interface FayeServer {
  /** `http://127.0.0.1:<port>/bayeux` (the port stays the same across stop/start). */
  readonly url: string;
  readonly port: number;
  readonly running: boolean;
  readonly wire: WireEvent[];
  /** Starts it again on the same port, with a fresh engine (old sessions are unknown to it). */
  start(): Promise<void>;
  /** Stops listening and destroys every socket. Idempotent. */
  stop(): Promise<void>;
  /** Destroys every socket (HTTP and WebSocket) and keeps listening. */
  dropConnections(): void;
  /** Same as stop(). */
  close(): Promise<void>;
}

export function startFayeServer(options?: { port?: number; host?: string; timeout?: number }): Promise<FayeServer>;
