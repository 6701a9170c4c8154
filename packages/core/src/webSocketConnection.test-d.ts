import { describe, expectTypeOf, it } from 'vitest';
import type { Observable } from 'rxjs';
import { webSocketConnection } from './webSocketConnection.js';
import type { ConnectionState } from './types.js';
import type { PreparedMessage } from './connection.js';

interface Quote {
  symbol: string;
  price: number;
}

describe('webSocketConnection types', () => {
  it('types messages, sends and states by the message type', () => {
    const connection = webSocketConnection<Quote>({ url: 'ws://x', lazy: true });
    expectTypeOf(connection.messages$).toEqualTypeOf<Observable<Quote>>();
    expectTypeOf(connection.state).toEqualTypeOf<ConnectionState>();
    expectTypeOf(connection.send).parameter(0).toEqualTypeOf<Quote | PreparedMessage>();
    // @ts-expect-error a send of the wrong shape is a compile error
    connection.send({ symbol: 'X' });
  });

  it('accepts a string or an async url factory, and only the three send overflow policies', () => {
    webSocketConnection({ url: async () => 'ws://x', lazy: true });
    // @ts-expect-error 'pause' exists only for receive buffers
    webSocketConnection({ url: 'ws://x', lazy: true, sendBuffer: { overflow: 'pause' } });
  });
});
