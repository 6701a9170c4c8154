// Credentials given to RpcClient (URL query, upgrade headers) never show up in error messages
// (cause chains included), on errors$, or in what the client logs.
import { afterEach, describe, expect, it } from 'vitest';
import { RpcClient } from '@rxwire/rpc';
import { startRefusingServer } from '@rxwire/test-support/refusingServer';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const SECRETS = ['s3cr3t-query-token', 's3cr3t-header-value', 's3cr3t-password'];

function texts(error: unknown, depth = 0): string[] {
  if (depth > 8 || error === undefined || error === null) return [];
  if (!(error instanceof Error)) return [String(error)];
  const nested = error instanceof AggregateError ? error.errors.flatMap((e: unknown) => texts(e, depth + 1)) : [];
  return [error.message, error.stack ?? '', String(error), ...nested, ...texts(error.cause, depth + 1)];
}

/** Refuses every WebSocket upgrade with this status. */
async function refusingServer(status: number): Promise<number> {
  const server = await startRefusingServer(status);
  cleanups.push(() => server.close());
  return server.port;
}

describe('RpcClient credentials in errors and logs', () => {
  it.each([
    ['a refused port', async () => {
      const port = await refusingServer(401);
      await cleanups.pop()?.();
      return port;
    }],
    ['a refused upgrade (HTTP 401)', () => refusingServer(401)],
  ] as const)('never leak after %s', async (name, start) => {
    const port = await start();
    const logged: string[] = [];
    const make = () =>
      new RpcClient({
        url: `ws://user:s3cr3t-password@127.0.0.1:${port}/stream?token=s3cr3t-query-token`,
        headers: { Authorization: 'Bearer s3cr3t-header-value' },
        timeoutMs: 400,
        reconnect: { initialDelayMs: 20, maxDelayMs: 50 },
        logger: (message, error) => logged.push(message, ...texts(error)),
      });
    const observed = make();
    const quiet = make();
    cleanups.push(() => observed.close(), () => quiet.close());
    const seen: unknown[] = [];
    observed.errors$.subscribe((e) => seen.push(e));
    const outcomes = await Promise.all([
      observed.connect().catch((e: unknown) => e),
      observed.call('echo', 1).catch((e: unknown) => e),
      quiet.connect().catch((e: unknown) => e),
    ]);
    const all = [...seen.flatMap((e) => texts(e)), ...outcomes.flatMap((e) => texts(e)), ...logged];
    const leaks = all.filter((t) => SECRETS.some((s) => t.includes(s)));
    console.log(`secrets rpc, ${name}: ${seen.length} errors on errors$, ${logged.length} logged lines, ${leaks.length} leaks`);
    expect(seen.length).toBeGreaterThan(0);
    expect(logged.length).toBeGreaterThan(0);
    expect(leaks).toEqual([]);
  });
});
