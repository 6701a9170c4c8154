// A Node script that consumes the demo's channels as observables, as a user would write it: the
// Bayeux chat room (it says hello and waits for its own message to come back), an RPC call, and
// three ticks of the RPC ticker. Then it closes its clients and exits by itself: no timer or socket
// is left behind.
//
//   node examples/node/consumer.mjs                      starts the demo backend in-process
//   node examples/node/consumer.mjs --bayeux URL --rpc URL   uses a running one (npm start does)
import { filter, firstValueFrom, take, timeout, toArray } from 'rxjs';
import { BayeuxClient } from '@rxwire/bayeux';
import { RpcClient } from '@rxwire/rpc';

const arg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

let backend;
let bayeuxUrl = arg('bayeux');
let rpcUrl = arg('rpc');
if (!bayeuxUrl || !rpcUrl) {
  const { startDemoBackend } = await import('../../demo/backend.mjs');
  backend = await startDemoBackend({ tickMs: 200 });
  ({ bayeuxUrl, rpcUrl } = backend);
  console.log(`started the demo backend: ${bayeuxUrl} ${rpcUrl}`);
}

const bayeux = new BayeuxClient({ url: bayeuxUrl });
const rpc = new RpcClient({ url: rpcUrl });
const within = (ms) => timeout({ first: ms });

try {
  // Chat over Bayeux: subscribe, wait for the server's confirmation, say hello, read it back.
  const room = bayeux.channel('/chat/demo');
  const text = `hello from Node (pid ${process.pid})`;
  const echo = firstValueFrom(room.messages$.pipe(filter((m) => m.data?.text === text), within(10_000)));
  await firstValueFrom(room.subscribed$.pipe(filter(Boolean), within(10_000)));
  console.log(`bayeux: subscribed to ${room.name} over ${bayeux.connectionType}`);
  const sent = Date.now();
  await bayeux.publish(room.name, { author: 'node-example', text });
  const message = await echo;
  console.log(`chat: ${message.data.author}: ${message.data.text} (back after ${Date.now() - sent} ms)`);

  // A call over RPC.
  console.log(`rpc: add(2, 3) = ${await rpc.call('add', { a: 2, b: 3 })}`);

  // Three ticks of one symbol, picked with an event glob.
  const ticks = await firstValueFrom(rpc.channel('prices', { event: 'tick.RXW' }).messages$.pipe(take(3), toArray(), within(15_000)));
  for (const tick of ticks) console.log(`ticker: ${tick.data.symbol} ${tick.data.price.toFixed(2)} (event ${tick.event})`);
} catch (error) {
  console.error(`consumer failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await bayeux.disconnect();
  await rpc.close();
  await backend?.close();
  console.log('done: clients closed, exiting by itself');
}
