import { describe, expect, it, vi } from 'vitest';
import { logError, redact, reportError } from './logger.js';
import { Multicast } from './multicast.js';
import type { RxwireError } from './errors.js';
import { ConnectionLostError } from './errors.js';

describe('redact', () => {
  it.each([
    ['wss://bob:hunter2@host/ws', 'wss://***@host/ws'],
    ['https://host/cometd?token=abc123&x=1', 'https://host/cometd?token=***&x=1'],
    ['ws://h/?access_token=eyJhbGci.x.y', 'ws://h/?access_token=***'],
    ['Authorization: Bearer eyJhbGciOiJ', 'Authorization: ***'],
    ['{"password":"pa55","user":"bob"}', '{"password":"***","user":"bob"}'],
    ['cookie=BAYEUX_BROWSER=1234abcd', 'cookie=***'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('leaves ordinary text alone', () => {
    expect(redact('Could not connect to ws://127.0.0.1:8080/ws (code 1006).')).toBe(
      'Could not connect to ws://127.0.0.1:8080/ws (code 1006).',
    );
  });
});

describe('logError', () => {
  it('logs name, message and cause with secrets removed', () => {
    const logger = vi.fn();
    logError(logger, 'test', new ConnectionLostError('lost ws://u:pw@h/x', { cause: new Error('token=zzz') }));
    expect(logger).toHaveBeenCalledWith('[rxwire] test: ConnectionLostError: lost ws://***@h/x (cause: Error: token=***)');
  });
});

describe('reportError', () => {
  it('sends to errors$ while it is observed, and logs (redacted) otherwise', () => {
    const errors = new Multicast<RxwireError>();
    const logger = vi.fn();
    const lost = new ConnectionLostError('lost ws://u:pw@h/x');
    reportError(errors, logger, 'test', lost);
    expect(logger).toHaveBeenCalledWith('[rxwire] test: ConnectionLostError: lost ws://***@h/x');
    const seen: RxwireError[] = [];
    const subscription = errors.observable.subscribe((e) => seen.push(e));
    reportError(errors, logger, 'test', lost);
    expect(seen).toEqual([lost]);
    expect(logger).toHaveBeenCalledTimes(1);
    subscription.unsubscribe();
  });
});
