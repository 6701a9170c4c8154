// Shared plumbing of the reference servers: a `ws` server on loopback that can be closed for good
// (every client terminated, so a test or the demo process exits by itself).
import { WebSocketServer } from 'ws';

/**
 * @param {{ port?: number, host?: string }} options
 * @param {(socket: import('ws').WebSocket) => void} onConnection
 * @returns {Promise<{ wss: WebSocketServer, port: number, close: () => Promise<void>, dropConnections: () => void }>}
 */
export function listen({ port = 0, host = '127.0.0.1' }, onConnection) {
  return new Promise((resolve, reject) => {
    const wss = new WebSocketServer({ port, host });
    wss.on('connection', onConnection);
    wss.once('error', reject);
    wss.once('listening', () => {
      wss.off('error', reject);
      const address = wss.address();
      const dropConnections = () => {
        for (const client of wss.clients) client.terminate();
      };
      /** @type {Promise<void> | undefined} */
      let closing;
      const close = () =>
        (closing ??= new Promise((done) => {
          dropConnections();
          wss.close(() => done());
        }));
      resolve({ wss, port: typeof address === 'object' && address ? address.port : port, close, dropConnections });
    });
  });
}
