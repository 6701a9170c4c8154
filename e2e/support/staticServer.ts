import { once } from 'node:events';
import { createServer, type Server } from 'node:http';

export interface StaticFile {
  type: string;
  body: string;
}

/**
 * Serves a fixed set of in-memory files on a loopback port, with `no-store` unless `cacheable` (a
 * `no-store` page never enters the back/forward cache).
 */
export async function serveStatic(
  files: Record<string, StaticFile>,
  options: { cacheable?: boolean } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const caching: Record<string, string> = options.cacheable ? {} : { 'cache-control': 'no-store' };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = files[path];
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': file.type, ...caching }).end(file.body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A page that loads one module script. */
export function pageWithScript(src: string): StaticFile {
  return { type: 'text/html', body: `<!doctype html><meta charset="utf-8"><title>rxwire e2e</title><script type="module" src="${src}"></script>` };
}
