#!/usr/bin/env node
// Runs the reference servers on loopback for manual tries and the demo:
//   node demo/servers/run.mjs [--aio-port 8082] [--rest-port 8083] [--tick-ms 1000]
// The aio-openapi server listens where `npm start` puts it: ws://127.0.0.1:8082/stream.
// The aio-openapi server pushes a `prices` message (event `tick`) every --tick-ms (0: never).
import { startAioOpenApiServer } from './aioOpenApiServer.mjs';
import { startAiorestWsServer } from './aiorestWsServer.mjs';
import { stopOnSignals } from '../stopOnSignals.mjs';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number.`);
  return value;
}

const aio = await startAioOpenApiServer({ port: option('aio-port', 8082) });
const rest = await startAiorestWsServer({ port: option('rest-port', 8083) });
console.log(`aio-openapi RPC: ${aio.url}`);
console.log(`aiorest-ws:      ${rest.url}`);

const tickMs = option('tick-ms', 1000);
let price = 100;
const ticker = tickMs > 0
  ? setInterval(() => {
      price = Math.round((price + (Math.random() - 0.5) * 2) * 100) / 100;
      aio.publish('prices', 'tick', { symbol: 'RXW', price, at: new Date().toISOString() });
    }, tickMs)
  : undefined;

async function shutdown() {
  if (ticker) clearInterval(ticker);
  await Promise.all([aio.close(), rest.close()]);
}
stopOnSignals({ stop: () => void shutdown(), force: () => process.exit(130) });
