// `--inspect` on every command, against real servers: the wire events come as {"inspect": {...}}
// lines on stdout beside the command's own output, credentials redacted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Server } from 'rpc-websockets';
import { WebSocketServer } from 'ws';
import type { WireEvent } from '@rxwire/core';
import { startFaye, type FayeServer } from '@rxwire/test-support/servers';
import { buildBin, runBin } from './runBin.js';

let bin: string;
let remove: () => void;
let faye: FayeServer;
let jsonRpc: Server;
let jsonRpcUrl: string;
let plain: WebSocketServer;
let plainUrl: string;

beforeAll(async () => {
  ({ bin, remove } = await buildBin());
  faye = await startFaye();
  jsonRpc = new Server({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    jsonRpc.on('listening', resolve);
    jsonRpc.on('error', reject);
  });
  const rpcAddress = jsonRpc.wss.address();
  jsonRpcUrl = `ws://127.0.0.1:${typeof rpcAddress === 'object' && rpcAddress ? rpcAddress.port : 0}`;
  jsonRpc.register('sum', (params) => (params as number[]).reduce((a, b) => a + b, 0));
  plain = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => plain.on('listening', resolve));
  const plainAddress = plain.address();
  plainUrl = `ws://127.0.0.1:${typeof plainAddress === 'object' && plainAddress ? plainAddress.port : 0}/?token=s3cret`;
  plain.on('connection', (socket) => socket.send('{"hello":"world"}'));
});
afterAll(async () => {
  for (const socket of jsonRpc.wss.clients) socket.terminate();
  await new Promise<void>((resolve) => jsonRpc.wss.close(() => resolve()));
  for (const socket of plain.clients) socket.terminate();
  await new Promise<void>((resolve) => plain.close(() => resolve()));
  await faye.close();
  remove();
});

/** The wire events among the lines, and the other lines. */
function split(lines: string[]): { events: WireEvent[]; output: unknown[] } {
  const values = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    events: values.filter((v) => 'inspect' in v).map((v) => v['inspect'] as WireEvent),
    output: values.filter((v) => !('inspect' in v)),
  };
}

describe('--inspect', () => {
  it('rxwire rpc: prints the call and its reply (same id, latency) beside the result', async () => {
    const run = runBin(bin, ['rpc', jsonRpcUrl, '--protocol', 'json-rpc', 'call', 'sum', '[1,2,3]', '--inspect']);
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toBe('');
    const { events, output } = split(run.lines());
    expect(output).toEqual([{ result: 6 }]);
    const call = events.find((e) => e.kind === 'call');
    const reply = events.find((e) => e.kind === 'reply');
    expect(call).toMatchObject({ dir: 'out', channel: 'sum', data: { method: 'sum', params: [1, 2, 3] } });
    expect(reply).toMatchObject({ dir: 'in', id: call?.id, ok: true, data: 6 });
    expect(reply?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(events.filter((e) => e.kind === 'frame').map((e) => e.dir)).toEqual(['out', 'in']);
    expect(events.filter((e) => e.kind === 'state').map((e) => e.data)).toEqual(expect.arrayContaining(['connecting', 'connected']));
  });

  it('rxwire ws: prints the frames as wire events too, and none without the flag', async () => {
    const run = runBin(bin, ['ws', plainUrl, '--inspect']);
    await run.waitForLine((line) => line.includes('"inspect"') && line.includes('hello'));
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    const { events, output } = split(run.lines());
    expect(output).toEqual([{ hello: 'world' }]);
    expect(events.find((e) => e.kind === 'frame')).toMatchObject({ dir: 'in', size: 17, data: { hello: 'world' } });
    expect(run.lines().join('\n')).not.toContain('s3cret');
    const quiet = runBin(bin, ['ws', plainUrl]);
    await quiet.waitForLine((line) => line.includes('hello'));
    quiet.child.kill('SIGINT');
    expect(await quiet.exited).toBe(0);
    expect(quiet.lines()).toEqual(['{"hello":"world"}']);
  });

  it('rxwire bayeux: one event per Bayeux message, from the handshake on, beside the messages', async () => {
    const run = runBin(bin, ['bayeux', faye.url, '--subscribe', '/echo/**', '--publish', '/echo/a', '{"x":1}', '--inspect']);
    await run.waitForLine((line) => !line.includes('"inspect"'));
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toBe('');
    const { events, output } = split(run.lines());
    expect(output).toEqual([{ channel: '/echo/a', data: { x: 1 } }]);
    const out = events.filter((e) => e.kind === 'frame' && e.dir === 'out').map((e) => e.channel);
    expect(out[0]).toBe('/meta/handshake');
    expect(out).toEqual(expect.arrayContaining(['/meta/subscribe', '/echo/a']));
    expect(events.some((e) => e.kind === 'frame' && e.dir === 'in' && e.channel === '/echo/a')).toBe(true);
  });
});
