/** A running reference aiorest-ws server. */
export interface AiorestWsServer {
  /** `ws://127.0.0.1:<port>/` */
  readonly url: string;
  readonly port: number;
  /** Requests handled, by frame kind. */
  readonly counts: { text: number; binary: number };
  /** Terminates every client connection (the server keeps listening). */
  dropConnections(): void;
  /** Terminates every client and stops listening. Idempotent. */
  close(): Promise<void>;
}

export function startAiorestWsServer(options?: { port?: number; host?: string }): Promise<AiorestWsServer>;
