import { describe, expect, it } from 'vitest';
import { createFakeWebSocket } from '@rxwire/core/testing';
import type { RxwireError } from '@rxwire/core';
import type { BayeuxMessage } from '../message.js';
import { WebSocketTransport } from './webSocketTransport.js';
import { VirtualClock } from '@rxwire/core/testing';
import { CookieJar } from './cookieJar.js';

function setup(webSocketUrl?: string) {
  const ws = createFakeWebSocket();
  const received: BayeuxMessage[][] = [];
  const failed: Array<{ messages: BayeuxMessage[]; error: RxwireError }> = [];
  const transport = new WebSocketTransport({
    url: () => 'https://example.test/bayeux',
    webSocketUrl,
    json: JSON,
    clock: new VirtualClock(),
    WebSocket: ws.WebSocket,
    sink: { receive: (m) => received.push(m), fail: (messages, error) => failed.push({ messages, error }) },
  });
  return { ws, received, failed, transport };
}

describe('WebSocketTransport', () => {
  it('opens ws(s) from the http(s) url and sends one frame per batch', () => {
    const t = setup();
    t.transport.send([{ channel: '/meta/handshake', id: '1' }, { channel: '/a', id: '2', data: 1 }]);
    expect(t.ws.last.url).toBe('wss://example.test/bayeux');
    t.ws.last.open();
    expect(t.ws.last.sent.map((f) => JSON.parse(f as string) as unknown)).toEqual([
      [{ channel: '/meta/handshake', id: '1' }, { channel: '/a', id: '2', data: 1 }],
    ]);
    t.ws.last.receive(JSON.stringify([{ channel: '/meta/handshake', id: '1', successful: true }]));
    expect(t.received).toHaveLength(1);
  });

  it('sends a held /meta/connect in a frame of its own (a server answers a frame only as a whole)', () => {
    const t = setup();
    t.transport.send([{ channel: '/meta/connect', id: '1', advice: { timeout: 0 } }, { channel: '/meta/subscribe', id: '2', subscription: '/a' }]);
    t.ws.last.open();
    t.transport.send([{ channel: '/meta/connect', id: '3' }, { channel: '/a', id: '4', data: 1 }]);
    const frames = t.ws.last.sent.map((f) => (JSON.parse(f as string) as BayeuxMessage[]).map((m) => m.id));
    expect(frames).toEqual([['1', '2'], ['4'], ['3']]);
  });

  it('honours webSocketUrl', () => {
    const t = setup('ws://other.test/socket');
    t.transport.send([{ channel: '/meta/handshake', id: '1' }]);
    expect(t.ws.last.url).toBe('ws://other.test/socket');
  });

  it('fails every unanswered message when the socket dies, and opens a new one on the next send', () => {
    const t = setup();
    t.transport.send([{ channel: '/meta/connect', id: '1' }, { channel: '/a', id: '2', data: 1 }]);
    t.ws.last.open();
    t.ws.last.receive(JSON.stringify([{ channel: '/a', id: '2', successful: true }]));
    t.ws.last.serverClose(1006, '', false);
    expect(t.failed.map((f) => f.messages.map((m) => m.id))).toEqual([['1']]);
    t.transport.send([{ channel: '/meta/connect', id: '3' }]);
    expect(t.ws.sockets).toHaveLength(2);
  });

  it('reports a socket that cannot open as a failure', () => {
    const t = setup();
    t.transport.send([{ channel: '/meta/handshake', id: '1' }]);
    t.ws.last.fail();
    expect(t.failed[0]?.error.code).toBe('CONNECTION_LOST');
  });

  it('leaves timing to the session: no open timeout and no ping frames of its own', () => {
    const ws = createFakeWebSocket({ pingFrames: true });
    const clock = new VirtualClock();
    const failed: BayeuxMessage[][] = [];
    const transport = new WebSocketTransport({
      url: () => 'https://example.test/bayeux',
      json: JSON,
      clock,
      WebSocket: ws.WebSocket,
      sink: { receive: () => {}, fail: (messages) => failed.push(messages) },
    });
    transport.send([{ channel: '/meta/connect', id: '1' }]);
    clock.advance(60_000);
    expect(failed).toEqual([]);
    ws.last.open();
    clock.advance(60_000);
    expect(ws.last.pings).toBe(0);
    expect(ws.last.sent).toHaveLength(1);
    transport.close();
  });

  it('sends headers and same-origin cookies on the upgrade (Node)', () => {
    const ws = createFakeWebSocket();
    const cookies = new CookieJar();
    cookies.store('https://example.test/bayeux', ['BAYEUX_BROWSER=b1']);
    cookies.store('https://elsewhere.test/', ['other=x']);
    const transport = new WebSocketTransport({
      url: () => 'https://example.test/bayeux',
      json: JSON,
      clock: new VirtualClock(),
      WebSocket: ws.WebSocket,
      headers: { Authorization: 'Bearer t' },
      cookies,
      sink: { receive: () => {}, fail: () => {} },
    });
    transport.send([{ channel: '/meta/handshake', id: '1' }]);
    expect(ws.last.nodeOptions).toMatchObject({ headers: { Authorization: 'Bearer t', Cookie: 'BAYEUX_BROWSER=b1' } });
    transport.close();
  });
});
