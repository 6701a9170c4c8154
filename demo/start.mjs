#!/usr/bin/env node
// The README's demo (`npm start`, after the packages and the SPA are built): starts the demo backend
// on loopback, runs the Node consumer example against it once, then serves the SPA until Ctrl-C.
//   node demo/start.mjs [--port 8080] [--bayeux-port 8081] [--rpc-port 8082] [--site-dir examples/spa/dist] [--tick-ms 1000]
// Fixed ports by default, so the URLs in the READMEs work as printed: the SPA at http://127.0.0.1:8080/,
// Bayeux (Faye) at http://127.0.0.1:8081/bayeux, RPC (aio-openapi) at ws://127.0.0.1:8082/stream.
// The SPA's port may also come from PORT; when a port is busy, every server takes a free one.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoBackend } from './backend.mjs';
import { stopOnSignals } from './stopOnSignals.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const option = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const siteDir = resolve(option('site-dir') ?? `${root}examples/spa/dist`);
if (!existsSync(`${siteDir}/index.html`)) {
  console.error('The SPA is not built: run `npm start` (it builds everything), or `npm run build && npm run build:spa`.');
  process.exit(1);
}
const sitePort = Number(option('port') ?? process.env.PORT ?? 8080);
const bayeuxPort = Number(option('bayeux-port') ?? 8081);
const rpcPort = Number(option('rpc-port') ?? 8082);
const tickMs = Number(option('tick-ms') ?? 1000);

async function start() {
  try {
    return await startDemoBackend({ siteDir, sitePort, bayeuxPort, rpcPort, tickMs });
  } catch (error) {
    if (error?.code !== 'EADDRINUSE') throw error;
    console.log(`port ${error.port ?? ''} is busy: every server takes a free port instead`);
    return startDemoBackend({ siteDir, sitePort: 0, bayeuxPort: 0, rpcPort: 0, tickMs });
  }
}

const backend = await start();
console.log(`Bayeux (Faye, websocket + long-polling): ${backend.bayeuxUrl}`);
console.log(`RPC (aio-openapi reference server):       ${backend.rpcUrl}`);
console.log('Ticker: publishing prices on channel "prices", events tick.RXW and tick.ACME');

let stopping = false;
let consumer;

/** Signals this soon after the first are copies of the same keypress (stopOnSignals' default). */
const REPEAT_WINDOW_MS = 1000;

async function stop(signal) {
  stopping = true;
  const signalledAt = Date.now();
  console.log(`\n${signal}: stopping the demo... (Ctrl-C again to force)`);
  consumer?.kill('SIGTERM');
  await backend.close();
  console.log('stopped: every server and client closed');
  // A copy of the keypress (npm forwards its own, late on a busy machine) may still be on its way.
  // Node drops its signal handlers while it exits, so such a copy would end the process by SIGINT
  // (npm then reports 130): stay until the repeat window is over, then end by ourselves.
  const rest = REPEAT_WINDOW_MS - (Date.now() - signalledAt);
  if (rest > 0) setTimeout(() => {}, rest);
  // Everything is closed, so the process ends by itself; this only guards against a leak.
  setTimeout(() => {
    console.error('something kept the process alive; exiting anyway');
    process.exit(1);
  }, 3000).unref();
}

stopOnSignals({
  stop: (signal) => void stop(signal),
  force: (signal) => {
    console.error(`${signal} again: exiting without waiting for the servers`);
    consumer?.kill('SIGKILL');
    process.exit(130);
  },
});

console.log('\n--- examples/node/consumer.mjs ---');
const code = await new Promise((resolve) => {
  consumer = spawn(process.execPath, [`${root}examples/node/consumer.mjs`, '--bayeux', backend.bayeuxUrl, '--rpc', backend.rpcUrl], { stdio: 'inherit' });
  consumer.on('exit', (exitCode, signal) => resolve(exitCode ?? signal));
});
consumer = undefined;
if (!stopping) console.log(`--- the Node example exited (${code}) ---\n`);

if (!stopping) {
  console.log(`Open ${backend.siteUrl} in a browser (chat, ticker, RPC form, connection badges).`);
  console.log('Press Ctrl-C to stop.');
}
