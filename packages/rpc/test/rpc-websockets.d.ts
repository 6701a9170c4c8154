// rpc-websockets' exports map has no `types` condition that TypeScript's bundler resolution can
// see, so the tests declare the part of its Server they use.
declare module 'rpc-websockets' {
  import type { IncomingMessage } from 'node:http';
  import type { WebSocket, WebSocketServer } from 'ws';

  export class Server {
    constructor(options: { port?: number; host?: string });
    wss: WebSocketServer;
    on(event: 'listening', listener: () => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    on(event: 'connection', listener: (socket: WebSocket, request: IncomingMessage) => void): this;
    register(name: string, fn: (params: unknown, socketId: string) => unknown, ns?: string): unknown;
    event(name: string, ns?: string): unknown;
    emit(event: string, ...params: unknown[]): boolean;
    of(ns: string): { clients(): { events: Record<string, { sockets: string[] }> } };
    close(): Promise<void>;
  }
}
