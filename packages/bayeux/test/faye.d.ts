// Just the parts of Faye's server API the integration tests use.
declare module 'faye' {
  import type { Server } from 'node:http';
  export interface FayeMessage {
    channel: string;
    clientId?: string;
    subscription?: string;
    data?: unknown;
    error?: string;
    ext?: Record<string, unknown>;
    [key: string]: unknown;
  }
  export interface FayeExtension {
    /** Faye passes `request` (null for its in-process client) when the function takes three arguments. */
    incoming?(message: FayeMessage, request: unknown, callback: (message: FayeMessage) => void): void;
    outgoing?(message: FayeMessage, callback: (message: FayeMessage) => void): void;
  }
  export interface FayeClient {
    publish(channel: string, data: unknown): { then(ok: () => void, fail: (e: unknown) => void): void };
    subscribe(channel: string, onMessage: (data: unknown) => void): { then(ok: () => void, fail: (e: unknown) => void): void };
    disconnect(): void;
  }
  export class Client {
    constructor(url: string, options?: { timeout?: number });
    subscribe(channel: string, callback: (data: unknown) => void): { then(ok: () => void, fail: (e: unknown) => void): void };
    publish(channel: string, data: unknown): { then(ok: () => void, fail: (e: unknown) => void): void };
    disconnect(): void;
  }
  export class NodeAdapter {
    constructor(options: { mount: string; timeout?: number; ping?: number; engine?: Record<string, unknown> });
    attach(server: Server): void;
    addExtension(extension: FayeExtension): void;
    getClient(): FayeClient;
    close(): void;
    on(event: string, listener: (...args: unknown[]) => void): void;
  }
  const faye: { NodeAdapter: typeof NodeAdapter; Client: typeof Client; logger?: unknown };
  export default faye;
}

declare module 'faye-redis' {
  const engine: unknown;
  export default engine;
}
