/** A running reference aio-openapi server. */
export interface AioOpenApiServer {
  /** `ws://127.0.0.1:<port>/stream` */
  readonly url: string;
  readonly port: number;
  /** Sockets currently connected. */
  readonly connections: number;
  /** Pushes `{channel, event, data}` to every socket subscribed with a matching event glob. */
  publish(channel: string, event: string, data: unknown): void;
  /** Terminates every client connection (the server keeps listening). */
  dropConnections(): void;
  /** Terminates every client and stops listening. Idempotent. */
  close(): Promise<void>;
}

export function startAioOpenApiServer(options?: { port?: number; host?: string }): Promise<AioOpenApiServer>;
