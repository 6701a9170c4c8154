import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import faye from 'faye';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { filter, firstValueFrom } from 'rxjs';
import { BayeuxClient } from '@rxwire/bayeux';
import { startCometd, startFaye } from '@rxwire/test-support/servers';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const subscribed = (c: BayeuxClient, name: string) => firstValueFrom(c.channel(name).subscribed$.pipe(filter(Boolean)));

describe('interoperability', () => {
  it("with Faye's own client, both ways", async () => {
    const server = await startFaye();
    cleanups.push(() => server.close());
    const rx = new BayeuxClient({ url: server.url, logger: () => {} });
    cleanups.push(() => rx.disconnect());
    const peer = new faye.Client(server.url);
    cleanups.push(() => peer.disconnect());
    const peerGot: unknown[] = [];
    await new Promise<void>((resolve, reject) => peer.subscribe('/interop/to-faye', (data) => peerGot.push(data)).then(resolve, reject));
    const rxGot: unknown[] = [];
    rx.channel('/interop/from-faye').messages$.subscribe((m) => rxGot.push(m.data));
    await subscribed(rx, '/interop/from-faye');
    await new Promise<void>((resolve, reject) => peer.publish('/interop/from-faye', { from: 'faye' }).then(resolve, reject));
    await rx.publish('/interop/to-faye', { from: 'rxwire' });
    await vi.waitUntil(() => rxGot.length === 1 && peerGot.length === 1, { timeout: 5000 });
    expect(rxGot).toEqual([{ from: 'faye' }]);
    expect(peerGot).toEqual([{ from: 'rxwire' }]);
  });

  it('with the official CometD client (in a child process), both ways', async () => {
    const server = await startCometd();
    cleanups.push(() => server.close());
    const rx = new BayeuxClient({ url: server.url, connectionTypes: ['long-polling'], logger: () => {} });
    cleanups.push(() => rx.disconnect());
    const rxGot: unknown[] = [];
    rx.channel('/interop/from-cometd').messages$.subscribe((m) => rxGot.push(m.data));
    await subscribed(rx, '/interop/from-cometd');

    const script = fileURLToPath(new URL('./fixtures/cometdPeer.mjs', import.meta.url));
    const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [script, server.url]);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill();
      await exited;
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await vi.waitUntil(() => out.includes('ready') || err !== '', { timeout: 10_000 });
    expect(err).toBe('');
    child.stdin.write('publish\n');
    await rx.publish('/interop/to-cometd', { from: 'rxwire' });
    await vi.waitUntil(() => rxGot.length === 1 && out.includes('got '), { timeout: 5000 });
    expect(rxGot).toEqual([{ from: 'cometd' }]);
    expect(out).toContain('got {"from":"rxwire"}');
    child.stdin.write('exit\n');
    expect(await exited).toBe(0);
  });
});
