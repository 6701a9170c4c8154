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

// Sizes as an app pays them (DESIGN.md "Sizes and speed", measured by bench/size.mjs). A bundle above
// its target may not grow past its ceiling (its last landed size: a ratchet that
// `node bench/size.mjs --ratchet` lowers as sizes drop); a bundle at or below its target may not grow
// past the target.
const { budgets, limitOf, measure, entries, kb } = await import('../bench/size.mjs');
for (const [name, budget] of Object.entries(budgets)) {
  let line;
  try {
    const r = await measure(entries.find((e) => e.name === name));
    if (r.skipped) throw new Error(r.skipped);
    const limit = limitOf(name);
    const fails = r.gzipped > limit;
    if (fails) failed++;
    line = `${fails ? 'FAIL' : 'PASS'} size ${name}: ${kb(r.gzipped)} gzipped, target ${kb(budget)}`;
    if (limit > budget) line += `, ceiling ${kb(limit)} (above the target)`;
    if (fails) line += ` (heavier than its limit: ${kb(r.gzipped)} > ${kb(limit)})`;
  } catch (error) {
    failed++;
    line = `FAIL size ${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
  console.log(line);
}
process.exit(failed ? 1 : 0);
