// Bytes one RPC call allocates on the client's heap, measured in memory: after a warm-up and a full
// GC, `calls` calls at `inFlight` run with a young generation big enough that no GC runs meanwhile
// (bench/run.mjs starts this with --min/--max-semi-space-size), so the heap's growth is what they
// allocated. A run during which a GC happened anyway is repeated with fewer calls.
// argv[2]: JSON { kind, url, inFlight, calls? }. Prints one JSON line { bytesPerCall, calls } or { na }.
import { PerformanceObserver } from 'node:perf_hooks';
import { makeClient } from './rpcClients.mjs';

const args = JSON.parse(process.argv[2]);
const guard = setTimeout(() => {
  console.log(JSON.stringify({ na: `timeout after ${args.timeoutMs} ms` }));
  process.exit(2);
}, args.timeoutMs ?? 60_000);

/** Runs `count` calls with `inFlight` of them on the wire at a time. */
async function run(client, count, inFlight) {
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started++;
      await client.call();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

let gcs = 0;
const observer = new PerformanceObserver((list) => (gcs += list.getEntries().length));
observer.observe({ entryTypes: ['gc'] });
/** Lets the observer's entries (delivered asynchronously) arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

try {
  if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');
  const client = await makeClient(args.kind, args.url);
  await run(client, 20_000, args.inFlight);
  let calls = args.calls ?? 20_000;
  for (;;) {
    globalThis.gc();
    await settle();
    const before = process.memoryUsage().heapUsed;
    const gcsBefore = gcs;
    await run(client, calls, args.inFlight);
    const after = process.memoryUsage().heapUsed;
    await settle();
    if (gcs === gcsBefore) {
      console.log(JSON.stringify({ calls, bytesPerCall: (after - before) / calls }));
      break;
    }
    if (calls <= 1_000) throw new Error('a GC ran during every measurement; raise --max-semi-space-size');
    calls = Math.floor(calls / 2);
  }
  clearTimeout(guard);
  await Promise.race([client.close(), new Promise((r) => setTimeout(r, 500))]);
  process.exit(0);
} catch (error) {
  console.log(JSON.stringify({ na: String(error?.message ?? error).split('\n')[0] }));
  process.exit(1);
}
