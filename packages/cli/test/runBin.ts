// Runs the `rxwire` executable as a user does: a child process with its own stdout, stderr, exit
// code and signals. The bin is bundled from the TypeScript sources (esbuild follows the tsconfig
// paths to the packages' sources, as vitest does), so the tests need no `npm run build` first.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Bundles src/bin.ts into a temporary folder; returns its path and a function that removes it. */
export async function buildBin(): Promise<{ bin: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'rxwire-cli-'));
  const bin = join(dir, 'rxwire.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('../src/bin.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bin,
    logLevel: 'silent',
    // ws and its friends are CommonJS that call require().
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return { bin, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RunningBin {
  child: ChildProcessWithoutNullStreams;
  /** stdout so far, split into lines (the last, unfinished one left out). */
  lines(): string[];
  stderr(): string;
  /** Resolves once stdout holds a line that satisfies `test`. */
  waitForLine(test: (line: string) => boolean): Promise<string>;
  /** The exit code (or the signal's name, if a signal ended it). */
  exited: Promise<number | string>;
}

/** Starts the bin with `args`. A hang guard kills it after `guardMs`, so a stuck child fails the test. */
export function runBin(bin: string, args: string[], { guardMs = 20_000 } = {}): RunningBin {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const waiter of waiters) waiter();
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const guard = setTimeout(() => child.kill('SIGKILL'), guardMs);
  let closed = false;
  // 'close', not 'exit': by then stdout and stderr have been read to their end.
  const exited = new Promise<number | string>((resolve) =>
    child.on('close', (code, signal) => {
      closed = true;
      clearTimeout(guard);
      for (const waiter of waiters) waiter();
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  const lines = () => out.split('\n').slice(0, -1);
  return {
    child,
    lines,
    stderr: () => err,
    exited,
    waitForLine: (test) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = lines().find(test);
          if (found !== undefined) {
            waiters.delete(check);
            resolve(found);
          } else if (closed) {
            waiters.delete(check);
            reject(new Error(`rxwire exited (${child.exitCode ?? child.signalCode}) without that line; stdout: ${out} stderr: ${err}`));
          }
        };
        waiters.add(check);
        check();
      }),
  };
}

/** A loopback port that refuses connections: one that was just free. */
export async function refusedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
