import { describe, expect, it } from 'vitest';
import { listing } from '../test/support/listing.js';
import { aioOpenApi } from './aioOpenApi.js';
import { RpcError } from './errors.js';

const p = listing(aioOpenApi());

describe('aioOpenApi()', () => {
  it('encodes calls, leaving out an absent payload', () => {
    expect(p.encodeCall?.('1', 'add', { a: 1, b: 2 })).toEqual({ id: '1', method: 'add', payload: { a: 1, b: 2 } });
    expect(p.encodeCall?.('2', 'info', undefined)).toEqual({ id: '2', method: 'info' });
  });

  it('encodes pub/sub as plain RPC methods', () => {
    expect(p.encodeSubscribe?.('1', 'prices', 'tick*')).toEqual({ id: '1', method: 'subscribe', payload: { channel: 'prices', event: 'tick*' } });
    expect(p.encodeSubscribe?.('1', 'prices', undefined)).toEqual({ id: '1', method: 'subscribe', payload: { channel: 'prices' } });
    expect(p.encodeUnsubscribe?.('2', 'prices', 'a')).toEqual({ id: '2', method: 'unsubscribe', payload: { channel: 'prices', event: 'a' } });
    expect(p.encodePublish?.('3', 'prices', 'tick', 5)).toEqual({ id: '3', method: 'publish', payload: { channel: 'prices', event: 'tick', data: 5 } });
    expect(p.channelEvents).toBe(true);
    expect(p.encodeNotification).toBeUndefined();
    expect(p.encodeRest).toBeUndefined();
  });

  it('decodes responses, including falsy values', () => {
    expect(p.decode({ id: '1', method: 'add', response: 3 })).toEqual([{ kind: 'result', id: '1', value: 3 }]);
    expect(p.decode({ id: '2', method: 'x', response: null })).toEqual([{ kind: 'result', id: '2', value: null }]);
  });

  it('decodes errors with their field map', () => {
    const [incoming] = p.decode({ id: '1', method: 'add', error: { message: 'Invalid RPC parameters', errors: { a: 'required' } } });
    expect(incoming?.kind).toBe('error');
    const error = incoming?.kind === 'error' ? incoming.error : undefined;
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ code: 'RPC_ERROR', message: 'Invalid RPC parameters', errors: { a: 'required' }, method: 'add' });
  });

  it('reports an error without id as a problem', () => {
    const [incoming] = p.decode({ error: { message: 'JSON string expected' } });
    expect(incoming).toMatchObject({ kind: 'problem', error: { code: 'RPC_ERROR', message: 'JSON string expected' } });
  });

  it('decodes pushes, keeping the event as sent', () => {
    expect(p.decode({ channel: 'prices', event: 'tick', data: { v: 1 } })).toEqual([
      { kind: 'push', message: { channel: 'prices', event: 'tick', data: { v: 1 } } },
    ]);
    expect(p.decode({ channel: 'prices', event: '', data: 1 })).toEqual([{ kind: 'push', message: { channel: 'prices', event: '', data: 1 } }]);
  });

  it.each([[null], [[1, 2]], ['text'], [42], [{ id: '1' }], [{ response: 1 }], [{ hello: 'world' }]])(
    'turns the malformed message %j into a BAD_FRAME problem',
    (message) => {
      const [incoming] = p.decode(message);
      expect(incoming).toMatchObject({ kind: 'problem', error: { code: 'BAD_FRAME' } });
    },
  );

  it('copes with an error body that is not an object', () => {
    expect(p.decode({ id: '1', error: 'boom' })).toMatchObject([{ kind: 'error', id: '1', error: { message: 'boom' } }]);
    expect(p.decode({ id: '1', error: 7 })).toMatchObject([{ kind: 'error', id: '1', error: { message: 'The server answered with an error.' } }]);
  });
});
