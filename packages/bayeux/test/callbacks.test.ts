// Issue 18: errors thrown by the app's callbacks are contained. Each kind of callback throws or
// rejects; the client carries on and errors$ says what happened, nothing reaches the event loop.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filter, firstValueFrom, take, toArray } from 'rxjs';
import type { RxwireError } from '@rxwire/core';
import { BayeuxClient, type BayeuxMessage, type Extension } from '@rxwire/bayeux';
import { startFaye, type FayeServer } from '@rxwire/test-support/servers';

let server: FayeServer;
const clients: BayeuxClient[] = [];
const uncaught: unknown[] = [];
const onUncaught = (error: unknown): void => {
  uncaught.push(error);
};

beforeEach(async () => {
  server = await startFaye();
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.disconnect()));
  await server.close();
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
  expect(uncaught.splice(0)).toEqual([]);
});

function client(options: Partial<ConstructorParameters<typeof BayeuxClient>[0]> = {}): { client: BayeuxClient; errors: RxwireError[] } {
  const created = new BayeuxClient({ url: server.url, connectionTypes: ['websocket'], ...options });
  clients.push(created);
  const errors: RxwireError[] = [];
  created.errors$.subscribe((error) => errors.push(error));
  return { client: created, errors };
}

/** An extension whose hook fails once on a publish to `/fail`, by throwing or by rejecting. */
function failingOnce(hook: 'incoming' | 'outgoing', how: 'throws' | 'rejects'): Extension {
  let failed = false;
  const fail = (messages: BayeuxMessage[]): BayeuxMessage[] | Promise<BayeuxMessage[]> => {
    if (failed || !messages.some((m) => m.channel === '/fail')) return messages;
    failed = true;
    const error = new Error(`${hook} ${how}`);
    if (how === 'throws') throw error;
    return Promise.reject(error);
  };
  return { [hook]: fail };
}

describe.each(['throws', 'rejects'] as const)('a callback that %s', (how) => {
  it('an outgoing extension: that batch fails with EXTENSION_FAILED, the next publish goes through', async () => {
    const { client: c, errors } = client({ extensions: [failingOnce('outgoing', how)] });
    await c.connect();
    await expect(c.publish('/fail', { n: 1 })).rejects.toMatchObject({ code: 'EXTENSION_FAILED' });
    expect(errors.map((e) => e.code)).toContain('EXTENSION_FAILED');
    expect((errors.find((e) => e.code === 'EXTENSION_FAILED')?.cause as Error).message).toBe(`outgoing ${how}`);
    await expect(c.publish('/ok', { n: 2 })).resolves.toBeUndefined();
  });

  it('an incoming extension: reported with EXTENSION_FAILED, the messages are used unchanged', async () => {
    const { client: c, errors } = client({ extensions: [failingOnce('incoming', how)] });
    const received = firstValueFrom(c.channel('/fail').messages$.pipe(take(2), toArray()));
    await firstValueFrom(c.channel('/fail').subscribed$.pipe(filter(Boolean)));
    await server.publish('/fail', { n: 1 });
    await server.publish('/fail', { n: 2 });
    expect((await received).map((m) => m.data)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(errors.map((e) => e.code)).toContain('EXTENSION_FAILED');
  });

  it('an auth extension: a failing authenticate() rejects connect() with HANDSHAKE_DENIED and its cause', async () => {
    server.bayeux.addExtension({
      incoming: (message: BayeuxMessage, callback: (message: BayeuxMessage) => void) => {
        if (message.channel === '/meta/handshake' && !(message.ext as { token?: string } | undefined)?.token) message.error = '403::no token';
        callback(message);
      },
    } as never);
    const failure = new Error(`authenticate ${how}`);
    const { client: c } = client({
      auth: {
        authenticate: () => (how === 'throws' ? (() => { throw failure; })() : Promise.reject(failure)),
      },
    });
    const error = await c.connect().then(() => undefined, (e: RxwireError) => e);
    expect(error?.code).toBe('HANDSHAKE_DENIED');
    expect(error?.cause).toBe(failure);
  });
});

describe('a json codec that throws', () => {
  it('parse: the frame is reported as BAD_FRAME, later frames are read', async () => {
    let parses = 0;
    const { client: c, errors } = client({
      json: {
        parse: (text) => {
          parses++;
          const value = JSON.parse(text) as unknown;
          if (JSON.stringify(value).includes('"poison"')) throw new Error('parse failed');
          return value;
        },
      },
    });
    const received = firstValueFrom(c.channel('/x').messages$.pipe(take(1)));
    await firstValueFrom(c.channel('/x').subscribed$.pipe(filter(Boolean)));
    await server.publish('/x', { poison: true });
    await server.publish('/x', { fine: true });
    expect((await received).data).toEqual({ fine: true });
    expect(errors.map((e) => e.code)).toContain('BAD_FRAME');
    expect(parses).toBeGreaterThan(2);
  });

  it('stringify: that publish fails, the client carries on', async () => {
    const { client: c } = client({
      json: {
        stringify: (value) => {
          if (JSON.stringify(value).includes('"poison"')) throw new Error('stringify failed');
          return JSON.stringify(value);
        },
      },
    });
    await c.connect();
    await expect(c.publish('/x', { poison: true })).rejects.toBeInstanceOf(Error);
    await expect(c.publish('/x', { fine: true })).resolves.toBeUndefined();
  });
});

describe('a logger that throws', () => {
  it('changes nothing: the client still delivers', async () => {
    let calls = 0;
    const c = new BayeuxClient({
      url: server.url,
      connectionTypes: ['websocket'],
      logger: () => {
        calls++;
        throw new Error('logger broke');
      },
      extensions: [failingOnce('outgoing', 'throws')],
    });
    clients.push(c);
    await c.connect();
    await expect(c.publish('/fail', 1)).rejects.toMatchObject({ code: 'EXTENSION_FAILED' });
    expect(calls).toBeGreaterThan(0);
    await expect(c.publish('/ok', 2)).resolves.toBeUndefined();
  });
});
