import { afterEach, describe, expect, it } from 'vitest';
import { filter, firstValueFrom, take, toArray } from 'rxjs';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { webSocketConnection, toAsyncIterable, type Connection, type RxwireError } from '@rxwire/core';
import { startWsServer, type TestServer } from '@rxwire/test-support/wsServer';

let server: TestServer | undefined;
let connection: Connection<unknown> | undefined;

afterEach(async () => {
  connection?.close();
  connection = undefined;
  await server?.close();
  server = undefined;
});

const until = (conn: Connection<unknown>, state: string) => firstValueFrom(conn.state$.pipe(filter((s) => s === state)));

describe('webSocketConnection against a real ws server', () => {
  it('exchanges messages and reconnects after the server is killed and restarted', async () => {
    server = await startWsServer();
    server.onConnection((socket) => socket.on('message', (data) => socket.send(`{"echo":${String(data)}}`)));
    const conn = webSocketConnection({ url: server.url, reconnect: { initialDelayMs: 50, maxDelayMs: 200 } });
    connection = conn;
    const replies: unknown[] = [];
    conn.messages$.subscribe((m) => replies.push(m));
    await until(conn, 'connected');
    conn.send({ n: 1 });
    await firstValueFrom(conn.messages$);
    expect(replies).toEqual([{ echo: { n: 1 } }]);

    const closes: number[] = [];
    conn.closes$.subscribe((c) => closes.push(c.code));
    const errors: RxwireError[] = [];
    conn.errors$.subscribe((e) => errors.push(e));
    await server.kill();
    await until(conn, 'reconnecting');
    conn.send({ n: 2 }); // waits in the send buffer while the server is down
    await new Promise((r) => setTimeout(r, 300)); // let a few attempts fail against the closed port
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]?.code).toBe('CONNECTION_LOST');
    await server.restart();
    await until(conn, 'connected');
    await firstValueFrom(conn.messages$.pipe(filter((m) => (m as { echo: { n: number } }).echo.n === 2)));
    expect(replies).toEqual([{ echo: { n: 1 } }, { echo: { n: 2 } }]);
    expect(closes[0]).toBe(1006);
  });

  it('delivers the close code and reason to closes$', async () => {
    server = await startWsServer();
    server.onConnection((socket) => setTimeout(() => socket.close(4001, 'maintenance'), 20));
    const conn = webSocketConnection({ url: server.url, reconnect: false });
    connection = conn;
    const errors: RxwireError[] = [];
    conn.errors$.subscribe((e) => errors.push(e));
    const close = await firstValueFrom(conn.closes$);
    expect(close).toEqual({ code: 4001, reason: 'maintenance', wasClean: true });
    // reconnect: false makes the loss terminal; a late observer of state$ still learns it.
    await until(conn, 'closed');
    expect(errors.map((e) => e.message)).toEqual(['The connection closed (code 4001, maintenance).']);
  });

  it('reports a malformed frame and still delivers the next good one', async () => {
    server = await startWsServer();
    server.onConnection((socket) => {
      socket.send('{"first":true}');
      socket.send('this is not json');
      socket.send('{"after":true}');
    });
    const conn = webSocketConnection({ url: server.url });
    connection = conn;
    const errors: RxwireError[] = [];
    conn.errors$.subscribe((e) => errors.push(e));
    const messages = await firstValueFrom(conn.messages$.pipe(take(2), toArray()));
    expect(messages).toEqual([{ first: true }, { after: true }]);
    expect(errors.map((e) => e.code)).toEqual(['BAD_FRAME']);
    expect(errors[0]).toMatchObject({ frameSize: 16 });
    expect(conn.state).toBe('connected');
  });

  it('detects a server that stops answering pings and replaces the connection', async () => {
    server = await startWsServer({ autoPong: false });
    let connections = 0;
    server.onConnection(() => connections++);
    const conn = webSocketConnection({
      url: server.url,
      heartbeat: { intervalMs: 100, timeoutMs: 100 },
      reconnect: { initialDelayMs: 10, maxDelayMs: 20 },
    });
    connection = conn;
    const error = await firstValueFrom(conn.errors$);
    expect(error.code).toBe('TRANSPORT_TIMEOUT');
    expect(error.message).toMatch(/half-open/);
    await until(conn, 'connected');
    expect(connections).toBeGreaterThanOrEqual(2);
  });

  it('sends a burst far above the watermarks completely and in order', async () => {
    server = await startWsServer();
    const received: number[] = [];
    const total = 3000;
    const done = new Promise<void>((resolve) =>
      server?.onConnection((socket) =>
        socket.on('message', (data) => {
          received.push((JSON.parse(String(data)) as { n: number }).n);
          if (received.length === total) resolve();
        }),
      ),
    );
    const conn = webSocketConnection({
      url: server.url,
      highWaterMark: 64 * 1024,
      lowWaterMark: 16 * 1024,
      sendBuffer: { limit: total, overflow: 'error' },
    });
    connection = conn;
    await until(conn, 'connected');
    const padding = 'x'.repeat(4096);
    let refused = 0;
    let queuedAtSomePoint = 0;
    for (let n = 0; n < total; n++) {
      if (!conn.send({ n, padding })) refused++;
      queuedAtSomePoint = Math.max(queuedAtSomePoint, conn.pendingSendCount);
    }
    await done;
    expect(refused).toBe(0);
    expect(queuedAtSomePoint).toBeGreaterThan(0); // the watermark held messages back
    expect(received).toEqual(Array.from({ length: total }, (_, n) => n));
  });

  it('pauses reading from the socket when a slow consumer fills its buffer (Node)', async () => {
    server = await startWsServer();
    server.onConnection((socket) => {
      for (let n = 0; n < 200; n++) socket.send(JSON.stringify({ n }));
    });
    const conn = webSocketConnection<{ n: number }>({ url: server.url });
    connection = conn as Connection<unknown>;
    let pauses = 0;
    const iterator = toAsyncIterable(conn.messages$, {
      limit: 10,
      overflow: 'pause',
      pause: () => {
        pauses++;
        conn.pause();
      },
      resume: () => conn.resume(),
    });
    const seen: number[] = [];
    for await (const message of iterator) {
      seen.push(message.n);
      await new Promise((r) => setImmediate(r));
      if (seen.length === 200) break;
    }
    expect(seen).toEqual(Array.from({ length: 200 }, (_, n) => n));
    expect(iterator.dropped).toBe(0);
    expect(pauses).toBeGreaterThan(0);
  });

  it('delivers nothing while paused, also from the TCP read in progress, and loses nothing (Node)', async () => {
    server = await startWsServer();
    // One burst: many frames arrive in the same TCP read, so pausing the socket alone would still
    // let the rest of that read through.
    server.onConnection((socket) => {
      for (let n = 0; n < 500; n++) socket.send(JSON.stringify({ n }));
    });
    const conn = webSocketConnection<{ n: number }>({ url: server.url });
    connection = conn as Connection<unknown>;
    const seen: number[] = [];
    let paused = false;
    let deliveredWhilePaused = 0;
    await new Promise<void>((resolve) => {
      conn.messages$.subscribe((message) => {
        if (paused) deliveredWhilePaused++;
        seen.push(message.n);
        if (seen.length === 500) resolve();
        else if (seen.length % 7 === 0) {
          // A consumer with a budget of 7: pause, and resume a little later.
          paused = true;
          conn.pause();
          setImmediate(() => {
            paused = false;
            conn.resume();
          });
        }
      });
    });
    expect(deliveredWhilePaused).toBe(0);
    expect(seen).toEqual(Array.from({ length: 500 }, (_, n) => n));
  });

  it('lets a Node script that takes three messages and closes exit by itself', async () => {
    server = await startWsServer();
    server.onConnection((socket) => {
      let n = 0;
      const timer = setInterval(() => socket.send(JSON.stringify({ n: n++ })), 10);
      socket.on('close', () => clearInterval(timer));
    });
    const script = fileURLToPath(new URL('./fixtures/takeThree.mjs', import.meta.url));
    const child = spawn(process.execPath, [script, server.url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const exitCode = await new Promise<number | null>((resolve) => {
      const guard = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, 15_000);
      child.on('exit', (code) => {
        clearTimeout(guard);
        resolve(code);
      });
    });
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
    expect(stdout.trim()).toBe('[{"n":0},{"n":1},{"n":2}]');
  });
});
