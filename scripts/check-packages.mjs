// Checks every workspace package as it would be published: publint --strict, attw --pack (every
// resolution mode, node10 included), what the tarball holds (source maps that resolve and carry their
// sources), package.json hygiene, and the size budgets. Prints one PASS/FAIL line per check (the
// details only on failure) and exits non-zero if any failed; scripts/test.mjs counts each line.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { publishedPackages } from './publishedPackages.mjs';

let failed = 0;
/** One counted line; `details` are printed only when the check fails. */
function report(ok, label, details = '') {
  if (!ok) {
    failed++;
    if (details) process.stdout.write(details.endsWith('\n') ? details : `${details}\n`);
  }
  console.log(`${ok ? 'PASS' : 'FAIL'} ${label}`);
}

/** The files `npm pack` would put in the tarball, relative to the package folder. */
function packedFiles(dir) {
  const run = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`npm pack --dry-run failed in ${dir}:\n${run.stderr}`);
  return JSON.parse(run.stdout)[0].files.map((f) => f.path);
}

/**
 * Every built JS file in the tarball names a source map that is in the tarball too, and the map
 * carries the text of every source it lists (the TypeScript sources are not shipped).
 */
export function sourceMapProblems(dir, files) {
  const problems = [];
  const packed = new Set(files);
  const scripts = files.filter((f) => /\.(c|m)?js$/.test(f));
  if (scripts.length === 0) problems.push('no JavaScript in the tarball');
  for (const file of scripts) {
    const match = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(`${dir}/${file}`, 'utf8'));
    if (!match) {
      problems.push(`${file}: no sourceMappingURL`);
      continue;
    }
    const map = posix.normalize(posix.join(posix.dirname(file), match[1]));
    if (!packed.has(map)) {
      problems.push(`${file}: its sourceMappingURL ${match[1]} is not in the tarball`);
      continue;
    }
    const { sources = [], sourcesContent = [] } = JSON.parse(readFileSync(`${dir}/${map}`, 'utf8'));
    const missing = sources.filter((_, i) => typeof sourcesContent[i] !== 'string');
    if (missing.length) problems.push(`${map}: no sourcesContent for ${missing.join(', ')}`);
  }
  return problems;
}

/** A `repository` that points nowhere is worse than none: npm shows it as a link. */
export function placeholderRepository(manifest) {
  const repository = manifest.repository;
  if (repository === undefined) return undefined;
  const url = typeof repository === 'string' ? repository : repository?.url;
  return typeof url !== 'string' || /example\.|\.invalid\b|localhost|your-?(org|name)|placeholder|TODO/i.test(url) ? String(url) : undefined;
}

for (const name of publishedPackages()) {
  const dir = `packages/${name}`;
  const manifest = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
  const checks = [
    ['publint', ['publint', '--strict', dir]],
    // The default profile includes node10 (moduleResolution "node"): every subpath needs typesVersions.
    ['attw', ['attw', '--pack', dir, '--format', 'table-flipped']],
  ];
  for (const [label, [cmd, ...args]] of checks) {
    const run = spawnSync('npx', ['--no-install', cmd, ...args], { encoding: 'utf8' });
    report(run.status === 0, `${label} ${manifest.name}`, run.stdout + run.stderr);
  }
  try {
    const problems = sourceMapProblems(dir, packedFiles(dir));
    report(problems.length === 0, `source maps ${manifest.name}: every sourceMappingURL resolves inside the tarball, with sources`, problems.join('\n'));
  } catch (error) {
    report(false, `source maps ${manifest.name}`, String(error));
  }
  const placeholder = placeholderRepository(manifest);
  report(placeholder === undefined, `repository ${manifest.name}: no placeholder URL`, `repository.url is a placeholder (${placeholder}): leave the field out`);
}

// Importing the packages in Node prints no deprecation warning (node-fetch 2's `punycode` did on
// Node 21+; --pending-deprecation shows it on Node 20 too).
{
  const imports = publishedPackages()
    .map((name) => `import '@rxwire/${name}';`)
    .join(' ');
  const run = spawnSync(process.execPath, ['--pending-deprecation', '--input-type=module', '-e', imports], { encoding: 'utf8' });
  const warned = /DeprecationWarning|\[DEP\d+\]/.test(run.stderr);
  report(run.status === 0 && !warned, 'importing every package in Node prints no deprecation warning (--pending-deprecation)', run.stderr);
}

// Sizes as an app pays them (DESIGN.md "Sizes and speed", measured by bench/size.mjs). A bundle above
// its target may not grow past its ceiling (its last landed size: a ratchet that
// `node bench/size.mjs --ratchet` lowers as sizes drop); a bundle at or below its target may not grow
// past the target. One summary line when all is well; a line per entry that fails.
const { budgets, limitOf, measure, entries, kb } = await import('../bench/size.mjs');
const sizes = [];
let sizeFailures = 0;
for (const [name, budget] of Object.entries(budgets)) {
  try {
    const r = await measure(entries.find((e) => e.name === name));
    if (r.skipped) throw new Error(r.skipped);
    const limit = limitOf(name);
    sizes.push(`${name} ${kb(r.gzipped)}${r.gzipped > budget ? ` (target ${kb(budget)})` : ''}`);
    if (r.gzipped > limit) {
      sizeFailures++;
      report(false, `size ${name}: ${kb(r.gzipped)} gzipped, heavier than its ${limit > budget ? 'ceiling' : 'target'} ${kb(limit)}`);
    }
  } catch (error) {
    sizeFailures++;
    report(false, `size ${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}
if (sizeFailures === 0) report(true, `sizes within their limits (gzipped): ${sizes.join(', ')}`);
process.exit(failed ? 1 : 0);
