// Installs the Debian packages the test suites need when they are missing: chromium (end-to-end
// tests in a real browser) and redis-server (the clustered Faye backend). As root it uses apt-get;
// otherwise it says exactly what to install. Never downloads a browser of its own.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

const missing = [];
if (!existsSync(chromium)) missing.push('chromium');
if (!has('redis-server')) missing.push('redis-server');

if (missing.length === 0) {
  console.log(`system dependencies present: ${chromium}, redis-server`);
  process.exit(0);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(
    `Missing Debian packages: ${missing.join(', ')}. Install them with:\n` +
      `  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}\n` +
      'or point CHROMIUM_PATH at an existing Chromium binary.',
  );
  process.exit(1);
}

console.log(`installing ${missing.join(', ')} with apt-get`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
