// `npm run soak`: the reliability tests at full size (RXWIRE_SOAK=1), loopback only, bounded in time.
// The same test files run scaled down inside `npm test`.
import { spawn } from 'node:child_process';

const files = [
  'packages/bayeux/test/reliability',
  'packages/rpc/test/reliability',
  'packages/core/test/hygiene.test.ts',
  'packages/bayeux/test/cluster.test.ts',
  // Every property test (`*.fuzz.test.ts`), with many more runs.
  '.fuzz.test.ts',
];
const limitMs = Number(process.env.RXWIRE_SOAK_LIMIT_MS ?? 30 * 60_000);
const started = Date.now();
const child = spawn('npx', ['--no-install', 'vitest', 'run', '--testTimeout=900000', '--hookTimeout=120000', ...files, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, RXWIRE_SOAK: '1' },
});
const guard = setTimeout(() => {
  console.error(`soak: still running after ${limitMs / 60_000} min, stopping it`);
  child.kill('SIGTERM');
}, limitMs);
child.on('exit', (code, signal) => {
  clearTimeout(guard);
  console.log(`soak: ${code === 0 ? 'passed' : `failed (${code ?? signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(code ?? 1);
});
