import { describe, expect, it } from 'vitest';
import { jsonCodec } from '../codec.js';
import type { RxwireError } from '../errors.js';
import { createFakeWebSocket } from '../testing/fakeWebSocket.js';
import { VirtualClock } from '../testing/virtualClock.js';
import type { CloseInfo } from '../types.js';
import { SocketLink, type SocketEnd } from './socketLink.js';

function setup(options: { maxMessageSize?: number; pingFrames?: boolean } = {}) {
  const fake = createFakeWebSocket({ pingFrames: options.pingFrames ?? false });
  const clock = new VirtualClock();
  const record = { opened: 0, messages: [] as unknown[], traffic: 0, ends: [] as SocketEnd[], problems: [] as RxwireError[] };
  const link = new SocketLink<unknown>({
    codec: jsonCodec(),
    maxMessageSize: options.maxMessageSize,
    clock,
    onOpen: () => record.opened++,
    onMessage: (message) => record.messages.push(message),
    onTraffic: () => record.traffic++,
    onEnd: (end) => record.ends.push(end),
    onProblem: (error) => record.problems.push(error),
  });
  const open = (url = 'ws://example.test/x') => link.open({ url, WebSocket: fake.WebSocket });
  return { fake, clock, link, record, open };
}

describe('SocketLink', () => {
  it('opens a socket for binary frames, tells its opening and decodes what it receives', () => {
    const t = setup();
    t.open();
    expect(t.fake.last.binaryType).toBe('arraybuffer');
    expect(t.link.socket).toBe(t.fake.last);
    t.fake.last.open();
    t.fake.last.receive('{"a":1}');
    expect(t.record).toMatchObject({ opened: 1, messages: [{ a: 1 }], traffic: 1, ends: [] });
  });

  it('skips a frame it cannot decode or that is too large, reports it, and carries on', () => {
    const t = setup({ maxMessageSize: 10 });
    t.open();
    t.fake.last.open();
    t.fake.last.receive('{not json');
    t.fake.last.receive('"a long string"');
    t.fake.last.receive('2');
    expect(t.record.problems.map((e) => e.code)).toEqual(['BAD_FRAME', 'MESSAGE_TOO_LARGE']);
    expect(t.record.messages).toEqual([2]);
    expect(t.record.traffic).toBe(3);
  });

  it('names a failed attempt with the URL and the socket error as cause', () => {
    const t = setup();
    t.open('ws://user:secret@example.test/x');
    t.fake.last.fail(new Error('certificate has expired'));
    const [end] = t.record.ends;
    expect(end?.wasOpen).toBe(false);
    expect(end?.info).toEqual({ code: 1006, reason: '', wasClean: false });
    expect(end?.error.code).toBe('CONNECTION_LOST');
    expect(end?.error.message).toMatch(/^Could not connect to .*example\.test.*: certificate has expired \(code 1006\)/);
    expect(end?.error.message).not.toContain('secret');
    expect((end?.error.cause as Error).message).toBe('certificate has expired');
    expect(t.link.socket).toBeUndefined();
  });

  it('tells a lost connection apart from a failed attempt', () => {
    const t = setup();
    t.open();
    t.fake.last.open();
    t.fake.last.serverClose(1001, 'going away', true);
    expect(t.record.ends.map((e) => [e.wasOpen, e.error.message])).toEqual([[true, 'The connection closed (code 1001, going away).']]);
  });

  it('throws CONNECTION_LOST when no socket can be made', () => {
    const t = setup();
    const Broken = function () {
      throw new SyntaxError('bad url');
    } as unknown as NonNullable<Parameters<typeof t.link.open>[0]['WebSocket']>;
    expect(() => t.link.open({ url: 'ws://x', WebSocket: Broken })).toThrow(expect.objectContaining({ code: 'CONNECTION_LOST' }));
  });

  it('holds what a pausable socket delivers while paused, and delivers it in order on resume', () => {
    const t = setup();
    const socket = t.open();
    let reading = true;
    Object.assign(socket, { pause: () => (reading = false), resume: () => (reading = true) });
    t.fake.last.open();
    t.link.pause();
    expect(reading).toBe(false);
    t.fake.last.receive('1');
    t.fake.last.receive('2');
    expect(t.record.messages).toEqual([]);
    t.link.resume();
    expect(t.record.messages).toEqual([1, 2]);
    expect(reading).toBe(true);
  });

  it('pauses the next socket when paused between sockets', () => {
    const t = setup();
    t.link.pause();
    let paused = false;
    class Pausable extends t.fake.WebSocket {
      override pause(): void {
        paused = true;
      }
    }
    t.link.open({ url: 'ws://x', WebSocket: Pausable });
    expect(paused).toBe(true);
  });

  it('hears nothing more from a socket it let go of', () => {
    const t = setup();
    t.open();
    const first = t.fake.last;
    first.open();
    t.link.detach();
    expect(first.onmessage).toBeNull();
    t.open();
    first.receive('1');
    first.serverClose(1006, '', false);
    expect(t.record.messages).toEqual([]);
    expect(t.record.ends).toEqual([]);
  });

  it('listens only to its current socket', () => {
    const t = setup();
    t.open();
    const first = t.fake.last;
    t.open();
    first.open();
    first.receive('1');
    first.serverClose(1006, '', false);
    expect(t.record).toMatchObject({ opened: 0, messages: [], ends: [] });
  });

  it('drops a socket without a closing handshake', () => {
    const t = setup({ pingFrames: true });
    t.open();
    t.fake.last.open();
    t.link.drop();
    expect(t.fake.last.closedBy).toBe('terminate');
    expect(t.link.socket).toBeUndefined();
    expect(t.record.ends).toEqual([]);
  });

  it('closes with the code and reason given, and reports the real close', () => {
    const t = setup();
    t.open();
    t.fake.last.open();
    const closes: CloseInfo[] = [];
    expect(t.link.close({ code: 4001, reason: 'bye', onClosed: (info) => closes.push(info) })).toBe(true);
    expect(t.fake.last.closedBy).toEqual({ code: 4001, reason: 'bye' });
    t.fake.last.serverClose(4001, 'bye', true);
    expect(closes).toEqual([{ code: 4001, reason: 'bye', wasClean: true }]);
    expect(t.record.ends).toEqual([]);
    expect(t.link.close({ code: 1000, reason: '' })).toBe(false);
  });

  it('gives up on a closing handshake the peer never answers', () => {
    const t = setup();
    t.open();
    t.fake.last.open();
    const closes: CloseInfo[] = [];
    t.link.close({ code: 1000, reason: '', onClosed: (info) => closes.push(info) });
    t.clock.advance(1000);
    expect(closes).toEqual([{ code: 1006, reason: 'closing handshake timed out', wasClean: false }]);
  });
});
