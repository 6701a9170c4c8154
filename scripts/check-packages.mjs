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

// Size budgets (issue 6): esbuild --bundle --minify --format=esm --platform=browser, gzip -9, as in
// bench/size.mjs. A package over its ceiling (today's size plus a little) always fails: no change may
// make it heavier. Over the budget itself fails only with RXWIRE_SIZE_BUDGETS=enforce, until the
// packages fit; the line shows the overshoot.
const { budgets, ceilings, measure, entries, kb } = await import('../bench/size.mjs');
const enforce = process.env.RXWIRE_SIZE_BUDGETS === 'enforce';
for (const [name, budget] of Object.entries(budgets)) {
  let line;
  try {
    const r = await measure(entries.find((e) => e.name === name));
    if (r.skipped) throw new Error(r.skipped);
    const ceiling = ceilings[name] ?? budget;
    const overBudget = r.gzipped > budget;
    const fails = r.gzipped > ceiling || (overBudget && enforce);
    if (fails) failed++;
    line = `${fails ? 'FAIL' : 'PASS'} size ${name}: ${kb(r.gzipped)} gzipped, budget ${kb(budget)}, ceiling ${kb(ceiling)}`;
    if (r.gzipped > ceiling) line += ` (heavier than the ceiling: ${kb(r.gzipped)} > ${kb(ceiling)})`;
    else if (overBudget) line += ` (over budget${enforce ? '' : ', not enforced'}: ${kb(r.gzipped)} > ${kb(budget)})`;
  } catch (error) {
    failed++;
    line = `FAIL size ${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
  console.log(line);
}
process.exit(failed ? 1 : 0);
