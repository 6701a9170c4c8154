import { once } from 'node:events';
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';

/** A real `ws` server on a loopback port, restartable on the same port. */
export interface TestServer {
  readonly url: string;
  readonly port: number;
  wss: WebSocketServer;
  /** Sockets currently connected. */
  readonly clients: Set<WebSocket>;
  /** Called for every new connection (also after a restart). */
  onConnection(handler: (socket: WebSocket) => void): void;
  /** Kills every connection without a closing handshake and stops listening. */
  kill(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startWsServer(options: ServerOptions = {}): Promise<TestServer> {
  const handlers: Array<(socket: WebSocket) => void> = [];
  const listen = async (port: number) => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port, ...options });
    await once(wss, 'listening');
    wss.on('connection', (socket) => handlers.forEach((h) => h(socket)));
    return wss;
  };
  let wss = await listen(0);
  const port = (wss.address() as { port: number }).port;
  const server: TestServer = {
    url: `ws://127.0.0.1:${port}`,
    port,
    get wss() {
      return wss;
    },
    set wss(value) {
      wss = value;
    },
    get clients() {
      return wss.clients;
    },
    onConnection: (handler) => handlers.push(handler),
    kill: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
    restart: async () => {
      wss = await listen(port);
    },
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
  return server;
}
