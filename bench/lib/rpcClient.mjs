// One RPC client at N calls in flight, in its own process (pinned to core 1 by bench/run.mjs).
// argv[2]: JSON { kind, url, inFlight, warmupMs, durationMs }. Prints one JSON line: calls/s, calls
// per client CPU-second, p50/p99 latency in ms; or { na: reason }.
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';

const args = JSON.parse(process.argv[2]);
const params = { symbol: 'RXW', price: 101.25, size: 300 };

function deferred() {
  let resolve, reject;
  const promise = new Promise((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
}

function openWs(url) {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Each returns { call(): Promise<unknown>, close() }. */
const clients = {
  async rxwire(batch = false) {
    const { RpcClient } = await import('@rxwire/rpc');
    const rpc = new RpcClient({ url: args.url, protocol: 'json-rpc', batch, reconnect: false, logger: () => {} });
    await rpc.connect();
    // Correlation, timeouts (the default 30 s) and cancellation are all on: this is the normal call path.
    return { call: () => rpc.call('echo', params), close: () => rpc.close() };
  },
  rxwireBatch() {
    return clients.rxwire(true);
  },
  async 'rpc-websockets'() {
    const { Client } = await import('rpc-websockets');
    const client = new Client(args.url, { autoconnect: true, reconnect: false });
    await new Promise((resolve, reject) => {
      client.once('open', resolve);
      client.once('error', reject);
    });
    return { call: () => client.call('echo', params), close: () => client.close() };
  },
  async 'json-rpc-2.0'() {
    const { JSONRPCClient } = await import('json-rpc-2.0');
    const ws = await openWs(args.url);
    const client = new JSONRPCClient((request) => {
      ws.send(JSON.stringify(request));
    });
    ws.on('message', (data) => client.receive(JSON.parse(data)));
    return { call: () => client.request('echo', params), close: () => ws.close() };
  },
  /** The floor: ws + JSON.stringify/parse + an id -> resolver map. */
  async raw() {
    const ws = await openWs(args.url);
    const pending = new Map();
    let nextId = 1;
    ws.on('message', (data) => {
      const reply = JSON.parse(data);
      const resolve = pending.get(reply.id);
      if (resolve) {
        pending.delete(reply.id);
        resolve(reply.result);
      }
    });
    return {
      call() {
        const id = nextId++;
        const d = deferred();
        pending.set(id, d.resolve);
        ws.send(JSON.stringify({ jsonrpc: '2.0', method: 'echo', params, id }));
        return d.promise;
      },
      close: () => ws.close(),
    };
  },
};

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const guard = setTimeout(() => {
  console.log(JSON.stringify({ na: `timeout after ${args.timeoutMs} ms` }));
  process.exit(2);
}, args.timeoutMs ?? 60_000);

try {
  const make = clients[args.kind];
  if (!make) throw new Error(`unknown client ${args.kind}`);
  const client = await make();
  const check = await client.call();
  if (JSON.stringify(check) !== JSON.stringify(params)) throw new Error(`echo mismatch: ${JSON.stringify(check)}`);
  const latencies = new Float64Array(4_000_000);
  let n = 0;
  let measuring = false;
  let stop = false;
  const worker = async () => {
    while (!stop) {
      const t = performance.now();
      await client.call();
      if (measuring && n < latencies.length) latencies[n++] = performance.now() - t;
    }
  };
  const workers = Array.from({ length: args.inFlight }, worker);
  await new Promise((r) => setTimeout(r, args.warmupMs));
  measuring = true;
  const cpu0 = cpuNow();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, args.durationMs));
  const cpu = cpuNow() - cpu0;
  const wall = (performance.now() - t0) / 1000;
  const calls = n;
  measuring = false;
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
