import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./fixtures/cycles.mjs', import.meta.url));

describe('resource hygiene', () => {
  it('1000 connect/close cycles return handles and heap to their starting level', () => {
    const run = spawnSync(process.execPath, ['--expose-gc', script, '1000'], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as { before: { handles: number; heap: number }; after: { handles: number; heap: number } };
    console.log(
      `hygiene: handles ${result.before.handles} -> ${result.after.handles}, heap ${(result.before.heap / 1e6).toFixed(1)} MB -> ${(result.after.heap / 1e6).toFixed(1)} MB after 1000 cycles`,
    );
    expect(result.after.handles).toBeLessThanOrEqual(result.before.handles);
    // A leak of even 2 KB per cycle would show as 2 MB here.
    expect(result.after.heap - result.before.heap).toBeLessThan(2_000_000);
  });
});
