import { afterEach, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { WebSocketServer } from 'ws';
import { filter, firstValueFrom } from 'rxjs';
import { webSocketConnection, type Connection } from '@rxwire/core';

const cert = readFileSync(new URL('./fixtures/test-cert.pem', import.meta.url), 'utf8');
const key = readFileSync(new URL('./fixtures/test-key.pem', import.meta.url), 'utf8');

let https: Server | undefined;
let connection: Connection<unknown> | undefined;

afterEach(async () => {
  connection?.close();
  https?.closeAllConnections();
  await new Promise((r) => (https ? https.close(r) : r(undefined)));
  connection = undefined;
  https = undefined;
});

async function startTlsEcho(): Promise<string> {
  https = createServer({ cert, key });
  const wss = new WebSocketServer({ server: https });
  wss.on('connection', (socket) => socket.on('message', (data) => socket.send(String(data))));
  https.listen(0, '127.0.0.1');
  await once(https, 'listening');
  return `wss://127.0.0.1:${(https.address() as { port: number }).port}`;
}

describe('wss:// with a self-signed certificate (Node)', () => {
  it('connects when the certificate is trusted through the tls option, without turning verification off', async () => {
    const url = await startTlsEcho();
    const conn = webSocketConnection({ url, tls: { ca: cert } });
    connection = conn;
    const reply = firstValueFrom(conn.messages$);
    conn.send({ secure: true });
    expect(await reply).toEqual({ secure: true });
    expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBeUndefined();
  });

  it('fails with a clear error carrying the certificate problem when it is not trusted', async () => {
    const url = await startTlsEcho();
    const conn = webSocketConnection({ url, reconnect: false });
    connection = conn;
    const error = await firstValueFrom(conn.errors$);
    expect(error.code).toBe('CONNECTION_LOST');
    expect(error.message).toMatch(/Could not connect to wss:\/\/127\.0\.0\.1:\d+: self-signed certificate/);
    expect((error.cause as { code?: string }).code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    await firstValueFrom(conn.state$.pipe(filter((s) => s === 'closed')));
  });
});
