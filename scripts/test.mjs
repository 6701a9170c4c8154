// The README's test command (`npm test`): build, type check, lint, package checks and every test
// suite, then one plain line "N passed, N failed" summed over all of them (CI reads that line).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { noiseIn } from './quietOutput.mjs';

let passed = 0;
let failed = 0;
const failures = [];
// Everything the suites print, scanned at the end for warnings and stack traces.
let transcript = '';

function run(label, command, args, { countLines, counted = true } = {}) {
  const started = Date.now();
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: countLines ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (countLines) {
    process.stdout.write(result.stdout ?? '');
    transcript += result.stdout ?? '';
    // One PASS/FAIL line per check.
    for (const line of (result.stdout ?? '').split('\n')) {
      if (line.startsWith('PASS ')) passed++;
      if (line.startsWith('FAIL ')) {
        failed++;
        failures.push(line.slice(5));
      }
    }
  } else if (!counted) {
    // A preparation step, not a test: the suites that need it report its failure.
  } else if (result.status === 0) {
    passed++;
  } else {
    failed++;
    failures.push(label);
  }
  console.log(`=== ${label}: ${result.status === 0 ? 'ok' : `failed (exit ${result.status ?? result.signal})`} in ${seconds}s`);
  return result.status === 0;
}

const npx = (label, args, options) => run(label, 'npx', ['--no-install', ...args], options);

// Suites that need a system package (chromium, redis-server) install it here when missing.
if (existsSync('scripts/ensure-system-deps.mjs')) run('system dependencies', 'node', ['scripts/ensure-system-deps.mjs'], { counted: false });

const built = npx('build', ['rollup', '-c', 'rollup.config.mjs', '--silent']);
npx('typecheck', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
npx('lint', ['eslint', '.']);
if (built) {
  run('package checks', 'node', ['scripts/check-packages.mjs'], { countLines: true });
  // README and docs code blocks against the built packages, and the generated option tables.
  run('docs checks', 'node', ['scripts/check-docs.mjs'], { countLines: true });
} else {
  failed++;
  failures.push('package checks and docs checks (skipped: the build failed)');
}

/** Runs a command with its output shown as it comes and kept for the quiet check. */
function runShown(label, command, args) {
  const started = Date.now();
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (stream) => (chunk) => {
      transcript += chunk;
      stream.write(chunk);
    };
    child.stdout.on('data', keep(process.stdout));
    child.stderr.on('data', keep(process.stderr));
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`=== ${label}: ${code === 0 ? 'ok' : `failed (exit ${code ?? signal})`} in ${seconds}s`);
      resolve(code === 0);
    });
  });
}

// Every vitest project (unit, type tests, integration) in one run.
mkdirSync('.test-results', { recursive: true });
const report = '.test-results/vitest.json';
rmSync(report, { force: true });
const vitestOk = await runShown('vitest', 'npx', ['--no-install', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
// The vitest run itself is not a test; its tests are counted from its report instead.
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  // A suite that failed to load has no tests but is a failure.
  for (const suite of results.testResults) {
    if (suite.status === 'failed' && suite.assertionResults.every((a) => a.status !== 'failed')) {
      failed++;
      failures.push(`suite ${suite.name}: ${String(suite.message).split('\n')[0]}`);
    }
  }
  if (!vitestOk && results.numFailedTests === 0 && !failures.some((f) => f.startsWith('suite '))) {
    failed++;
    failures.push('vitest exited with an error');
  }
} else {
  failed++;
  failures.push('vitest produced no report');
}

// Quiet when all is well: no deprecation warnings, no stack traces from tests that expect an error.
// (When something failed, its stack trace is what the reader needs: the check is then left out.)
if (failed === 0) {
  const noise = noiseIn(transcript);
  if (noise.length === 0) {
    passed++;
    console.log('PASS quiet: no warnings or stack traces in the test output');
  } else {
    failed++;
    failures.push(`quiet: the test output has ${noise.length} line(s) of warnings or stack traces, e.g. ${noise[0]?.trim()}`);
    console.log(`FAIL quiet: warnings or stack traces in the test output:\n${noise.slice(0, 20).map((l) => `  ${l}`).join('\n')}`);
  }
}

if (failures.length) console.log(`\nFailed:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
