// Resource hygiene: connect/call/close cycles of an RpcClient against the aio-openapi reference server, in a child process
// (--expose-gc): active handles and heap return to their starting level. 1000 cycles
// in `npm test`, 5000 under `npm run soak`.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hangGuardMs, scaled } from '../../core/test/support/soak.js';

let dir: string;
let script: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rxwire-rpc-cycles-'));
  script = join(dir, 'cycles.cjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./fixtures/cycles.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: script,
    external: ['ws', 'rxjs', 'isomorphic-ws', 'cross-fetch', 'node-fetch', 'bufferutil', 'utf-8-validate'],
    logLevel: 'silent',
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Result {
  cycles: number;
  ms: number;
  before: { handles: number; heap: number };
  after: { handles: number; heap: number };
}

function runCycles(file: string, args: string[], timeoutMs: number): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', file, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // The bundle resolves ws and rxjs from the repository's node_modules.
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      env: { ...process.env, NODE_PATH: fileURLToPath(new URL('../../../node_modules', import.meta.url)) },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(guard);
      if (code !== 0 || err) reject(new Error(`cycles exited with ${code}: ${err}`));
      else resolve(JSON.parse(out) as Result);
    });
  });
}

describe('RpcClient connect/call/close cycles against the aio-openapi server', () => {
  const cycles = scaled(1000, 5000);
  it(`${cycles} cycles return handles and heap to their starting level`, { timeout: hangGuardMs(60_000, 600_000) }, async () => {
    const r = await runCycles(script, [String(cycles)], hangGuardMs(55_000, 590_000));
    const growth = r.after.heap - r.before.heap;
    console.log(
      `hygiene rpc: ${r.cycles} cycles in ${r.ms} ms, handles ${r.before.handles} -> ${r.after.handles}, ` +
        `heap ${(r.before.heap / 1e6).toFixed(1)} MB -> ${(r.after.heap / 1e6).toFixed(1)} MB (${(growth / r.cycles).toFixed(0)} bytes/cycle)`,
    );
    expect(r.after.handles).toBeLessThanOrEqual(r.before.handles);
    expect(growth).toBeLessThan(Math.max(1_500_000, r.cycles * 2000));
  });
});
