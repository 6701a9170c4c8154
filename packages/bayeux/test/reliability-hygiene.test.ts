// Resource hygiene: connect/disconnect cycles of a BayeuxClient against Faye, in a child process
// (--expose-gc): active handles and heap return to their starting level. 1000 cycles per connection
// type in `npm test`, 5000 under `npm run soak`.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCyclesScript, describeCycles, runCycles } from '@rxwire/test-support/cycles';
import { hangGuardMs, scaled } from '@rxwire/test-support/soak';

let bundle: Awaited<ReturnType<typeof bundleCyclesScript>>;

beforeAll(async () => {
  bundle = await bundleCyclesScript(fileURLToPath(new URL('./fixtures/cycles.ts', import.meta.url)), ['faye', 'cometd-nodejs-server', 'ws', 'rxjs', 'cross-fetch', 'node-fetch', 'bufferutil', 'utf-8-validate']);
});

afterAll(() => bundle?.remove());

describe.each(['websocket', 'long-polling'] as const)('BayeuxClient connect/disconnect cycles against Faye over %s', (type) => {
  const cycles = scaled(1000, 5000);
  it(`${cycles} cycles return handles and heap to their starting level`, { timeout: hangGuardMs(60_000, 600_000) }, async () => {
    const r = await runCycles(bundle.script, [String(cycles), type], hangGuardMs(55_000, 590_000));
    console.log(describeCycles(`bayeux ${type}`, r));
    expect(r.after.handles).toBeLessThanOrEqual(r.before.handles);
    // A leak of 2 KB per cycle would show as 2 MB after 1000 cycles.
    expect(r.after.heap - r.before.heap).toBeLessThan(Math.max(1_500_000, r.cycles * 2000));
  });
});
