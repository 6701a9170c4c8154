import { describe, expectTypeOf, it } from 'vitest';
import type { Observable } from 'rxjs';
import type { Channel, ChannelMessage, ChannelSource, ConnectionState } from '@rxwire/core';
import { BayeuxClient } from './bayeuxClient.js';
import type { ConnectionType } from './message.js';

interface Quote {
  symbol: string;
  price: number;
}

describe('BayeuxClient types', () => {
  it('is a ChannelSource whose channels are typed by their message', () => {
    const client = new BayeuxClient({ url: 'http://x/bayeux' });
    expectTypeOf(client).toExtend<ChannelSource>();
    const quotes = client.channel<Quote>('/quotes/*');
    expectTypeOf(quotes).toExtend<Channel<Quote>>();
    expectTypeOf(quotes).toExtend<AsyncIterable<ChannelMessage<Quote>>>();
    expectTypeOf(quotes.messages$).toEqualTypeOf<Observable<ChannelMessage<Quote>>>();
    expectTypeOf(quotes.publish).parameter(0).toEqualTypeOf<Quote>();
    // @ts-expect-error publishing the wrong shape is a compile error
    void quotes.publish({ symbol: 'X' });
    expectTypeOf(client.state).toEqualTypeOf<ConnectionState>();
    expectTypeOf(client.connectionType).toEqualTypeOf<ConnectionType | undefined>();
    expectTypeOf(client.publish).returns.toEqualTypeOf<Promise<void>>();
  });

  it('accepts the options of DESIGN.md', () => {
    new BayeuxClient({
      url: ['http://a/bayeux', 'http://b/bayeux'],
      connectionTypes: ['long-polling'],
      connectionTimeoutMs: null,
      maxPendingCount: 10,
      overflow: 'drop-newest',
      json: { stringify: JSON.stringify, parse: JSON.parse },
      headers: { Authorization: 'x' },
      reconnect: false,
      webSocketUrl: 'ws://a/socket',
      tls: { ca: 'pem' },
    });
    // @ts-expect-error unknown connection types are rejected
    new BayeuxClient({ url: 'http://x', connectionTypes: ['carrier-pigeon'] });
  });
});
