// One Bayeux client in one scenario, in its own process (bench/run.mjs pins it to core 1).
// argv[2]: JSON { kind: 'rxwire' | 'faye' | 'cometd' | 'raw', scenario, url, transport: 'websocket' | 'long-polling', ... }
// Prints one JSON line on stdout: the result, or { na: reason }.
// Client CPU is process.cpuUsage() of this process, user + system, around the measured part only.
import { setImmediate } from 'node:timers';
import { performance } from 'node:perf_hooks';
import { adapters } from './bayeuxAdapters.mjs';

const args = JSON.parse(process.argv[2]);
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const gc = globalThis.gc ?? (() => {});
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

function deferred() {
  let resolve, reject;
  const promise = new Promise((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
}

const scenarios = {
  /** Receive `total` pushed messages; messages per client CPU-second (and per wall second). */
  async receive(client) {
    await client.connect();
    const done = deferred();
    let count = 0;
    const total = args.total;
    const cpu0 = cpuNow();
    const t0 = performance.now();
    await client.subscribe(args.channel, () => {
      if (++count === total) done.resolve();
    });
    await done.promise;
    const cpu = cpuNow() - cpu0;
    const wall = (performance.now() - t0) / 1000;
    return { messages: count, cpuSeconds: cpu, wallSeconds: wall, perCpuSecond: count / cpu, perSecond: count / wall, connectionType: client.connectionType() };
  },

  /** Publish `total` messages, `burst` per tick, each burst awaited; publishes per client CPU-second. */
  async publish(client) {
    await client.connect();
    const { total, burst } = args;
    const data = { symbol: 'RXW', price: 101.25, size: 300, venue: 'XNAS', seq: 123456789 };
    const cpu0 = cpuNow();
    const t0 = performance.now();
    for (let sent = 0; sent < total; sent += burst) await client.publishBurst(args.channel, data, Math.min(burst, total - sent));
    const cpu = cpuNow() - cpu0;
    const wall = (performance.now() - t0) / 1000;
    return { messages: total, cpuSeconds: cpu, wallSeconds: wall, perCpuSecond: total / cpu, perSecond: total / wall, connectionType: client.connectionType() };
  },

  /** From `new` to the first message on a fresh channel. */
  async first(client, create) {
    const t0 = performance.now();
    const fresh = create();
    const got = deferred();
    await fresh.subscribe(args.channel, () => got.resolve(performance.now()));
    const t1 = await got.promise;
    return { ms: t1 - t0, connectionType: fresh.connectionType() };
  },

  /** Heap per `count` channel subscriptions (after gc, each confirmed by the server). */
  async subscriptions(client) {
    await client.connect();
    // Warm up the code paths so their compiled code is not counted.
    await client.subscribe('/warm/a', () => {});
    const before = heap();
    const handlers = [];
    for (let i = 0; i < args.count; i++) handlers.push(client.subscribe(`/many/${i}`, () => {}));
    await Promise.all(handlers);
    const after = heap();
    return { subscriptions: args.count, heapBytes: after - before, bytesPerSubscription: (after - before) / args.count };
  },
};

/**
 * A slow consumer: rxwire's async iterator with maxPendingCount while the server pushes `total`
 * messages; the heap (after gc) is sampled every `sampleEvery` messages and must stay flat.
 */
scenarios.slow = async (client) => {
  if (!client.raw?.channel) throw new Error('only rxwire has a bounded async iterator');
  await client.connect();
  const busy = (us) => {
    const end = performance.now() + us / 1000;
    while (performance.now() < end);
  };
  const samples = [heap()];
  let count = 0;
  let maxPending = 0;
  const t0 = performance.now();
  const iterator = client.raw.channel(args.channel)[Symbol.asyncIterator]();
  let stalled = false;
  for (;;) {
    // A stall (no message for stallMs) ends the run and is reported, not waited out.
    let timer;
    const next = await Promise.race([
      iterator.next(),
      new Promise((resolve) => (timer = setTimeout(() => resolve('stall'), args.stallMs ?? 3000))),
    ]);
    clearTimeout(timer);
    if (next === 'stall') {
      // Everything accounted for (delivered or dropped by the overflow policy) is not a stall.
      stalled = count + (iterator.dropped ?? 0) < args.total;
      break;
    }
    if (next.done) break;
    count++;
    busy(args.workUs);
    if (client.raw.pendingCount > maxPending) maxPending = client.raw.pendingCount;
    if (count % args.sampleEvery === 0) samples.push(heap());
    if (count + (iterator.dropped ?? 0) >= args.total) break;
    // Yield now and then so timers (the held connect) run, as a real consumer awaiting I/O would.
    if (count % 100 === 0) await new Promise((r) => setImmediate(r));
  }
  void iterator.return?.();
  const wall = (performance.now() - t0) / 1000;
  if (samples.length < 2) samples.push(heap());
  const growth = samples.slice(1).map((h) => h - samples[1]);
  return {
    messages: count,
    dropped: iterator.dropped ?? 0,
    stalled,
    overflow: args.overflow ?? 'drop-oldest (default)',
    wallSeconds: wall,
    maxPendingCount: args.maxPendingCount,
    maxPendingSeen: maxPending,
    heapSamples: samples,
    heapMin: Math.min(...samples.slice(1)),
    heapMax: Math.max(...samples.slice(1)),
    heapSpread: Math.max(...growth) - Math.min(...growth),
  };
};

const timer = setTimeout(() => {
  console.log(JSON.stringify({ na: `timeout after ${args.timeoutMs} ms` }));
  process.exit(2);
}, args.timeoutMs ?? 60_000);

try {
  const load = adapters[args.kind];
  if (!load) throw new Error(`unknown client kind ${args.kind}`);
  const factory = await load();
  const create = () => factory(args);
  const run = scenarios[args.scenario];
  const client = args.scenario === 'first' ? undefined : create();
  const result = await run(client, create);
  console.log(JSON.stringify(result));
  clearTimeout(timer);
  // Leave at once: the measurement is done, and some peers keep timers alive after disconnect.
  process.exit(0);
} catch (error) {
  console.log(JSON.stringify({ na: String(error?.message ?? error).split('\n')[0] }));
  process.exit(1);
}
