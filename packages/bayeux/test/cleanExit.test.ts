import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaye, type FayeServer } from '@rxwire/test-support/servers';

let dir: string;
let script: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rxwire-bayeux-exit-'));
  script = join(dir, 'exitClient.cjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./fixtures/exitClient.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: script,
    logLevel: 'silent',
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(['websocket', 'long-polling'] as const)('a Node script over %s', (type) => {
  let server: FayeServer;
  beforeAll(async () => {
    // A long held connect: if disconnect() left it open, the child could not exit for 20 s.
    server = await startFaye({ timeout: 20 });
  });
  afterAll(() => server.close());

  it('exits by itself after disconnect()', async () => {
    const child = spawn(process.execPath, [script, server.url, type], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('ready')) resolve();
      }),
    );
    await server.publish('/exit', 'bye');
    // Hang guard, below Faye's 20 s held connect: a child kept alive by a leftover socket is killed and fails.
    const guard = setTimeout(() => child.kill(), 15_000);
    const code = await exited;
    clearTimeout(guard);
    expect(err).toBe('');
    expect(out).toBe('ready\ngot bye\nclosed\n');
    expect(code).toBe(0);
  });
});
