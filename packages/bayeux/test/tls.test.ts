import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BayeuxClient } from '@rxwire/bayeux';
import { startFaye, type FayeServer } from '@rxwire/test-support/servers';

let dir: string;
let key: string;
let cert: string;
let server: FayeServer;

beforeAll(async () => {
  // A throwaway self-signed certificate for 127.0.0.1: trusted only through the `tls.ca` option.
  dir = mkdtempSync(join(tmpdir(), 'rxwire-bayeux-tls-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  key = readFileSync(join(dir, 'key.pem'), 'utf8');
  cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  server = await startFaye({ tls: { key, cert } });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(['websocket', 'long-polling'] as const)('TLS (Node) over %s', (type) => {
  it('trusts a server certificate given as tls.ca, for HTTP and the WebSocket alike', async () => {
    const client = new BayeuxClient({ url: server.url, connectionTypes: [type], tls: { ca: cert }, logger: () => {} });
    try {
      await client.connect();
      expect(client.connectionType).toBe(type);
      await client.publish('/tls', 'ok');
    } finally {
      await client.disconnect();
    }
  });

  it('refuses the same server without it, with the certificate error as cause', async () => {
    const errors: unknown[] = [];
    const client = new BayeuxClient({ url: server.url, connectionTypes: [type], connectionTimeoutMs: 1000, logger: () => {} });
    client.errors$.subscribe((e) => errors.push(e));
    const rejection = (await client.connect().catch((e: unknown) => e)) as Error & { code?: string };
    expect(rejection.code).toBe('TRANSPORT_TIMEOUT');
    // Issue 16: the rejection itself names the last attempt's failure and carries it as cause.
    expect(rejection.message).toMatch(/last attempt failed: .*certificate/i);
    expect(rejection.cause).toBeDefined();
    await client.disconnect();
    const causes = JSON.stringify(errors.map((e) => String((e as { cause?: { message?: string } }).cause?.message ?? (e as { cause?: unknown }).cause)));
    expect(causes).toMatch(/certificate/i);
  });
});
