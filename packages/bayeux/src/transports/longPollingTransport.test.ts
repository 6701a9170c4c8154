import { describe, expect, it } from 'vitest';
import type { FetchLike, RxwireError } from '@rxwire/core';
import { CookieJar } from './cookieJar.js';
import { LongPollingTransport } from './longPollingTransport.js';
import type { BayeuxMessage } from '../message.js';
import { VirtualClock } from '@rxwire/core/testing';

interface Call {
  url: string;
  init: RequestInit;
  body: BayeuxMessage[];
  respond: (body: unknown, init?: ResponseInit) => void;
  error: (e: unknown) => void;
}

function setup(extra: { cookies?: CookieJar; requestTimeoutMs?: number } = {}) {
  const calls: Call[] = [];
  const received: BayeuxMessage[][] = [];
  const failed: Array<{ messages: BayeuxMessage[]; error: RxwireError }> = [];
  const fetch: FetchLike = (url, init = {}) =>
    new Promise((resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(new Error('aborted')));
      calls.push({
        url,
        init,
        body: JSON.parse(init.body as string) as BayeuxMessage[],
        respond: (body, responseInit) => resolve(new Response(JSON.stringify(body), responseInit)),
        error: reject,
      });
    });
  const clock = new VirtualClock();
  const transport = new LongPollingTransport({
    url: () => 'http://127.0.0.1:1/bayeux',
    fetch,
    json: JSON,
    clock,
    headers: { Authorization: 'Bearer x' },
    sink: { receive: (m) => received.push(m), fail: (messages, error) => failed.push({ messages, error }) },
    ...extra,
  });
  return { calls, received, failed, transport, clock };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('LongPollingTransport', () => {
  it('POSTs JSON arrays with headers and keeps connect on its own lane', async () => {
    const t = setup();
    t.transport.send([{ channel: '/meta/connect', id: '1' }, { channel: '/a', id: '2', data: 1 }]);
    expect(t.calls).toHaveLength(2);
    expect(t.calls.map((c) => c.body.map((m) => m.channel))).toEqual([['/meta/connect'], ['/a']]);
    expect(t.calls[0]?.init.method).toBe('POST');
    expect((t.calls[0]?.init.headers as Record<string, string>)['Authorization']).toBe('Bearer x');
    t.calls[1]?.respond([{ channel: '/a', id: '2', successful: true }]);
    await tick();
    expect(t.received).toEqual([[{ channel: '/a', id: '2', successful: true }]]);
  });

  it('uses at most two connections and batches what waits', async () => {
    const t = setup();
    t.transport.send([{ channel: '/a', id: '1', data: 1 }]);
    t.transport.send([{ channel: '/a', id: '2', data: 2 }]);
    t.transport.send([{ channel: '/a', id: '3', data: 3 }]);
    expect(t.calls).toHaveLength(1);
    t.calls[0]?.respond([]);
    await tick();
    expect(t.calls).toHaveLength(2);
    expect(t.calls[1]?.body.map((m) => m.id)).toEqual(['2', '3']);
  });

  it('accepts a single object reply', async () => {
    const t = setup();
    t.transport.send([{ channel: '/a', id: '1', data: 1 }]);
    t.calls[0]?.respond({ channel: '/a', id: '1', successful: true });
    await tick();
    expect(t.received).toEqual([[{ channel: '/a', id: '1', successful: true }]]);
  });

  it('reports HTTP errors, network errors and timeouts as failures', async () => {
    const t = setup({ requestTimeoutMs: 100 });
    t.transport.send([{ channel: '/a', id: '1', data: 1 }]);
    t.calls[0]?.respond('nope', { status: 500 });
    await tick();
    t.transport.send([{ channel: '/a', id: '2', data: 1 }]);
    t.calls[1]?.error(new Error('ECONNREFUSED'));
    await tick();
    t.transport.send([{ channel: '/a', id: '3', data: 1 }]);
    t.clock.advance(100);
    await tick();
    expect(t.failed.map((f) => [f.messages[0]?.id, f.error.code])).toEqual([
      ['1', 'CONNECTION_LOST'],
      ['2', 'CONNECTION_LOST'],
      ['3', 'TRANSPORT_TIMEOUT'],
    ]);
  });

  it('echoes cookies to the same origin', async () => {
    const cookies = new CookieJar();
    const t = setup({ cookies });
    t.transport.send([{ channel: '/meta/handshake', id: '1' }]);
    t.calls[0]?.respond([], { headers: { 'Set-Cookie': 'BAYEUX_BROWSER=xyz; HttpOnly' } });
    await tick();
    t.transport.send([{ channel: '/meta/connect', id: '2' }]);
    expect((t.calls[1]?.init.headers as Record<string, string>)['Cookie']).toBe('BAYEUX_BROWSER=xyz');
  });

  it('reset aborts the held connect', async () => {
    const t = setup();
    t.transport.send([{ channel: '/meta/connect', id: '1' }]);
    t.transport.reset();
    await tick();
    expect(t.failed[0]?.messages[0]?.id).toBe('1');
  });

  it('sends a goodbye with keepalive, so it outlives an unloading page', () => {
    const t = setup();
    t.transport.send([{ channel: '/meta/disconnect', id: '9' }]);
    expect(t.calls[0]?.init.keepalive).toBe(true);
    t.transport.send([{ channel: '/meta/connect', id: '10' }]);
    expect(t.calls[1]?.init.keepalive).toBeUndefined();
  });
});

describe('LongPollingTransport: a 200 response to a held connect that lacks its reply (issue 16)', () => {
  it.each([
    ['null', null],
    ['[]', []],
    ['only events', [{ channel: '/a', data: 1 }]],
    ['a deeply nested array', [[[{ channel: '/meta/connect', id: '1', successful: true }]]]],
    ['the reply to another id', [{ channel: '/meta/connect', id: '99', successful: true }]],
  ])('%s: fails that connect at once, and keeps what was delivered', async (_label, body) => {
    const t = setup();
    t.transport.send([{ channel: '/meta/connect', id: '1' }]);
    t.calls[0]?.respond(body);
    await tick();
    expect(t.received).toHaveLength(1);
    expect(t.failed).toHaveLength(1);
    expect(t.failed[0]?.messages.map((m) => m.id)).toEqual(['1']);
    expect(t.failed[0]?.error.code).toBe('CONNECTION_LOST');
  });

  it('a response with the reply fails nothing', async () => {
    const t = setup();
    t.transport.send([{ channel: '/meta/connect', id: '1' }]);
    t.calls[0]?.respond([{ channel: '/a', data: 1 }, { channel: '/meta/connect', id: '1', successful: true }]);
    await tick();
    expect(t.failed).toEqual([]);
  });
});
