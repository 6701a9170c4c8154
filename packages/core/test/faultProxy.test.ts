import { afterEach, describe, expect, it } from 'vitest';
import { filter, firstValueFrom } from 'rxjs';
import { webSocketConnection, type Connection, type RxwireError } from '@rxwire/core';
import { startFaultProxy, type FaultProxy } from '@rxwire/test-support/faultProxy';
import { startWsServer, type TestServer } from '@rxwire/test-support/wsServer';

let server: TestServer | undefined;
let proxy: FaultProxy | undefined;
let connection: Connection<unknown> | undefined;

afterEach(async () => {
  connection?.close();
  await proxy?.close();
  await server?.close();
  connection = undefined;
  proxy = undefined;
  server = undefined;
});

const until = (conn: Connection<unknown>, state: string) => firstValueFrom(conn.state$.pipe(filter((s) => s === state)));

async function setUp(options: Parameters<typeof webSocketConnection>[0] extends infer O ? Partial<O> : never = {}) {
  server = await startWsServer();
  server.onConnection((socket) => socket.on('message', (data) => socket.send(String(data))));
  proxy = await startFaultProxy({ target: { port: server.port } });
  const conn = webSocketConnection({
    url: `ws://${proxy.address}`,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
    ...options,
  });
  connection = conn;
  const errors: RxwireError[] = [];
  conn.errors$.subscribe((e) => errors.push(e));
  await until(conn, 'connected');
  return { conn, errors, proxy, server };
}

const echo = async (conn: Connection<unknown>, n: number) => {
  const reply = firstValueFrom(conn.messages$.pipe(filter((m) => (m as { n?: number }).n === n)));
  conn.send({ n });
  return reply;
};

describe('webSocketConnection through a fault proxy', () => {
  it('recovers from repeated cuts and keeps exchanging messages', async () => {
    const { conn, proxy } = await setUp();
    for (let round = 0; round < 10; round++) {
      expect(await echo(conn, round)).toEqual({ n: round });
      proxy.cut();
      await until(conn, 'reconnecting');
      await until(conn, 'connected');
    }
    expect(proxy.acceptedConnections).toBe(11);
  });

  it('detects a stalled (half-open) link by its heartbeat and replaces it', async () => {
    const { conn, proxy, errors } = await setUp({ heartbeat: { intervalMs: 100, timeoutMs: 100 } });
    proxy.stall();
    await until(conn, 'reconnecting');
    expect(errors.map((e) => e.code)).toContain('TRANSPORT_TIMEOUT');
    proxy.unstall();
    await until(conn, 'connected');
    expect(await echo(conn, 7)).toEqual({ n: 7 });
  });

  it('keeps retrying while connections are refused, then connects', async () => {
    const { conn, proxy, errors } = await setUp();
    proxy.refuse();
    proxy.cut();
    await until(conn, 'reconnecting');
    await new Promise((r) => setTimeout(r, 300));
    expect(errors.filter((e) => e.code === 'CONNECTION_LOST').length).toBeGreaterThan(0);
    expect(conn.state).toBe('reconnecting');
    proxy.accept();
    await until(conn, 'connected');
    expect(await echo(conn, 1)).toEqual({ n: 1 });
  });

  it('a connection attempt to a peer that never answers times out and is retried', async () => {
    const { conn, proxy, errors } = await setUp({ connectTimeoutMs: 200 });
    proxy.stall();
    proxy.cut();
    await new Promise<void>((resolve) => {
      const sub = conn.errors$.subscribe((e) => {
        if (e.code === 'TRANSPORT_TIMEOUT') {
          sub.unsubscribe();
          resolve();
        }
      });
    });
    expect(errors.some((e) => e.message.includes('connectTimeoutMs'))).toBe(true);
    proxy.unstall();
    await until(conn, 'connected');
  });
});
