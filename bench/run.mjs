// `npm run bench`: rxwire against the clients people would otherwise use, on the same servers, the
// same machine and in the same run, as ratios. Raw numbers go to bench/results.json.
//
//   node bench/run.mjs                    everything (a few minutes)
//   node bench/run.mjs --quick            one repetition instead of three
//   node bench/run.mjs --reps=5           the median of five repetitions
//   node bench/run.mjs --only=rpc,size    some sections (receive, lp, faye, publish, first, rpc, rpc-alloc, inspect, memory, react, size)
//   node bench/run.mjs --only=rpc --in-flight=64   the RPC tables at these calls in flight only (default 1,64)
//   node bench/run.mjs --update-docs      also rewrite the table in BENCHMARKS.md
//   node bench/run.mjs --only=inspect --inspect-base=main   inspect$'s cost against another build (default: the commit before inspect$)
//   node bench/run.mjs --cpu-prof         write a V8 CPU profile of every client run to bench/profiles/
//   node bench/run.mjs --heap-prof        the same with a sampling heap profile (allocations)
//
// Client-bound setup: small fast servers written for the bench (bench/lib/*Server.mjs) on core 0,
// each client run in a fresh process on core 1 (taskset), client CPU counted inside the client
// process with process.cpuUsage(). Loopback only; every run is bounded by a timeout.
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { canPin, root, runClient as runClientPlain, startServer } from './lib/harness.mjs';
import { budgets, kb, measureAll } from './size.mjs';
import { buildInspectBundles } from './lib/inspectBundles.mjs';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const only = argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const optionValue = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const reps = Number(optionValue('reps') ?? (quick ? 1 : 3));
const rpcInFlight = (optionValue('in-flight') ?? '1,64').split(',').map(Number);
const want = (section) => !only || only.includes(section);
const started = Date.now();
const profileDir = join(root, 'bench/profiles');
/** `--cpu-prof` / `--heap-prof`: a V8 CPU or sampling heap profile of every client run, in bench/profiles/. */
const profiles = ['cpu-prof', 'heap-prof'].filter((flag) => argv.includes(`--${flag}`));
if (profiles.length) mkdirSync(profileDir, { recursive: true });
const runClient = (script, args, options = {}) => {
  const name = [args.scenario ?? 'rpc', args.kind, args.transport ?? '', args.perFrame ?? args.inFlight ?? '', Date.now()].join('-');
  const profiling = profiles.flatMap((flag) => [`--${flag}`, `--${flag}-dir=${profileDir}`, `--${flag}-name=${name}.${flag === 'cpu-prof' ? 'cpuprofile' : 'heapprofile'}`]);
  return runClientPlain(script, args, { ...options, nodeArgs: [...(options.nodeArgs ?? []), ...profiling] });
};

const results = {
  machine: {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${process.platform} ${release()}`,
    loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))),
    pinned: canPin ? 'servers on core 0, clients on core 1 (taskset)' : 'not pinned (no taskset or a single core)',
  },
  commit: (() => {
    try {
      return execSync('git rev-parse --short HEAD', { cwd: root, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })(),
  date: new Date().toISOString(),
  repetitions: reps,
  sections: {},
};
const out = [];
const print = (line = '') => {
  out.push(line);
  console.log(line);
};

const median = (runs, key) => {
  const ok = runs.filter((r) => !r.na && Number.isFinite(r[key]));
  if (!ok.length) return runs[0];
  const sorted = [...ok].sort((a, b) => a[key] - b[key]);
  return { ...sorted[Math.floor(sorted.length / 2)], runs: ok.map((r) => r[key]) };
};

const fmt = (n) => {
  if (!Number.isFinite(n)) return 'n/a';
  if (Number.isInteger(n) && Math.abs(n) < 1e3) return String(n);
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}k`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  if (n >= 10) return n.toFixed(0);
  return n.toFixed(2);
};
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : '–');

/**
 * Prints one table: a row per client, its metric, the ratio to the floor (`floorKind`), and how
 * rxwire compares with that client (rxwire ÷ client, higher is better for rxwire when `higherIsBetter`).
 */
function table(title, rows, { metric, label, floorKind = 'raw', rxwireKind = 'rxwire', extra = [], higherIsBetter = true }) {
  print(`\n### ${title}\n`);
  const floor = rows.find((r) => r.kind === floorKind)?.result?.[metric];
  const mine = rows.find((r) => r.kind === rxwireKind)?.result?.[metric];
  const hasFloor = rows.some((r) => r.kind === floorKind);
  const head = ['client', label, ...(hasFloor ? [`× ${floorKind} floor`] : []), higherIsBetter ? 'rxwire ÷ client' : 'client ÷ rxwire', ...extra.map((e) => e.label)];
  print(`| ${head.join(' | ')} |`);
  print(`| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`);
  for (const { kind, name, result } of rows) {
    if (!result || result.na) {
      print(`| ${name ?? kind} | n/a (${result?.na ?? 'not run'}) |${' |'.repeat(head.length - 2)}`);
      continue;
    }
    const v = result[metric];
    const vsMine = kind === rxwireKind ? '1.00x' : higherIsBetter ? ratio(mine, v) : ratio(v, mine);
    const cells = [name ?? kind, fmt(v), ...(hasFloor ? [kind === floorKind ? '1.00x' : ratio(v, floor)] : []), vsMine, ...extra.map((e) => e.get(result))];
    print(`| ${cells.join(' | ')} |`);
  }
}

async function series(kinds, runOne, key) {
  const runs = new Map(kinds.map((k) => [k, []]));
  for (let i = 0; i < reps; i++) for (const k of kinds) runs.get(k).push(await runOne(k));
  // `rounds`: every repetition in the order it ran, so that two clients can be compared round by round.
  return kinds.map((k) => ({ kind: k, result: median(runs.get(k), key), rounds: runs.get(k) }));
}

/**
 * Two clients compared round by round: in each round of the series the two ran a few seconds apart,
 * so the machine's slow drift (another process, CPU frequency) touches both alike, and the ratio of
 * the pair is steadier than the ratio of two medians taken over the whole series. Prints the median
 * of the per-round ratios and their range.
 */
function pairedRatio(rows, kindA, kindB, key) {
  const roundsOf = (kind) => rows.find((r) => r.kind === kind)?.rounds ?? [];
  const a = roundsOf(kindA);
  const b = roundsOf(kindB);
  const ratios = a
    .map((run, i) => (Number.isFinite(run?.[key]) && Number.isFinite(b[i]?.[key]) && b[i][key] > 0 ? run[key] / b[i][key] : NaN))
    .filter(Number.isFinite)
    .sort((x, y) => x - y);
  if (!ratios.length) return '–';
  const mid = ratios[Math.floor(ratios.length / 2)];
  return ratios.length === 1 ? `${mid.toFixed(2)}x` : `${mid.toFixed(2)}x (rounds ${ratios[0].toFixed(2)}–${ratios.at(-1).toFixed(2)}x)`;
}

const bayeuxKinds = ['raw', 'rxwire', 'cometd', 'faye'];
const clientNames = { raw: 'raw ws + JSON.parse', rawLp: 'raw node:http + JSON.parse', rxwire: 'rxwire BayeuxClient', cometd: 'cometd (cometd-nodejs-client)', faye: 'Faye Client' };
const named = (rows, names = clientNames) => rows.map((r) => ({ ...r, name: names[r.kind] ?? r.kind }));

// ---------------------------------------------------------------------------------------------
if (want('receive') || want('lp') || want('publish') || want('first') || want('memory')) {
  const server = await startServer('lib/bayeuxServer.mjs');
  const url = server.url();
  const receive = async (transport, perFrame, total) =>
    series(
      bayeuxKinds,
      (kind) => {
        server.send({ type: 'config', config: { channel: '/bench', mode: 'push', total, perFrame, delayMs: 0 } });
        return runClient('lib/bayeuxClient.mjs', { kind, scenario: 'receive', url, transport, total, channel: '/bench' }, { timeoutMs: 45_000 });
      },
      'perCpuSecond',
    );
  const receiveExtra = [
    { label: 'msgs/s (wall)', get: (r) => fmt(r.perSecond) },
    { label: 'transport', get: (r) => r.connectionType },
  ];

  if (want('receive')) {
    for (const [perFrame, total] of [
      [1, 200_000],
      [50, 1_000_000],
    ]) {
      const rows = named(await receive('websocket', perFrame, total));
      results.sections[`receive-ws-${perFrame}`] = { perFrame, total, rows };
      table(`Bayeux receive over WebSocket, ${perFrame} message${perFrame > 1 ? 's' : ''} per frame (${fmt(total)} messages, fast server)`, rows, {
        metric: 'perCpuSecond',
        label: 'msgs per client CPU-s',
        extra: receiveExtra,
      });
      print('');
      print(`Target at ${perFrame} per frame (per client CPU-s, median of the per-round ratios): rxwire ${pairedRatio(rows, 'rxwire', 'raw', 'perCpuSecond')} the raw floor (>= 0.9x).`);
    }
  }
  if (want('lp')) {
    for (const [perFrame, total] of [
      [1, 2_000],
      [50, 50_000],
    ]) {
      const rows = named(await receive('long-polling', perFrame, total), { ...clientNames, raw: 'raw node:http + JSON.parse' });
      results.sections[`receive-lp-${perFrame}`] = { perFrame, total, rows };
      table(`Bayeux receive over long-polling, ${perFrame} message${perFrame > 1 ? 's' : ''} per response (${fmt(total)} messages, fast server)`, rows, {
        metric: 'perCpuSecond',
        label: 'msgs per client CPU-s',
        extra: receiveExtra,
      });
    }
  }
  if (want('publish')) {
    const total = 50_000;
    const burst = 100;
    const rows = named(
      await series(
        bayeuxKinds,
        (kind) => {
          server.send({ type: 'config', config: { channel: '/bench', mode: 'none', delayMs: 0 } });
          return runClient('lib/bayeuxClient.mjs', { kind, scenario: 'publish', url, transport: 'websocket', total, burst, channel: '/pub' }, { timeoutMs: 45_000 });
        },
        'perCpuSecond',
      ),
    );
    results.sections['publish-ws'] = { total, burst, rows };
    table(`Bayeux publish over WebSocket (${fmt(total)} publishes, ${burst} issued per tick, each burst acknowledged)`, rows, {
      metric: 'perCpuSecond',
      label: 'publishes per client CPU-s',
      extra: [{ label: 'publishes/s (wall)', get: (r) => fmt(r.perSecond) }],
    });
  }
  if (want('first')) {
    // Each client from `new` to its first message on a fresh channel, in a fresh process; once with
    // no added latency and once with every request delayed DELAY ms at the server. The difference
    // divided by DELAY is the number of round trips the client waited for one after the other.
    const DELAY = 50;
    for (const transport of ['websocket', 'long-polling']) {
      const once = async (kind, delayMs) => {
        server.send({ type: 'reset' });
        server.send({ type: 'config', config: { channel: '/first', mode: 'first', delayMs } });
        const r = await runClient('lib/bayeuxClient.mjs', { kind, scenario: 'first', url, transport, channel: '/first' }, { timeoutMs: 20_000 });
        const { snapshot } = await server.stats();
        return { ...r, server: snapshot };
      };
      await once('raw', 0); // warm the file cache and the server
      const rows = [];
      for (const kind of bayeuxKinds) {
        const fast = [];
        const slow = [];
        for (let i = 0; i < reps; i++) {
          fast.push(await once(kind, 0));
          slow.push(await once(kind, DELAY));
        }
        const f = median(fast, 'ms');
        const s = median(slow, 'ms');
        const trips = Number.isFinite(f.ms) && Number.isFinite(s.ms) ? Math.round((s.ms - f.ms) / DELAY) : NaN;
        const result = f.na
          ? f
          : s.na
            ? s
            : { ms: f.ms, msWithDelay: s.ms, roundTrips: trips, connectionType: f.connectionType, server: s.server ?? f.server };
        rows.push({ kind, name: clientNames[transport === 'long-polling' && kind === 'raw' ? 'rawLp' : kind] ?? kind, result });
      }
      results.sections[`first-${transport}`] = { delayMs: DELAY, rows };
      table(`Time to first message over ${transport} (from \`new\` to the first message on a fresh channel)`, rows, {
        metric: 'ms',
        label: 'ms (loopback)',
        higherIsBetter: false,
        extra: [
          { label: 'round trips waited', get: (r) => String(r.roundTrips) },
          { label: `ms with ${DELAY} ms per request`, get: (r) => fmt(r.msWithDelay) },
          { label: 'TCP conns / HTTP reqs / upgrades / frames', get: (r) => (r.server ? `${r.server.tcpConnections} / ${r.server.httpRequests} / ${r.server.wsUpgrades} / ${r.server.wsFramesIn}` : '') },
          { label: 'transport used', get: (r) => r.connectionType },
        ],
      });
    }
  }
  if (want('memory')) {
    const count = 1000;
    const rows = [];
    for (const kind of ['rxwire', 'cometd', 'faye']) {
      server.send({ type: 'config', config: { channel: '/none', mode: 'none', delayMs: 0 } });
      const runs = [];
      for (let i = 0; i < reps; i++) runs.push(await runClient('lib/bayeuxClient.mjs', { kind, scenario: 'subscriptions', url, transport: 'websocket', count }, { timeoutMs: 30_000 }));
      rows.push({ kind, name: clientNames[kind], result: median(runs, 'heapBytes') });
    }
    results.sections['memory-subscriptions'] = { count, rows };
    table(`Heap per ${count} channel subscriptions (each confirmed by the server; after gc)`, rows, {
      metric: 'heapBytes',
      label: `heap bytes per ${count}`,
      floorKind: 'none',
      higherIsBetter: false,
      extra: [{ label: 'bytes per subscription', get: (r) => fmt(r.bytesPerSubscription) }],
    });

    const total = 100_000;
    const slowRows = [];
    for (const overflow of ['pause', undefined]) {
      server.send({ type: 'config', config: { channel: '/bench', mode: 'push', total, perFrame: 1, delayMs: 0 } });
      const r = await runClient(
        'lib/bayeuxClient.mjs',
        { kind: 'rxwire', scenario: 'slow', url, transport: 'websocket', channel: '/bench', total, maxPendingCount: 100, overflow, workUs: 10, sampleEvery: 10_000, stallMs: 3_000 },
        { timeoutMs: 60_000 },
      );
      const { stats } = await server.stats();
      slowRows.push({ kind: 'rxwire', name: `rxwire async iterator, overflow ${overflow ?? 'default (drop-oldest)'}`, result: { ...r, serverDrainWaits: stats.drainWaits } });
    }
    results.sections['memory-slow-consumer'] = { total, maxPendingCount: 100, workUs: 10, rows: slowRows };
    print(`\n### Slow consumer: heap while the server pushes ${fmt(total)} messages (maxPendingCount 100, 10 µs of work per message)\n`);
    print('| client | delivered | dropped (counted by the iterator) | heap after gc, min – max | spread | max pending seen | server waited for TCP drain |');
    print('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const { name, result: r } of slowRows) {
      if (r.na) print(`| ${name} | n/a (${r.na}) | | | | | |`);
      else
        print(
          `| ${name} | ${fmt(r.messages)}${r.stalled ? ' (stalled: no message for 3 s)' : ''} | ${fmt(r.dropped)} | ${(r.heapMin / 1e6).toFixed(2)} – ${(r.heapMax / 1e6).toFixed(2)} MB | ${(r.heapSpread / 1e3).toFixed(0)} KB | ${r.maxPendingSeen} | ${r.serverDrainWaits} times |`,
        );
    }
  }
  await server.close();
}

// ---------------------------------------------------------------------------------------------
if (want('faye')) {
  const server = await startServer('lib/fayeServer.mjs');
  const total = 50_000;
  const rows = named(
    await series(
      bayeuxKinds,
      (kind) => {
        server.send({ type: 'config', config: { channel: '/bench', total, burst: 100 } });
        return runClient('lib/bayeuxClient.mjs', { kind, scenario: 'receive', url: server.url('/faye'), transport: 'websocket', total, channel: '/bench' }, { timeoutMs: 45_000 });
      },
      'perCpuSecond',
    ),
  );
  results.sections['receive-faye-server'] = { total, rows };
  table(`Realistic: receive from a real Faye NodeAdapter server over WebSocket (${fmt(total)} messages published server-side)`, rows, {
    metric: 'perCpuSecond',
    label: 'msgs per client CPU-s',
    extra: [
      { label: 'msgs/s (wall, server-bound)', get: (r) => fmt(r.perSecond) },
      { label: 'transport', get: (r) => r.connectionType },
    ],
  });
  await server.close();
}

// ---------------------------------------------------------------------------------------------
if (want('rpc')) {
  const server = await startServer('lib/rpcServer.mjs');
  const aioServer = await startServer('lib/aioServer.mjs');
  const urls = { jsonRpc: `ws://127.0.0.1:${server.port}`, aio: `ws://127.0.0.1:${aioServer.port}/stream` };
  // Both floors: the bare raw loop, and the same loop in a process that loaded @rxwire/rpc (its
  // modules alone slow the raw loop's GC a few percent). The aio-openapi rows run against the demo's
  // aio-openapi server, with their own floor.
  const rpcKinds = ['raw', 'rawLoaded', 'rxwire', 'rxwireBatch', 'rpc-websockets', 'json-rpc-2.0', 'rawAio', 'rxwireAio'];
  const rpcNames = {
    raw: 'raw ws + JSON',
    rawLoaded: 'raw ws + JSON, @rxwire/rpc loaded',
    rxwire: 'rxwire RpcClient',
    rxwireBatch: 'rxwire RpcClient, batch: true',
    'rpc-websockets': 'rpc-websockets Client',
    'json-rpc-2.0': 'json-rpc-2.0 over ws',
    rawAio: 'raw ws + JSON, aio-openapi server, @rxwire/rpc loaded',
    rxwireAio: 'rxwire RpcClient, aioOpenApi(), aio-openapi server',
  };
  const urlOf = (kind) => (kind.endsWith('Aio') ? urls.aio : urls.jsonRpc);
  for (const inFlight of rpcInFlight) {
    // Steady state: a warm-up, then the next 100,000 calls (20,000 at one in flight) are measured.
    const calls = inFlight === 1 ? 20_000 : 100_000;
    const rows = (
      await series(
        rpcKinds,
        (kind) => runClient('lib/rpcClient.mjs', { kind, url: urlOf(kind), inFlight, warmupMs: 500, calls }, { timeoutMs: 60_000 }),
        'perCpuSecond',
      )
    ).map((r) => ({ ...r, name: rpcNames[r.kind] }));
    results.sections[`rpc-${inFlight}`] = { inFlight, calls, rows };
    const perCpu = (kind) => rows.find((x) => x.kind === kind)?.result?.perCpuSecond;
    table(`JSON-RPC echo over WebSocket, ${inFlight} call${inFlight > 1 ? 's' : ''} in flight, ${fmt(calls)} calls (fast server)`, rows, {
      metric: 'perSecond',
      label: 'calls/s',
      extra: [
        { label: 'calls per client CPU-s', get: (r) => fmt(r.perCpuSecond) },
        { label: 'CPU-s × raw', get: (r) => ratio(r.perCpuSecond, perCpu('raw')) },
        { label: 'CPU-s × raw loaded', get: (r) => ratio(r.perCpuSecond, perCpu('rawLoaded')) },
        { label: 'p50 ms', get: (r) => r.p50ms.toFixed(3) },
        { label: 'p99 ms', get: (r) => r.p99ms.toFixed(3) },
      ],
    });
    // Issue 12's speed targets, per client CPU-second, as medians of the per-round ratios.
    const perCpuRatio = (a, b) => pairedRatio(rows, a, b, 'perCpuSecond');
    print('');
    print(
      `Targets at ${inFlight} in flight (per client CPU-s, median of the per-round ratios): json-rpc ${perCpuRatio('rxwire', 'rpc-websockets')} rpc-websockets (>= 0.95x), ` +
        `p99 ${pairedRatio(rows, 'rxwire', 'rpc-websockets', 'p99ms')} of its (<= 1.2x); json-rpc ${perCpuRatio('rxwire', 'raw')} raw floor, ` +
        `${perCpuRatio('rxwire', 'rawLoaded')} floor with @rxwire/rpc loaded (>= 0.9x); aio-openapi ${perCpuRatio('rxwireAio', 'rawAio')} its floor (>= 0.9x); ` +
        `batch ${perCpuRatio('rxwireBatch', 'rpc-websockets')} rpc-websockets (>= 1.5x).`,
    );
  }
  await server.close();
  await aioServer.close();
}

// ---------------------------------------------------------------------------------------------
if (want('rpc-alloc')) {
  // Bytes allocated per call, rxwire against the raw loop, each in its own process (no GC during
  // the measured calls, so the heap growth is what they allocated).
  const server = await startServer('lib/rpcServer.mjs');
  const url = `ws://127.0.0.1:${server.port}`;
  const kinds = ['raw', 'rawLoaded', 'rxwire', 'rxwireBatch'];
  const names = { raw: 'raw ws + JSON', rawLoaded: 'raw ws + JSON, @rxwire/rpc loaded', rxwire: 'rxwire RpcClient', rxwireBatch: 'rxwire RpcClient, batch: true' };
  const rows = named(await series(kinds, (kind) => runClient('lib/rpcAllocInMemory.mjs', { kind, url, inFlight: rpcInFlight.at(-1) ?? 64 }, { timeoutMs: 60_000, nodeArgs: ['--min-semi-space-size=256', '--max-semi-space-size=256'] }), 'bytesPerCall'), names);
  results.sections['rpc-alloc'] = { rows };
  const raw = rows.find((r) => r.kind === 'raw')?.result?.bytesPerCall;
  print(`\n### Bytes allocated per RPC call, ${rpcInFlight.at(-1) ?? 64} in flight (client process, heap growth without GC)\n`);
  print('| client | bytes/call | − raw |');
  print('| --- | ---: | ---: |');
  for (const { kind, name, result } of rows) {
    if (!result || result.na) print(`| ${name ?? kind} | n/a (${result?.na ?? 'not run'}) | |`);
    else print(`| ${name} | ${Math.round(result.bytesPerCall)} | ${Math.round(result.bytesPerCall - raw)} |`);
  }
  await server.close();
}

// ---------------------------------------------------------------------------------------------
if (want('inspect')) {
  // What inspect$ costs: the same client built without it (the commit before it was added), with it
  // while nobody observes (the promise: nothing measurable), and with an observer of every event.
  const dir = mkdtempSync(join(tmpdir(), 'rxwire-inspect-bench-'));
  const bundles = await buildInspectBundles(dir, argv.find((a) => a.startsWith('--inspect-base='))?.slice(15));
  const variants = {
    base: { bundle: bundles.base, observe: false, name: `without inspect$ (${bundles.commit})` },
    unobserved: { bundle: bundles.current, observe: false, name: 'inspect$, not observed' },
    observed: { bundle: bundles.current, observe: true, name: 'inspect$, observed' },
  };
  const kinds = Object.keys(variants);
  const extra = (unit) => [
    { label: `${unit} (wall)`, get: (r) => fmt(r.perSecond) },
    { label: 'events seen', get: (r) => fmt(r.events) },
  ];
  const bayeuxServer = await startServer('lib/bayeuxServer.mjs');
  const total = 300_000;
  const bayeuxRows = (
    await series(
      kinds,
      (kind) => {
        bayeuxServer.send({ type: 'config', config: { channel: '/bench', mode: 'push', total, perFrame: 50, delayMs: 0 } });
        return runClient('lib/inspectClient.mjs', { ...variants[kind], mode: 'bayeux', url: bayeuxServer.url(), total }, { timeoutMs: 45_000 });
      },
      'perCpuSecond',
    )
  ).map((r) => ({ ...r, name: variants[r.kind].name }));
  await bayeuxServer.close();
  results.sections['inspect-bayeux'] = { total, perFrame: 50, baseline: bundles.commit, rows: bayeuxRows };
  table(`inspect$: Bayeux receive over WebSocket, 50 messages per frame (${fmt(total)} messages)`, bayeuxRows, {
    metric: 'perCpuSecond',
    label: 'msgs per client CPU-s',
    floorKind: 'base',
    rxwireKind: 'unobserved',
    extra: extra('msgs/s'),
  });
  const rpcServer = await startServer('lib/rpcServer.mjs');
  const rpcRows = (
    await series(
      kinds,
      (kind) => runClient('lib/inspectClient.mjs', { ...variants[kind], mode: 'rpc', url: `ws://127.0.0.1:${rpcServer.port}`, inFlight: 64, warmupMs: 300, durationMs: 3_000 }, { timeoutMs: 30_000 }),
      'perCpuSecond',
    )
  ).map((r) => ({ ...r, name: variants[r.kind].name }));
  await rpcServer.close();
  results.sections['inspect-rpc'] = { inFlight: 64, baseline: bundles.commit, rows: rpcRows };
  table('inspect$: JSON-RPC echo over WebSocket, 64 calls in flight', rpcRows, {
    metric: 'perCpuSecond',
    label: 'calls per client CPU-s',
    floorKind: 'base',
    rxwireKind: 'unobserved',
    extra: extra('calls/s'),
  });
  rmSync(dir, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
if (want('react')) {
  // React rendering in Chromium against react-use-websocket (bench/reactFrameRate.mjs).
  const { measureReactFrameRate } = await import('./reactFrameRate.mjs');
  results.sections.react = await measureReactFrameRate({ reps, print });
  if (results.sections.react.skipped) print(`\n### React in Chromium: skipped (${results.sections.react.skipped})`);
}

// ---------------------------------------------------------------------------------------------
if (want('size')) {
  const sizes = await measureAll();
  results.sections.size = sizes;
  print('\n### Bundle size as an app pays it (esbuild --bundle --splitting --minify --format=esm --platform=browser from outside the checkout; entry + static chunks, gzip -9; 1 KB = 1000 bytes)\n');
  print('| bundle | gzipped | minified | target | biggest parts (minified) |');
  print('| --- | ---: | ---: | ---: | --- |');
  for (const r of sizes) {
    if (r.skipped || r.failed) {
      print(`| ${r.name} | ${r.skipped ? `skipped: ${r.skipped}` : `failed: ${r.failed}`} | | | |`);
      continue;
    }
    const budget = budgets[r.name];
    const parts = Object.entries(r.byPackage)
      .filter(([p]) => p !== 'entry.mjs')
      .slice(0, 4)
      .map(([p, b]) => `${p} ${kb(b)}`)
      .join(', ');
    print(
      `| ${r.name}${r.note ? ` (${r.note})` : ''} | ${kb(r.gzipped)} | ${kb(r.minified)} | ${budget ? `${kb(budget)} ${r.gzipped <= budget ? 'ok' : 'OVER'}` : ''} | ${parts} |`,
    );
  }
}

results.seconds = Math.round((Date.now() - started) / 1000);
results.machine.loadAverageAtEnd = loadavg().map((l) => Number(l.toFixed(2)));
// A partial run (--only) does not replace the committed full results.
const resultsFile = only ? 'bench/results-partial.json' : 'bench/results.json';
writeFileSync(join(root, resultsFile), `${JSON.stringify(results, null, 2)}\n`);
print(`\n${results.machine.cpu}, ${results.machine.cores} cores, Node ${results.machine.node}; ${results.machine.pinned}; median of ${reps}; ${results.seconds} s; load average ${results.machine.loadAverageAtStart[0]} at start, ${results.machine.loadAverageAtEnd[0]} at end (other work on the machine disturbs the figures). Raw numbers: ${resultsFile}`);

if (argv.includes('--update-docs')) {
  const path = join(root, 'BENCHMARKS.md');
  const doc = readFileSync(path, 'utf8');
  const begin = '<!-- bench:begin -->';
  const end = '<!-- bench:end -->';
  const i = doc.indexOf(begin);
  const j = doc.indexOf(end);
  if (i >= 0 && j > i) {
    writeFileSync(path, `${doc.slice(0, i + begin.length)}\nLatest run: ${results.date}, commit ${results.commit}.\n${out.join('\n')}\n${doc.slice(j)}`);
    console.log('BENCHMARKS.md updated.');
  } else console.log('BENCHMARKS.md has no bench:begin/bench:end markers; not updated.');
}
