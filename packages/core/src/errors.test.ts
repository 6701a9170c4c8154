import { describe, expect, it } from 'vitest';
import { BadFrameError, ConnectionLostError, RxwireError, TransportTimeoutError } from './errors.js';

describe('RxwireError', () => {
  it('subclasses carry their class name, a stable code, cause and payload', () => {
    const cause = new Error('ECONNREFUSED');
    const error = new ConnectionLostError('lost', { cause, payload: { server: 'said' } });
    expect(error).toBeInstanceOf(RxwireError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ConnectionLostError');
    expect(error.code).toBe('CONNECTION_LOST');
    expect(error.cause).toBe(cause);
    expect(error.payload).toEqual({ server: 'said' });
    expect(new TransportTimeoutError('t').code).toBe('TRANSPORT_TIMEOUT');
    expect(new BadFrameError('b', 12)).toMatchObject({ code: 'BAD_FRAME', frameSize: 12, name: 'BadFrameError' });
  });
});
