// One client of bench/rpcProfile.mjs, in its own process. argv[2]: JSON { client: 'raw' | 'rxwire' |
// 'rpc-websockets', dialect: 'json-rpc' | 'aio-openapi', bundle, url, inFlight, warmup, calls, mode }.
// `bundle` (lib/inspectBundles.mjs) is loaded by every client, so the raw floor runs in a heap of the
// same size. After `warmup` calls (JIT warm), it makes `calls` calls at `inFlight`:
//   mode 'run'    just that (bench/rpcProfile.mjs runs it under callgrind, twice, for instructions)
//   mode 'bytes'  the heap's growth over those calls with no GC meanwhile (start it with a big
//                 --max-semi-space-size); a run in which a GC ran anyway is repeated with fewer calls
//   mode 'cpu'    also counts the client's CPU time and each call's latency over them (calls per
//                 CPU-second, p99 in ms; wall-clock bound, so noisy on a busy machine)
//   mode 'gc'     writes `MARK start` / `MARK end` on fd 1 around them, so that a parent that ran it with
//                 --trace-gc-nvp (line-buffered) can sum what the scavenges in between promoted
// Prints one JSON line: { calls, bytesPerCall? } or { na }.
import { writeSync } from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { aioWire, jsonRpcWire, makeClient, params, rawLoop } from './rpcClients.mjs';

const args = JSON.parse(process.argv[2]);

async function connect() {
  const lib = await import(args.bundle);
  if (args.client === 'raw') return rawLoop(args.url, args.dialect === 'aio-openapi' ? aioWire : jsonRpcWire);
  if (args.client === 'rpc-websockets') return makeClient('rpc-websockets', args.url);
  const rpc = new lib.RpcClient({ url: args.url, protocol: args.dialect, reconnect: false, logger: () => {} });
  await rpc.connect();
  return { call: () => rpc.call('echo', params), close: () => rpc.close() };
}

/** Makes `count` calls with `inFlight` of them on the wire at a time; with `latencies`, times each. */
async function run(client, count, latencies) {
  let started = 0;
  const worker = async () => {
    while (started < count) {
      const i = started++;
      const t = latencies ? performance.now() : 0;
      await client.call();
      if (latencies) latencies[i] = performance.now() - t;
    }
  };
  await Promise.all(Array.from({ length: args.inFlight }, worker));
}

let gcs = 0;
new PerformanceObserver((list) => (gcs += list.getEntries().length)).observe({ entryTypes: ['gc'] });
/** Lets the GC observer's entries (delivered asynchronously) arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

async function bytesPerCall(client) {
  if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');
  let calls = args.calls;
  for (;;) {
    globalThis.gc();
    await settle();
    const before = process.memoryUsage().heapUsed;
    const gcsBefore = gcs;
    await run(client, calls);
    const after = process.memoryUsage().heapUsed;
    await settle();
    if (gcs === gcsBefore) return { calls, bytesPerCall: (after - before) / calls };
    if (calls <= 1_000) throw new Error('a GC ran during every measurement; raise --max-semi-space-size');
    calls = Math.floor(calls / 2);
  }
}

try {
  const client = await connect();
  await run(client, args.warmup);
  let result = { calls: args.calls };
  if (args.mode === 'bytes') result = await bytesPerCall(client);
  else if (args.mode === 'cpu') {
    const latencies = new Float64Array(args.calls);
    const cpu0 = process.cpuUsage();
    await run(client, args.calls, latencies);
    const cpu = process.cpuUsage(cpu0);
    latencies.sort();
    result = { calls: args.calls, perCpuSecond: args.calls / ((cpu.user + cpu.system) / 1e6), p99ms: latencies[Math.floor(0.99 * args.calls)] };
  } else if (args.mode === 'gc') {
    writeSync(1, 'MARK start\n');
    await run(client, args.calls);
    writeSync(1, 'MARK end\n');
  } else await run(client, args.calls);
  await Promise.race([client.close(), new Promise((resolve) => setTimeout(resolve, 500))]);
  writeSync(1, `${JSON.stringify(result)}\n`);
  process.exit(0);
} catch (error) {
  writeSync(1, `${JSON.stringify({ na: String(error?.message ?? error).split('\n')[0] })}\n`);
  process.exit(1);
}
