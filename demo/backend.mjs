// The demo backend as a function: a Faye server (Bayeux), the aio-openapi reference RPC server, a
// live ticker published with rxwire's RpcClient, and optionally a static server for the built SPA.
// Everything listens on loopback; close() releases every server, client and timer.
import { startAioOpenApiServer } from './servers/index.mjs';
import { startFayeServer } from './fayeServer.mjs';
import { startSiteServer } from './siteServer.mjs';
import { startTicker } from './ticker.mjs';

/**
 * @param {import('./backend.d.mts').DemoBackendOptions} [options]
 * @returns {Promise<import('./backend.d.mts').DemoBackend>}
 */
export async function startDemoBackend(options = {}) {
  const host = '127.0.0.1';
  /** @type {Array<() => Promise<void>>} */
  const closers = [];
  const close = async () => {
    // Clients first (they say goodbye), then the servers they talk to.
    for (const closer of closers.splice(0).reverse()) await closer().catch(() => {});
  };
  try {
    const faye = await startFayeServer({ host, port: options.bayeuxPort ?? 0, timeout: options.fayeTimeoutSeconds ?? 10 });
    closers.push(() => faye.close());
    const aio = await startAioOpenApiServer({ host, port: options.rpcPort ?? 0 });
    closers.push(() => aio.close());
    const ticker = startTicker({ rpcUrl: aio.url, intervalMs: options.tickMs ?? 1000 });
    closers.push(() => ticker.close());
    const config = { bayeuxUrl: faye.url, rpcUrl: aio.url };
    let site;
    if (options.siteDir) {
      site = await startSiteServer({ dir: options.siteDir, config, host, port: options.sitePort ?? 0 });
      closers.push(() => site.close());
    }
    let closing;
    return {
      bayeuxUrl: faye.url,
      rpcUrl: aio.url,
      siteUrl: site?.url,
      config,
      faye,
      aio,
      ticker,
      close: () => (closing ??= close()),
    };
  } catch (error) {
    await close();
    throw error;
  }
}
