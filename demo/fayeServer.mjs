// The demo's Bayeux server: a real Faye NodeAdapter (websocket and long-polling) on loopback, which
// can be stopped and started again on the same port (to show reconnects) and which records the
// meta traffic it sees, so tests can count wire subscribes and see sessions end.
import http from 'node:http';
import faye from 'faye';

/**
 * @param {{ port?: number, host?: string, timeout?: number }} [options]
 *   timeout: seconds Faye holds a `/meta/connect` (default 10)
 * @returns {Promise<import('./fayeServer.d.mts').FayeServer>}
 */
export async function startFayeServer(options = {}) {
  const host = options.host ?? '127.0.0.1';
  /** @type {import('./fayeServer.d.mts').WireEvent[]} */
  const wire = [];
  /** @type {{ adapter: any, server: http.Server, sockets: Set<import('node:net').Socket> } | undefined} */
  let running;
  let port = options.port ?? 0;

  // Counts what arrives on the wire, before Faye acts on it (so a duplicate subscribe counts twice).
  const recorder = {
    incoming(message, request, callback) {
      const { channel } = message;
      // Faye's in-process client passes request = null; only count real clients.
      if (request && (channel === '/meta/subscribe' || channel === '/meta/unsubscribe' || channel === '/meta/disconnect')) {
        wire.push({ type: channel.slice('/meta/'.length), clientId: message.clientId, channel: message.subscription, at: Date.now() });
      }
      callback(message);
    },
  };

  async function start() {
    if (running) return;
    const adapter = new faye.NodeAdapter({ mount: '/bayeux', timeout: options.timeout ?? 10 });
    adapter.addExtension(recorder);
    // The engine's view: a session removed, by /meta/disconnect or by its timeout.
    adapter.on('disconnect', (clientId) => wire.push({ type: 'session-removed', clientId, at: Date.now() }));
    const server = http.createServer((req, res) => res.writeHead(404).end('not found'));
    adapter.attach(server);
    const sockets = new Set();
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(undefined);
      });
    });
    port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
    running = { adapter, server, sockets };
  }

  async function stop() {
    const current = running;
    if (!current) return;
    running = undefined;
    current.adapter.close();
    for (const socket of current.sockets) socket.destroy();
    await new Promise((resolve) => current.server.close(() => resolve(undefined)));
  }

  await start();
  return {
    get url() {
      return `http://${host}:${port}/bayeux`;
    },
    get port() {
      return port;
    },
    get running() {
      return running !== undefined;
    },
    wire,
    start,
    stop,
    dropConnections() {
      for (const socket of running?.sockets ?? []) socket.destroy();
    },
    close: stop,
  };
}
