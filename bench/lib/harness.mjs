// Child-process plumbing for the bench: servers on core 0, each client run in a fresh process on
// core 1 (taskset, when there is one and at least two cores), every run bounded by a timeout.
import { spawn, spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');
export const root = join(benchDir, '..');

export const canPin = cpus().length >= 2 && spawnSync('taskset', ['-c', '0', 'true']).status === 0;

function command(core, nodeArgs) {
  return canPin ? ['taskset', ['-c', String(core), process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
}

/** Starts a server script (IPC ready message carries the port). */
export function startServer(script, extraArgs = []) {
  const [cmd, argv] = command(0, [join(benchDir, script), ...extraArgs]);
  const child = spawn(cmd, argv, { cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const listeners = new Set();
  child.on('message', (m) => {
    for (const l of listeners) l(m);
  });
  const next = (type) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script}: no ${type} reply`)), 10_000);
      const l = (m) => {
        if (m.type === type) {
          listeners.delete(l);
          clearTimeout(timer);
          resolve(m);
        }
      };
      listeners.add(l);
    });
  return next('ready').then(({ port }) => ({
    port,
    url: (path = '/bayeux') => `http://127.0.0.1:${port}${path}`,
    send: (m) => child.send(m),
    async stats() {
      const reply = next('stats');
      child.send({ type: 'stats' });
      return reply;
    },
    close() {
      return new Promise((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        if (child.connected) child.send({ type: 'close' });
        else child.kill();
      });
    },
  }));
}

/** Runs one client scenario in a fresh process on core 1; resolves with its JSON result (or { na }). */
export function runClient(script, args, { timeoutMs = 60_000, nodeArgs = [] } = {}) {
  const [cmd, argv] = command(1, ['--expose-gc', ...nodeArgs, join(benchDir, script), JSON.stringify({ ...args, timeoutMs })]);
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs + 5_000);
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
      if (line) {
        try {
          resolve(JSON.parse(line));
          return;
        } catch {
          // fall through
        }
      }
      const why = (err.trim().split('\n').find((l) => /Error|error/.test(l)) ?? err.trim().split('\n')[0] ?? '').slice(0, 160);
      resolve({ na: `exit ${code ?? signal}${why ? `: ${why}` : ''}` });
    });
  });
}
