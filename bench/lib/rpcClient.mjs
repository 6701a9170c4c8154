// One RPC client at N calls in flight, in its own process (pinned to core 1 by bench/run.mjs).
// argv[2]: JSON { kind, url, inFlight, warmupMs, calls }: after warmupMs, measures the next `calls`
// calls (steady state). Prints one JSON line: calls/s, calls per client CPU-second, p50/p99 latency
// in ms; or { na: reason }.
import { performance } from 'node:perf_hooks';
import { makeClient, params } from './rpcClients.mjs';

const args = JSON.parse(process.argv[2]);

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const guard = setTimeout(() => {
  console.log(JSON.stringify({ na: `timeout after ${args.timeoutMs} ms` }));
  process.exit(2);
}, args.timeoutMs ?? 60_000);

try {
  const client = await makeClient(args.kind, args.url);
  const check = await client.call();
  if (JSON.stringify(check) !== JSON.stringify(params)) throw new Error(`echo mismatch: ${JSON.stringify(check)}`);
  const target = args.calls ?? 100_000;
  const latencies = new Float64Array(target);
  let n = 0;
  let measuring = false;
  let stop = false;
  let measured;
  const done = new Promise((resolve) => (measured = resolve));
  const worker = async () => {
    while (!stop) {
      const t = performance.now();
      await client.call();
      if (!measuring) continue;
      latencies[n++] = performance.now() - t;
      if (n === target) {
        measuring = false;
        measured();
      }
    }
  };
  const workers = Array.from({ length: args.inFlight }, worker);
  await new Promise((r) => setTimeout(r, args.warmupMs));
  measuring = true;
  const cpu0 = cpuNow();
  const t0 = performance.now();
  await done;
  const cpu = cpuNow() - cpu0;
  const wall = (performance.now() - t0) / 1000;
  const calls = n;
  stop = true;
  await Promise.all(workers);
  const sorted = latencies.subarray(0, calls).sort();
  const pct = (p) => sorted[Math.min(calls - 1, Math.floor(p * calls))];
  console.log(
    JSON.stringify({
      calls,
      wallSeconds: wall,
      cpuSeconds: cpu,
      perSecond: calls / wall,
      perCpuSecond: calls / cpu,
      p50ms: pct(0.5),
      p99ms: pct(0.99),
    }),
  );
  clearTimeout(guard);
  await Promise.race([client.close(), new Promise((r) => setTimeout(r, 500))]);
  process.exit(0);
} catch (error) {
  console.log(JSON.stringify({ na: String(error?.message ?? error).split('\n')[0] }));
  process.exit(1);
}
