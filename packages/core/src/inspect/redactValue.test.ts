import { describe, expect, it } from 'vitest';
import { redact } from '../logger.js';
import { REDACTED, redactValue } from './redactValue.js';

describe('redactValue', () => {
  it('masks the fields Bayeux auth extensions put in ext, and leaves the rest as it was', () => {
    const handshake = { channel: '/meta/handshake', clientId: 'c1', ext: { authToken: 'abc', auth: { user: 'bob' }, credentials: 'x', replay: { '/a': -1 } } };
    expect(redactValue(handshake, redact)).toEqual({
      channel: '/meta/handshake',
      clientId: 'c1',
      ext: { authToken: REDACTED, auth: REDACTED, credentials: REDACTED, replay: { '/a': -1 } },
    });
  });

  it('masks authorization-like headers and password or token fields, whatever their case', () => {
    const value = { headers: { Authorization: 'Bearer t0k', Cookie: 'sid=1', 'X-Api-Key': 'k', Accept: 'json' }, login: { password: 'p', Token: 't' } };
    expect(redactValue(value, redact)).toEqual({
      headers: { Authorization: REDACTED, Cookie: REDACTED, 'X-Api-Key': REDACTED, Accept: 'json' },
      login: { password: REDACTED, Token: REDACTED },
    });
  });

  it('redacts tokens in url queries and user info inside any string, also in arrays', () => {
    const value = { url: 'wss://bob:pw@host/ws?access_token=abc&x=1', list: ['https://h/p?token=secret'] };
    expect(redactValue(value, redact)).toEqual({ url: 'wss://***@host/ws?access_token=***&x=1', list: ['https://h/p?token=***'] });
  });

  it('never changes its input: the message is still on its way to the application', () => {
    const message = { ext: { authToken: 'abc' } };
    redactValue(message, redact);
    expect(message.ext.authToken).toBe('abc');
  });

  it('shows an error as its name, redacted message and code', () => {
    const error = Object.assign(new Error('failed for wss://h/?token=abc'), { code: 'CONNECTION_LOST' });
    expect(redactValue(error, redact)).toEqual({ name: 'Error', message: 'failed for wss://h/?token=***', code: 'CONNECTION_LOST' });
  });

  it('cuts a cycle instead of hanging', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    const copy = JSON.stringify(redactValue(cyclic, redact));
    expect(copy).toContain('[nested too deep]');
  });

  it('passes numbers, booleans, null and undefined through, and shows bytes as their length', () => {
    expect(redactValue({ n: 1, b: true, z: null, u: undefined, bytes: new Uint8Array(3) }, redact)).toEqual({ n: 1, b: true, z: null, u: undefined, bytes: '[3 bytes]' });
  });
});
