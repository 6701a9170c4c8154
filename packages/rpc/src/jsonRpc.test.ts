import { describe, expect, it } from 'vitest';
import { listing } from '../test/support/listing.js';
import { jsonRpc } from './jsonRpc.js';

const p = listing(jsonRpc());

describe('jsonRpc()', () => {
  it('encodes requests, notifications and batches', () => {
    expect(p.encodeCall?.('1', 'sum', [1, 2])).toEqual({ jsonrpc: '2.0', method: 'sum', params: [1, 2], id: 1 });
    expect(p.encodeCall?.('2', 'ping', undefined)).toEqual({ jsonrpc: '2.0', method: 'ping', id: 2 });
    expect(p.encodeNotification?.('log', { m: 1 })).toEqual({ jsonrpc: '2.0', method: 'log', params: { m: 1 } });
    expect(p.encodeBatch?.([{ a: 1 }, { b: 2 }])).toEqual([{ a: 1 }, { b: 2 }]);
    expect(JSON.stringify(p.encodeNotification?.('log', undefined))).toBe('{"jsonrpc":"2.0","method":"log"}');
  });

  it('sends a decimal id as a JSON number and any other id as the string it is', () => {
    expect(JSON.stringify(p.encodeCall?.('42', 'm', []))).toBe('{"jsonrpc":"2.0","method":"m","params":[],"id":42}');
    for (const id of ['x7', '1a', '007', '1e3', '-0', ' 1', '', 'NaN', 'Infinity', '99999999999999999999']) {
      expect(p.encodeCall?.(id, 'm', [])).toMatchObject({ id });
    }
    expect(p.decode({ jsonrpc: '2.0', result: 1, id: 42 })).toEqual([{ kind: 'result', id: '42', value: 1 }]);
    expect(p.encodePublish).toBeUndefined();
    expect(p.channelEvents).toBeFalsy();
  });

  it('subscribes events with rpc.on / rpc.off and checks the per-event status', () => {
    expect(p.encodeSubscribe?.('1', 'feed', undefined)).toEqual({ jsonrpc: '2.0', method: 'rpc.on', params: ['feed'], id: 1 });
    expect(p.encodeUnsubscribe?.('2', 'feed', undefined)).toEqual({ jsonrpc: '2.0', method: 'rpc.off', params: ['feed'], id: 2 });
    expect(p.checkSubscribed?.({ feed: 'ok' }, 'feed', undefined)).toBeUndefined();
    expect(p.checkSubscribed?.({ feed: 'socket has already been subscribed to event' }, 'feed', undefined)).toBeUndefined();
    expect(p.checkSubscribed?.({ feed: 'provided event invalid' }, 'feed', undefined)).toMatchObject({
      code: 'SUBSCRIBE_DENIED',
      message: expect.stringContaining('provided event invalid') as string,
    });
    expect(p.checkSubscribed?.(null, 'feed', undefined)).toMatchObject({ code: 'SUBSCRIBE_DENIED' });
  });

  it('decodes results and errors with codes and data; numeric ids become strings', () => {
    expect(p.decode({ jsonrpc: '2.0', result: 3, id: '1' })).toEqual([{ kind: 'result', id: '1', value: 3 }]);
    expect(p.decode({ jsonrpc: '2.0', result: null, id: 7 })).toEqual([{ kind: 'result', id: '7', value: null }]);
    const [e] = p.decode({ jsonrpc: '2.0', error: { code: -32601, message: 'Method not found', data: 'x' }, id: '2' });
    expect(e).toMatchObject({ kind: 'error', id: '2', error: { code: 'RPC_ERROR', rpcCode: -32601, message: 'Method not found', data: 'x' } });
  });

  it('reports an error with a null id on errors$', () => {
    expect(p.decode({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null })).toMatchObject([
      { kind: 'problem', error: { code: 'RPC_ERROR', rpcCode: -32700 } },
    ]);
  });

  it('decodes a batch reply into its parts', () => {
    const decoded = p.decode([
      { jsonrpc: '2.0', result: 1, id: '1' },
      { jsonrpc: '2.0', error: { code: -32000, message: 'Error' }, id: '2' },
    ]);
    expect(decoded.map((d) => d.kind)).toEqual(['result', 'error']);
  });

  it('decodes rpc-websockets events and server notifications as pushes', () => {
    expect(p.decode({ notification: 'feed', params: { v: 1 } })).toEqual([
      { kind: 'push', message: { channel: 'feed', event: 'feed', data: { v: 1 } } },
    ]);
    expect(p.decode({ jsonrpc: '2.0', method: 'tick', params: [1] })).toEqual([
      { kind: 'push', message: { channel: 'tick', event: 'tick', data: [1] } },
    ]);
  });

  it.each([[null], [[]], ['x'], [{ jsonrpc: '2.0' }], [{ result: 1 }], [[1]]])('turns %j into a BAD_FRAME problem', (message) => {
    expect(p.decode(message)[0]).toMatchObject({ kind: 'problem', error: { code: 'BAD_FRAME' } });
  });
});
