// `rxwire bayeux` against a real Faye server on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaye, type FayeServer } from '@rxwire/test-support/servers';
import { buildBin, refusedPort, runBin } from './runBin.js';

let bin: string;
let remove: () => void;
let server: FayeServer;

beforeAll(async () => {
  ({ bin, remove } = await buildBin());
  server = await startFaye();
});
afterAll(async () => {
  await server.close();
  remove();
});

/** Resolves when the server has confirmed a subscription to `channel`. */
function subscribed(channel: string): Promise<void> {
  return new Promise((resolve) => server.bayeux.on('subscribe', (_clientId, name) => name === channel && resolve()));
}

describe('rxwire bayeux', () => {
  it('prints a message published on the server as one JSON line, and exits 0 on SIGINT', async () => {
    const ready = subscribed('/chat/*');
    const run = runBin(bin, ['bayeux', server.url, '--subscribe', '/chat/*']);
    await ready;
    await server.publish('/chat/room1', { text: 'hello', n: 1 });
    const line = await run.waitForLine((l) => l.includes('hello'));
    expect(JSON.parse(line)).toEqual({ channel: '/chat/room1', data: { text: 'hello', n: 1 } });
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toBe('');
    expect(run.lines()).toEqual([line]);
  });

  it('publishes after its subscriptions are confirmed, and prints its own message back', async () => {
    const run = runBin(bin, ['bayeux', server.url, '--subscribe', '/echo/**', '--publish', '/echo/a/b', '{"x":[1,2]}']);
    const line = await run.waitForLine(() => true);
    expect(JSON.parse(line)).toEqual({ channel: '/echo/a/b', data: { x: [1, 2] } });
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toBe('');
  });

  it('only publishes, then exits 0, when there is nothing to subscribe to', async () => {
    const received = new Promise<unknown>((resolve) => void server.bayeux.getClient().subscribe('/solo', resolve));
    // Faye's in-process client subscribes asynchronously; its subscribe event says when it is done.
    await subscribed('/solo');
    const run = runBin(bin, ['bayeux', server.url, '--publish', '/solo', '"just once"']);
    expect(await run.exited).toBe(0);
    expect(await received).toBe('just once');
    expect(run.lines()).toEqual([]);
    expect(run.stderr()).toBe('');
  });

  it('exits 1 with exactly one line on stderr when the port refuses connections', async () => {
    const port = await refusedPort();
    const run = runBin(bin, ['bayeux', `http://127.0.0.1:${port}/bayeux`, '--subscribe', '/a', '--timeout', '1000']);
    expect(await run.exited).toBe(1);
    const lines = run.stderr().split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^rxwire: TRANSPORT_TIMEOUT: .*ECONNREFUSED/);
    expect(run.lines()).toEqual([]);
  });

  it('exits 1 with one line for a malformed url, and 2 for a malformed channel', async () => {
    const badUrl = runBin(bin, ['bayeux', 'not a url', '--subscribe', '/a']);
    expect(await badUrl.exited).toBe(1);
    expect(badUrl.stderr().split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^rxwire: TypeError: .*url/)]);
    const badChannel = runBin(bin, ['bayeux', server.url, '--subscribe', 'no-slash']);
    expect(await badChannel.exited).toBe(2);
    expect(badChannel.stderr()).toMatch(/^rxwire: .*no-slash.*--help.*\n$/);
  });
});
