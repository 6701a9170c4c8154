import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import faye, { type FayeExtension, type NodeAdapter } from 'faye';
import { createCometDServer, type CometDServer, type Options } from 'cometd-nodejs-server';

interface Listening {
  server: http.Server | https.Server;
  port: number;
  /** Destroys every socket (HTTP keep-alive and upgraded WebSockets) and closes the server. */
  close(): Promise<void>;
}

async function listen(server: http.Server | https.Server, port: number): Promise<Listening> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface FayeServer {
  url: string;
  port: number;
  bayeux: NodeAdapter;
  publish(channel: string, data: unknown): Promise<void>;
  /** Makes the server forget a client (as a session expiry would): its next connect gets 401. */
  forget(clientId: string): void;
  close(): Promise<void>;
}

/** A real Faye server on loopback. `timeout` is Faye's held-connect time, in seconds. */
export async function startFaye(
  options: {
    port?: number;
    timeout?: number;
    extensions?: FayeExtension[];
    tls?: { key: string; cert: string };
    /** Faye's `engine` option, e.g. faye-redis for a cluster. */
    engine?: Record<string, unknown>;
  } = {},
): Promise<FayeServer> {
  const bayeux = new faye.NodeAdapter({ mount: '/bayeux', timeout: options.timeout ?? 2, ...(options.engine ? { engine: options.engine } : {}) });
  for (const extension of options.extensions ?? []) bayeux.addExtension(extension);
  const server = options.tls ? https.createServer(options.tls) : http.createServer();
  bayeux.attach(server);
  const listening = await listen(server, options.port ?? 0);
  const client = bayeux.getClient();
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${listening.port}/bayeux`,
    port: listening.port,
    bayeux,
    publish: (channel, data) => new Promise((resolve, reject) => client.publish(channel, data).then(resolve, reject)),
    forget: (clientId) => {
      const engine = (bayeux as unknown as { _server: { _engine: { destroyClient(id: string): void } } })._server._engine;
      engine.destroyClient(clientId);
    },
    close: async () => {
      bayeux.close();
      await listening.close();
    },
  };
}

export interface CometdServer {
  url: string;
  port: number;
  cometd: CometDServer;
  publish(channel: string, data: unknown): void;
  close(): Promise<void>;
}

/** A real cometd-nodejs-server on loopback (long-polling only). */
export async function startCometd(options: Options & { port?: number } = {}): Promise<CometdServer> {
  const { port, ...cometdOptions } = options;
  const cometd = createCometDServer({ timeout: 2000, ...cometdOptions });
  const server = http.createServer(cometd.handle);
  const listening = await listen(server, port ?? 0);
  return {
    url: `http://127.0.0.1:${listening.port}/cometd`,
    port: listening.port,
    cometd,
    publish: (channel, data) => cometd.createServerChannel(channel).publish(null, data),
    close: async () => {
      cometd.close();
      await listening.close();
    },
  };
}
