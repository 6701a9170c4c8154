// publint --strict and attw --pack on every workspace package. Prints one line per check and exits
// non-zero if any failed; scripts/test.mjs counts each line as a test.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const packages = readdirSync('packages');
let failed = 0;
for (const name of packages) {
  const dir = `packages/${name}`;
  const checks = [
    ['publint', ['publint', '--strict', dir]],
    ['attw', ['attw', '--pack', dir, '--profile', 'node16', '--format', 'table-flipped']],
  ];
  for (const [label, [cmd, ...args]] of checks) {
    const run = spawnSync('npx', ['--no-install', cmd, ...args], { encoding: 'utf8' });
    const ok = run.status === 0;
    if (!ok) {
      failed++;
      process.stdout.write(run.stdout + run.stderr);
    }
    console.log(`${ok ? 'PASS' : 'FAIL'} ${label} @rxwire/${name}`);
  }
}
process.exit(failed ? 1 : 0);
