import { describe, expect, it } from 'vitest';
import { PendingReplies, type RxwireError } from '@rxwire/core';
import { VirtualClock } from '@rxwire/core/testing';
import type { BayeuxMessage } from '../message.js';
import { Dispatcher, type SessionRoutes } from './dispatcher.js';
import { Outbox } from './outbox.js';
import type { PendingRequest } from './pendingRequests.js';
import { Subscriptions } from './subscriptions.js';

function setup(state: { ending?: boolean } = {}) {
  const calls: string[] = [];
  const delivered: BayeuxMessage[] = [];
  const errors: RxwireError[] = [];
  const requests = new PendingReplies<PendingRequest>({ clock: new VirtualClock(), onTimeout: () => undefined });
  const send = (message: BayeuxMessage): string => {
    const id = (message.id = requests.nextId());
    requests.add({ id, message, via: 'websocket', timeoutMs: 1000, deadline: 0, publish: undefined });
    return id;
  };
  const subscriptions = new Subscriptions({ notify: (c, s) => calls.push(`notify ${c} ${s}`), denied: (c) => calls.push(`denied ${c}`), request: (c) => send({ channel: '/meta/subscribe', subscription: c }) });
  const routes: SessionRoutes = {
    handshakeReply: () => calls.push('handshake'),
    handshakeFailed: () => calls.push('handshake failed'),
    connectReply: () => calls.push('connect'),
    connectFailed: () => calls.push('connect failed'),
    advice: () => calls.push('advice'),
    rehandshake: () => calls.push('rehandshake'),
    ended: () => calls.push('ended'),
    deliver: (message) => delivered.push(message),
    report: (error) => errors.push(error),
    up: () => true,
    ending: () => state.ending === true,
    closed: () => false,
  };
  const dispatcher = new Dispatcher({ requests, subscriptions, outbox: new Outbox(10), session: routes });
  return { calls, delivered, errors, send, subscriptions, dispatcher };
}

describe('Dispatcher', () => {
  it('sends events to the channels and each reply to the job whose request it answers', () => {
    const t = setup();
    const connect = t.send({ channel: '/meta/connect' });
    t.subscriptions.add('/a');
    t.subscriptions.flush();
    t.dispatcher.receive([
      { channel: '/a', data: 1 },
      { channel: '/meta/connect', id: connect, successful: true, advice: { interval: 0 } },
      { channel: '/meta/subscribe', id: '2', successful: true, subscription: '/a' },
      { channel: '/meta/disconnect' },
    ]);
    expect(t.delivered).toEqual([{ channel: '/a', data: 1 }]);
    expect(t.calls).toEqual(['advice', 'connect', 'notify /a true', 'ended']);
    expect(t.errors).toEqual([]);
  });

  it('reports what answers nothing, but not a late reply to an abandoned request', () => {
    const t = setup();
    const handshake = t.send({ channel: '/meta/handshake' });
    t.dispatcher.fail([{ channel: '/meta/handshake', id: handshake }], Object.assign(new Error('lost'), { code: 'CONNECTION_LOST' }) as unknown as RxwireError);
    t.dispatcher.receive([{ channel: '/meta/handshake', id: handshake, successful: true }, { channel: '/meta/connect', id: '99', successful: true }, { channel: '/meta/connect' }, null as unknown as BayeuxMessage]);
    expect(t.calls).toEqual(['handshake failed']);
    expect(t.errors.map((e) => e.code)).toEqual(['BAD_FRAME', 'BAD_FRAME', 'BAD_FRAME']);
  });

  it('while saying goodbye, only the goodbye counts', () => {
    const t = setup({ ending: true });
    const connect = t.send({ channel: '/meta/connect' });
    const bye = t.send({ channel: '/meta/disconnect' });
    t.dispatcher.receive([
      { channel: '/meta/connect', id: connect, successful: true },
      { channel: '/meta/disconnect', id: bye, successful: true },
    ]);
    expect(t.calls).toEqual(['ended']);
  });
});
