import { describe, expect, it } from 'vitest';
import { VirtualClock } from '@rxwire/core/testing';
import { ConnectLoop } from './connectLoop.js';

function setup() {
  const clock = new VirtualClock();
  const loop = new ConnectLoop({ clock, requestTimeoutMs: 1000, connectTimeoutMarginMs: 500 });
  return { clock, loop };
}

describe('ConnectLoop', () => {
  it('asks for an immediate reply when prompted, else waits the advised timeout plus the margin', () => {
    const { loop } = setup();
    expect(loop.request({ via: 'websocket', advice: { timeout: 20_000 }, first: true, prompt: true })).toEqual({
      message: { channel: '/meta/connect', connectionType: 'websocket', advice: { timeout: 0 } },
      timeoutMs: 1000,
    });
    expect(loop.request({ via: 'long-polling', advice: { timeout: 20_000 }, first: false, prompt: false })).toEqual({
      message: { channel: '/meta/connect', connectionType: 'long-polling' },
      timeoutMs: 20_500,
    });
  });

  it('holds connects while paused (not the first), hands the held one back on resume, and resumes by itself', () => {
    const { clock, loop } = setup();
    const expired: boolean[] = [];
    loop.pause(4000, (waited) => expired.push(waited));
    expect(loop.request({ via: 'websocket', advice: {}, first: false, prompt: false })).toBeUndefined();
    expect(loop.request({ via: 'websocket', advice: {}, first: true, prompt: true })).toBeDefined();
    expect(loop.resume()).toBe(true);
    expect(loop.resume()).toBe(false);
    loop.pause(4000, (waited) => expired.push(waited));
    clock.advance(4000);
    expect(expired).toEqual([false]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('reads what comes after a reply from the advice', () => {
    const { loop } = setup();
    expect(loop.afterSuccess({ interval: 250 })).toEqual({ type: 'connect', afterMs: 250 });
    expect(loop.afterSuccess({ reconnect: 'none' }).type).toBe('close');
    expect(loop.afterSuccess({ interval: -1 }).type).toBe('close');
    expect(loop.afterDenial({ channel: '/meta/connect', successful: false }, { interval: 100 })).toEqual({ type: 'retry', afterMs: 100 });
    expect(loop.afterDenial({ channel: '/meta/connect', successful: false, error: '402::Unknown client' }, {})).toEqual({ type: 'handshake' });
    expect(loop.afterDenial({ channel: '/meta/connect', successful: false, advice: { reconnect: 'none' } }, {}).type).toBe('close');
  });

  it('paces the next connect with its own timer, which a loss cancels', () => {
    const { clock, loop } = setup();
    const sent: number[] = [];
    loop.next(0, () => sent.push(clock.now()));
    loop.next(300, () => sent.push(clock.now()));
    clock.advance(300);
    loop.next(300, () => sent.push(clock.now()));
    loop.cancelNext();
    clock.advance(1000);
    expect(sent).toEqual([0, 300]);
    expect(clock.pendingTimers).toBe(0);
  });
});
