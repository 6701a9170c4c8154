import { describe, expect, it } from 'vitest';
import { RxwireError } from '@rxwire/core';
import { importMinified } from '@rxwire/test-support/importMinified';
import { BayeuxError, parseBayeuxError } from './bayeuxError.js';

describe('BayeuxError', () => {
  it('is an RxwireError with its code, the server error and the channel', () => {
    const error = new BayeuxError('SUBSCRIBE_DENIED', 'denied', { serverError: '403::denied', channel: '/a' });
    expect(error).toBeInstanceOf(RxwireError);
    expect(error).toMatchObject({ name: 'BayeuxError', code: 'SUBSCRIBE_DENIED', serverError: '403::denied', channel: '/a' });
    expect(parseBayeuxError('403:/a,/b:Forbidden')).toEqual({ code: 403, args: ['/a', '/b'], message: 'Forbidden' });
  });

  it('keeps its name in a minified bundle (the minifier renames the class)', async () => {
    const mod = await importMinified<{ BayeuxError: typeof BayeuxError }>(new URL('./bayeuxError.ts', import.meta.url));
    expect(new mod.BayeuxError('PUBLISH_FAILED', 'm').name).toBe('BayeuxError');
  });
});
