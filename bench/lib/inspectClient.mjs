// One client of the inspect bench, in its own process (pinned to core 1 by bench/run.mjs).
// argv[2]: JSON { bundle, observe, mode: 'bayeux' | 'rpc', url, total?, inFlight?, warmupMs?, durationMs? }.
// `bundle` is one of the builds of lib/inspectBundles.mjs; with `observe`, an observer of inspect$
// counts every event (the recorder loaded first). Prints one JSON line: the result, or { na: reason }.
import { performance } from 'node:perf_hooks';
import { setImmediate } from 'node:timers';

const args = JSON.parse(process.argv[2]);
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const params = { symbol: 'RXW', price: 101.25, size: 300 };

/** Observes inspect$ and resolves once events flow (the recorder is a lazy chunk). */
async function observe(client, poke) {
  let events = 0;
  client.inspect$.subscribe(() => events++);
  while (events === 0) {
    await poke();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return () => events;
}

async function bayeux(lib) {
  const client = new lib.BayeuxClient({ url: args.url, connectionTypes: ['websocket', 'long-polling'], logger: () => {} });
  await client.connect();
  const events = args.observe ? await observe(client, () => client.publish('/warm', 1)) : () => 0;
  let count = 0;
  let resolveDone;
  const done = new Promise((resolve) => (resolveDone = resolve));
  const cpu0 = cpuNow();
  const t0 = performance.now();
  client.channel('/bench').messages$.subscribe(() => {
    if (++count === args.total) resolveDone();
  });
  await done;
  const cpu = cpuNow() - cpu0;
  const wall = (performance.now() - t0) / 1000;
  await client.disconnect();
  return { messages: count, events: events(), cpuSeconds: cpu, perCpuSecond: count / cpu, perSecond: count / wall };
}

async function rpc(lib) {
  const client = new lib.RpcClient({ url: args.url, protocol: 'json-rpc', reconnect: false, logger: () => {} });
  await client.connect();
  const events = args.observe ? await observe(client, () => client.call('echo', params)) : () => 0;
  let n = 0;
  let measuring = false;
  let stop = false;
  const worker = async () => {
    while (!stop) {
      await client.call('echo', params);
      if (measuring) n++;
    }
  };
  const workers = Array.from({ length: args.inFlight }, worker);
  await new Promise((resolve) => setTimeout(resolve, args.warmupMs));
  measuring = true;
  const cpu0 = cpuNow();
  const t0 = performance.now();
  await new Promise((resolve) => setTimeout(resolve, args.durationMs));
  const cpu = cpuNow() - cpu0;
  const wall = (performance.now() - t0) / 1000;
  measuring = false;
  stop = true;
  await Promise.all(workers);
  await client.close();
  return { calls: n, events: events(), cpuSeconds: cpu, perCpuSecond: n / cpu, perSecond: n / wall };
}

const guard = setTimeout(() => {
  console.log(JSON.stringify({ na: `timeout after ${args.timeoutMs} ms` }));
  process.exit(2);
}, args.timeoutMs ?? 60_000);

try {
  const lib = await import(args.bundle);
  const result = await (args.mode === 'rpc' ? rpc(lib) : bayeux(lib));
  console.log(JSON.stringify(result));
  clearTimeout(guard);
  process.exit(0);
} catch (error) {
  console.log(JSON.stringify({ na: String(error?.message ?? error).split('\n')[0] }));
  process.exit(1);
}
