// Where an RPC call's cost goes, in measures that do not depend on how busy the machine is: the
// instructions a call executes (callgrind), the bytes it allocates, and what it promotes to the old
// generation. rxwire at a base commit, rxwire in the working tree, the raw `ws` + JSON floor and (for
// JSON-RPC) rpc-websockets, side by side in one run, at 64 calls in flight against the bench servers.
//
//   node bench/rpcProfile.mjs                          both dialects, every measure, base = HEAD
//   node bench/rpcProfile.mjs --base=main --dialects=json-rpc --measures=ir
//   node bench/rpcProfile.mjs --reps=3                 the median of three runs of each measure
//
// Instructions per call: each client runs twice under `valgrind --tool=callgrind` (JIT and GC
// threads included), with the same warm-up and 5,000 or 25,000 measured calls; the difference of the
// two totals over the 20,000 extra calls cancels start-up and teardown. Bytes per call: the heap's
// growth over 20,000 calls with a young generation big enough that no GC runs. Promoted: the sum of
// `promoted=` of the scavenges (--trace-gc-nvp) during 100,000 calls after a 20,000-call warm-up.
// Calls per client CPU-second and p99 (100,000 calls, pinned to core 1) come beside them, but those
// depend on the machine's load.
// Both rxwire builds are esbuild bundles of the sources (lib/inspectBundles.mjs): no `npm run build`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchDir, canPin, startServer } from './lib/harness.mjs';
import { buildInspectBundles } from './lib/inspectBundles.mjs';

const argv = process.argv.slice(2);
const option = (name, fallback) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const base = option('base', 'HEAD');
const dialects = option('dialects', 'json-rpc,aio-openapi').split(',');
const measures = option('measures', 'ir,bytes,gc,cpu').split(',');
const reps = Number(option('reps', 1));
const inFlight = Number(option('in-flight', 64));

/** Runs one client process; resolves with its stdout, stderr and last JSON line. */
function runProcess(cmd, cmdArgs) {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.on('exit', () => {
      clearTimeout(killer);
      const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
      let result;
      try {
        result = line ? JSON.parse(line) : { na: err.trim().split('\n').slice(-3).join(' ').slice(0, 200) };
      } catch {
        result = { na: 'unreadable output' };
      }
      resolve({ out, err, result });
    });
  });
}

const clientScript = join(benchDir, 'lib/rpcProfileClient.mjs');
const clientArgs = (client, extra) => JSON.stringify({ ...client, inFlight, ...extra });

async function instructions(client) {
  const total = async (calls) => {
    const { err, result } = await runProcess('valgrind', [
      '--tool=callgrind',
      '--callgrind-out-file=/dev/null',
      '--smc-check=all-non-file',
      process.execPath,
      // Compilation and marking on the main thread, and no incremental marking (whose start depends
      // on timing): otherwise the totals of two identical runs differ by more than a call costs.
      '--single-threaded',
      '--no-incremental-marking',
      clientScript,
      clientArgs(client, { mode: 'run', warmup: 10_000, calls }),
    ]);
    if (result.na) throw new Error(result.na);
    const collected = /Collected : (\d+)/.exec(err);
    if (!collected) throw new Error('no callgrind total');
    return Number(collected[1]);
  };
  const [few, many] = [await total(5_000), await total(25_000)];
  return (many - few) / 20_000;
}

async function bytes(client) {
  const { result } = await runProcess(process.execPath, [
    '--expose-gc',
    '--min-semi-space-size=256',
    '--max-semi-space-size=256',
    clientScript,
    clientArgs(client, { mode: 'bytes', warmup: 20_000, calls: 20_000 }),
  ]);
  if (result.na) throw new Error(result.na);
  return result.bytesPerCall;
}

async function cpu(client) {
  // Pinned to core 1 (the servers are not pinned here): the one wall-clock measure of this script.
  const pin = canPin ? ['taskset', ['-c', '1', process.execPath]] : [process.execPath, []];
  const { result } = await runProcess(pin[0], [...pin[1], clientScript, clientArgs(client, { mode: 'cpu', warmup: 20_000, calls: 100_000 })]);
  if (result.na) throw new Error(result.na);
  return result;
}

async function promoted(client) {
  // Line-buffered, so V8's GC trace and the client's markers arrive in the order they were written.
  const { out, result } = await runProcess('stdbuf', ['-oL', process.execPath, '--trace-gc-nvp', clientScript, clientArgs(client, { mode: 'gc', warmup: 20_000, calls: 100_000 })]);
  if (result.na) throw new Error(result.na);
  const window = out.slice(out.indexOf('MARK start'), out.indexOf('MARK end'));
  let bytesPromoted = 0;
  let scavenges = 0;
  let markCompacts = 0;
  for (const line of window.split('\n')) {
    const kind = / gc=(\w+)/.exec(line)?.[1];
    if (kind === 's') scavenges++;
    else if (kind) markCompacts++;
    if (kind === 's') bytesPromoted += Number(/ promoted=(\d+)/.exec(line)?.[1] ?? 0);
  }
  return { bytesPromoted, scavenges, markCompacts };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const dir = mkdtempSync(join(tmpdir(), 'rxwire-rpc-profile-'));
const servers = [];
try {
  const bundles = await buildInspectBundles(dir, base);
  for (const dialect of dialects) {
    const server = await startServer(dialect === 'aio-openapi' ? 'lib/aioServer.mjs' : 'lib/rpcServer.mjs');
    servers.push(server);
    const url = dialect === 'aio-openapi' ? `ws://127.0.0.1:${server.port}/stream` : `ws://127.0.0.1:${server.port}`;
    const clients = {
      'raw ws + JSON': { client: 'raw', bundle: bundles.current },
      [`rxwire at ${bundles.commit}`]: { client: 'rxwire', bundle: bundles.base },
      'rxwire, working tree': { client: 'rxwire', bundle: bundles.current },
      ...(dialect === 'json-rpc' ? { 'rpc-websockets': { client: 'rpc-websockets', bundle: bundles.current } } : {}),
    };
    console.log(`\n${dialect}, ${inFlight} calls in flight${reps > 1 ? `, median of ${reps}` : ''}`);
    console.log(`  ${'client'.padEnd(24)} ${'instr/call'.padStart(11)} ${'bytes/call'.padStart(11)} ${'promoted/100k calls'.padStart(20)} ${'scavenges'.padStart(9)} ${'calls/CPU-s'.padStart(12)} ${'p99 ms'.padStart(8)}`);
    for (const [name, spec] of Object.entries(clients)) {
      const client = { ...spec, dialect, url };
      const cells = [];
      try {
        if (measures.includes('ir')) {
          const runs = [];
          for (let i = 0; i < reps; i++) runs.push(await instructions(client));
          cells.push(Math.round(median(runs)).toLocaleString('en').padStart(11));
        } else cells.push('–'.padStart(11));
        if (measures.includes('bytes')) {
          const runs = [];
          for (let i = 0; i < reps; i++) runs.push(await bytes(client));
          cells.push(Math.round(median(runs)).toLocaleString('en').padStart(11));
        } else cells.push('–'.padStart(11));
        if (measures.includes('gc')) {
          const runs = [];
          for (let i = 0; i < reps; i++) runs.push(await promoted(client));
          const middle = runs.sort((a, b) => a.bytesPromoted - b.bytesPromoted)[Math.floor(runs.length / 2)];
          const mc = middle.markCompacts ? ` (+${middle.markCompacts} mark-compact)` : '';
          cells.push(`${(middle.bytesPromoted / 1e6).toFixed(2)} MB`.padStart(20), `${middle.scavenges}${mc}`.padStart(9));
        } else cells.push('–'.padStart(20), '–'.padStart(9));
        if (measures.includes('cpu')) {
          const runs = [];
          for (let i = 0; i < reps; i++) runs.push(await cpu(client));
          cells.push(Math.round(median(runs.map((r) => r.perCpuSecond))).toLocaleString('en').padStart(12), median(runs.map((r) => r.p99ms)).toFixed(2).padStart(8));
        }
      } catch (error) {
        cells.push(`n/a (${error.message})`);
      }
      console.log(`  ${name.padEnd(24)} ${cells.join(' ')}`);
    }
  }
} finally {
  for (const server of servers) await server.close();
  rmSync(dir, { recursive: true, force: true });
}
