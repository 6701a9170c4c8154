// Where the time of a Bayeux receive goes, and whether a change to the inbound path helped: the raw
// `ws` + JSON.parse floor, rxwire as it is in the working tree, and rxwire at a base commit, side by
// side in one run (each client in its own process, pinned as in bench/run.mjs), as ratios to the floor.
//
//   node bench/receiveProfile.mjs                         1 and 50 messages per frame, base = HEAD
//   node bench/receiveProfile.mjs --base=main --reps=3    against another commit, median of three
//   node bench/receiveProfile.mjs --per-frame=50 --cpu-prof
//       also a fine-grained V8 CPU profile of each client run (bench/profiles/), and its top
//       functions by self time printed below the table
//
// Both rxwire builds are esbuild bundles of the TypeScript sources (lib/inspectBundles.mjs), so the
// working tree needs no `npm run build` between edits.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, runClient, startServer } from './lib/harness.mjs';
import { buildInspectBundles } from './lib/inspectBundles.mjs';

const argv = process.argv.slice(2);
const option = (name, fallback) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const reps = Number(option('reps', 3));
const perFrames = option('per-frame', '1,50').split(',').map(Number);
const base = option('base', 'HEAD');
const profiling = argv.includes('--cpu-prof');
const profileDir = join(root, 'bench/profiles');
if (profiling) mkdirSync(profileDir, { recursive: true });

/** The top `count` functions of a V8 CPU profile by self time, as percentages of the whole run. */
function topSelf(file, count = 15) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfTime = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    const where = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    selfTime.set(where, (selfTime.get(where) ?? 0) + delta);
    total += delta;
  });
  return [...selfTime]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([where, time]) => `${((100 * time) / total).toFixed(1).padStart(5)}%  ${where}`);
}

const dir = mkdtempSync(join(tmpdir(), 'rxwire-receive-profile-'));
const bundles = await buildInspectBundles(dir, base);
const server = await startServer('lib/bayeuxServer.mjs');
const url = server.url();
const clients = {
  raw: { script: 'lib/bayeuxClient.mjs', args: { kind: 'raw', scenario: 'receive', transport: 'websocket', channel: '/bench' } },
  [`rxwire at ${bundles.commit}`]: { script: 'lib/inspectClient.mjs', args: { bundle: bundles.base, observe: false, mode: 'bayeux' } },
  'rxwire, working tree': { script: 'lib/inspectClient.mjs', args: { bundle: bundles.current, observe: false, mode: 'bayeux' } },
};

try {
  for (const perFrame of perFrames) {
    const total = perFrame === 1 ? 200_000 : 1_000_000;
    const runs = new Map(Object.keys(clients).map((name) => [name, []]));
    const profiles = new Map();
    for (let rep = 0; rep < reps; rep++) {
      for (const [name, client] of Object.entries(clients)) {
        server.send({ type: 'config', config: { channel: '/bench', mode: 'push', total, perFrame, delayMs: 0 } });
        const profileName = `receive-${perFrame}-${name.replace(/\W+/g, '_')}-${rep}.cpuprofile`;
        const nodeArgs = profiling ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${profileName}`, '--cpu-prof-interval=100'] : [];
        const result = await runClient(client.script, { ...client.args, url, total }, { timeoutMs: 60_000, nodeArgs });
        if (result.na) throw new Error(`${name}: ${result.na}`);
        runs.get(name).push(result.perCpuSecond);
        if (profiling) profiles.set(name, join(profileDir, profileName));
      }
    }
    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const floor = median(runs.get('raw'));
    console.log(`\n${perFrame} message(s) per frame, ${total} messages, median of ${reps}`);
    for (const [name, values] of runs) {
      const ratios = values.map((v) => (v / floor).toFixed(2)).join(' ');
      console.log(`  ${name.padEnd(24)} ${Math.round(median(values)).toString().padStart(9)} msgs/CPU-s  ${(median(values) / floor).toFixed(3)}x raw  (runs: ${ratios})`);
    }
    for (const [name, file] of profiles) console.log(`\n  top self time, ${name} (last run):\n    ${topSelf(file).join('\n    ')}`);
  }
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  if (profiling) console.log(`\nprofiles: ${readdirSync(profileDir).filter((f) => f.startsWith('receive-')).length} in bench/profiles/`);
}
