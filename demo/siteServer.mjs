// A small static server for the built SPA. It writes the backend's URLs into index.html (in place of
// the `<!--rxwire-config-->` marker), so the page knows where the servers are without a build step.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/**
 * The demo page's configuration as an inline JSON script, read by examples/spa/src/config.ts.
 * @param {Record<string, unknown>} config
 */
export function configTag(config) {
  // `<` escaped so that no value can close the script element.
  return `<script id="rxwire-config" type="application/json">${JSON.stringify(config).replace(/</g, '\\u003c')}</script>`;
}

/**
 * @param {{ dir: string, config: Record<string, unknown>, port?: number, host?: string }} options
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export async function startSiteServer({ dir, config, port = 0, host = '127.0.0.1' }) {
  const root = normalize(dir + sep);
  const server = http.createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    if (!file.startsWith(root) || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404).end('not found');
      return;
    }
    try {
      let body = await readFile(file);
      if (file.endsWith('index.html')) body = Buffer.from(String(body).replace('<!--rxwire-config-->', configTag(config)));
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const actual = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  return {
    url: `http://${host}:${actual}/`,
    port: actual,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}
