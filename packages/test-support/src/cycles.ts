// Shared by the clients' resource-hygiene tests: bundle a cycles script for Node and run it in a
// child process with --expose-gc, which prints the handles and heap before and after N cycles.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface CyclesResult {
  cycles: number;
  ms: number;
  before: { handles: number; heap: number };
  after: { handles: number; heap: number };
}

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** Bundles `entry` to a CommonJS script in a fresh temporary folder; `remove()` deletes the folder. */
export async function bundleCyclesScript(entry: string, external: string[]): Promise<{ script: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'rxwire-cycles-'));
  const script = join(dir, 'cycles.cjs');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: script, external, logLevel: 'silent' });
  return { script, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs a cycles script and parses what it printed; any stderr output or a non-zero exit fails. */
export function runCycles(file: string, args: string[], timeoutMs: number): Promise<CyclesResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', file, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // The bundle resolves its external packages from the repository's node_modules.
      cwd: root,
      env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(guard);
      if (code !== 0 || err) reject(new Error(`cycles exited with ${code}: ${err}`));
      else resolve(JSON.parse(out) as CyclesResult);
    });
  });
}

/** The summary line each hygiene test prints. */
export function describeCycles(label: string, r: CyclesResult): string {
  const growth = r.after.heap - r.before.heap;
  return (
    `hygiene ${label}: ${r.cycles} cycles in ${r.ms} ms, handles ${r.before.handles} -> ${r.after.handles}, ` +
    `heap ${(r.before.heap / 1e6).toFixed(1)} MB -> ${(r.after.heap / 1e6).toFixed(1)} MB (${(growth / r.cycles).toFixed(0)} bytes/cycle)`
  );
}
