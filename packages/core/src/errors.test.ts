import { describe, expect, it } from 'vitest';
import { importMinified } from '@rxwire/test-support/importMinified';
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

describe('error names in a minified bundle', () => {
  it('stay the class names when a minifier renames the classes', async () => {
    const mod = await importMinified<Record<string, new (...args: never[]) => Error>>(new URL('./errors.ts', import.meta.url));
    const names = Object.keys(mod).filter((k) => k.endsWith('Error'));
    expect(names.length).toBeGreaterThanOrEqual(8);
    for (const name of names) {
      const Ctor = mod[name] as unknown as new (a: string, b: string | number, c?: number) => Error;
      const error = name === 'RxwireError' ? new Ctor('SOME_CODE', 'm') : name === 'MessageTooLargeError' ? new Ctor(2 as never, 1) : new Ctor('m', 1);
      expect(error.name).toBe(name);
    }
  });
});
