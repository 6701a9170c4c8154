#!/usr/bin/env node
// The README's demo (`npm start`, after the packages and the SPA are built): starts the demo backend
// on loopback, runs the Node consumer example against it once, then serves the SPA until Ctrl-C.
//   node demo/start.mjs [--port 8080]     (or PORT=8080; a busy port falls back to a free one)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startDemoBackend } from './backend.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const siteDir = `${root}examples/spa/dist`;
if (!existsSync(`${siteDir}/app.js`)) {
  console.error('The SPA is not built: run `npm start` (it builds everything), or `npm run build && npm run build:spa`.');
  process.exit(1);
}

const portArg = process.argv.indexOf('--port');
const sitePort = Number(portArg >= 0 ? process.argv[portArg + 1] : (process.env.PORT ?? 8080));

async function start() {
  try {
    return await startDemoBackend({ siteDir, sitePort });
  } catch (error) {
    if (error?.code !== 'EADDRINUSE') throw error;
    console.log(`port ${sitePort} is busy: using a free one`);
    return startDemoBackend({ siteDir, sitePort: 0 });
  }
}

const backend = await start();
console.log(`Bayeux (Faye, websocket + long-polling): ${backend.bayeuxUrl}`);
console.log(`RPC (aio-openapi reference server):       ${backend.rpcUrl}`);
console.log('Ticker: publishing prices on channel "prices", events tick.RXW and tick.ACME');

let stopping = false;
let consumer;

async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the demo...`);
  consumer?.kill('SIGTERM');
  await backend.close();
  console.log('stopped: every server and client closed');
  // Everything is closed, so the process ends by itself; this only guards against a leak.
  setTimeout(() => {
    console.error('something kept the process alive; exiting anyway');
    process.exit(1);
  }, 3000).unref();
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));

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
