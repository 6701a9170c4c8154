import { once } from 'node:events';
import http from 'node:http';
import type { Socket } from 'node:net';

/**
 * A loopback HTTP server that answers every request, and refuses every WebSocket upgrade, with
 * `status` and nothing else: a server that is there but will not talk.
 */
export async function startRefusingServer(status: number): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = http.createServer((_req, res) => res.writeHead(status, { 'Content-Type': 'text/plain' }).end('no'));
  server.on('upgrade', (_req, socket: Socket) => socket.end(`HTTP/1.1 ${status} No\r\nContent-Length: 0\r\n\r\n`));
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
