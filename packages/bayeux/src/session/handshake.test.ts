import { describe, expect, it } from 'vitest';
import { VirtualClock } from '@rxwire/core/testing';
import { ConnectionTypePicker } from './connectionTypePicker.js';
import { Handshake } from './handshake.js';

function setup(types: Array<'websocket' | 'long-polling'> = ['websocket', 'long-polling'], authenticate?: () => Promise<void>) {
  const picker = new ConnectionTypePicker(types, new VirtualClock(), 60_000);
  return { picker, handshake: new Handshake(picker, authenticate) };
}

describe('Handshake', () => {
  it('sends the first handshake over HTTP while the WebSocket opens, later ones over the current type', () => {
    const { handshake } = setup();
    const first = handshake.request();
    expect(first).toMatchObject({ via: 'long-polling', openWebSocket: true, message: { channel: '/meta/handshake', supportedConnectionTypes: ['websocket', 'long-polling'] } });
    handshake.sent('1', { overHttp: true });
    expect(handshake.failedOverHttp('2')).toBe(false);
    expect(handshake.failedOverHttp('1')).toBe(true);
    expect(handshake.request()).toMatchObject({ via: 'websocket', openWebSocket: false });
  });

  it('never goes over HTTP without long-polling', () => {
    expect(setup(['websocket']).handshake.request()).toMatchObject({ via: 'websocket', openWebSocket: false });
  });

  it('accepts a reply with a clientId and an offered type; says why not otherwise', () => {
    const { handshake } = setup();
    handshake.request();
    handshake.sent('1', { overHttp: true });
    expect(handshake.accept({ channel: '/meta/handshake', successful: true }).type).toBe('invalid');
    expect(handshake.accept({ channel: '/meta/handshake', successful: true, clientId: 'c', supportedConnectionTypes: ['callback-polling'] }).type).toBe('unsupported');
    expect(handshake.accept({ channel: '/meta/handshake', successful: true, clientId: 'c', supportedConnectionTypes: ['long-polling'] })).toEqual({
      type: 'accepted',
      clientId: 'c',
      connectionType: 'long-polling',
      dropWebSocket: true,
    });
  });

  it('authenticates once per denial streak, then gives up', async () => {
    let calls = 0;
    const { handshake } = setup(['websocket'], async () => {
      calls++;
    });
    const denial = { channel: '/meta/handshake', successful: false, error: '403::denied' };
    const first = handshake.deny(denial);
    expect(first.type).toBe('retry');
    if (first.type === 'retry') await first.authenticated;
    const second = handshake.deny(denial);
    expect(second.type === 'denied' && second.error.code).toBe('HANDSHAKE_DENIED');
    expect(calls).toBe(1);
  });

  it('merges advice, drops fields of the wrong type, and warns of multiple clients once', () => {
    const { handshake } = setup();
    expect(handshake.takeAdvice({ interval: 100 })).toEqual({ advice: { interval: 100 }, dropped: false });
    expect(handshake.takeAdvice({ timeout: 'soon', 'multiple-clients': true })).toEqual({ advice: { interval: 100, 'multiple-clients': true }, dropped: true });
    expect(handshake.takeAdvice(42)).toEqual({ advice: undefined, dropped: true });
    expect(handshake.multipleClientsWarning('websocket')?.code).toBe('MULTIPLE_CLIENTS');
    expect(handshake.multipleClientsWarning('websocket')).toBeUndefined();
  });
});
