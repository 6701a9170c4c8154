import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../testing/virtualClock.js';
import { SharedChannel } from './sharedChannel.js';

function channel() {
  return new SharedChannel({
    name: 'quotes',
    clock: new VirtualClock(),
    wire: { subscribe: () => true, unsubscribe: () => undefined, publish: () => Promise.resolve() },
  });
}

describe('SharedChannel.snapshot', () => {
  it('starts empty', () => {
    expect(channel().snapshot()).toEqual({ name: 'quotes', observers: 0, subscribed: false, status: 'idle', messages: 0, pending: 0 });
  });

  it('counts observers and delivered messages, keeps the last one, and shows the wire status', () => {
    const quotes = channel();
    const first = quotes.messages$.subscribe();
    quotes.messages$.subscribe();
    quotes.confirmed(quotes.attempt);
    quotes.deliver({ channel: 'quotes', data: 1 });
    quotes.deliver({ channel: 'quotes', data: 2 });
    first.unsubscribe();
    expect(quotes.snapshot()).toEqual({
      name: 'quotes',
      observers: 1,
      subscribed: true,
      status: 'live',
      messages: 2,
      pending: 0,
      lastMessage: { channel: 'quotes', data: 2 },
    });
  });
});
