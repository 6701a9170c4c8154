import { describe, expect, it } from 'vitest';
import { ConnectionLostError, RxwireError } from '@rxwire/core';
import { describeError } from './describeError.js';

describe('describeError', () => {
  it('gives the code and the message', () => {
    expect(describeError(new RxwireError('CLOSED', 'The client was closed.'))).toBe('CLOSED: The client was closed.');
  });

  it('names a plain error by its class when it has no code', () => {
    expect(describeError(new TypeError('option "url" must be a URL'))).toBe('TypeError: option "url" must be a URL');
  });

  it('adds the root cause unless the message already says it', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const lost = new ConnectionLostError('The HTTP request failed.', { cause: refused });
    const timeout = new RxwireError('TRANSPORT_TIMEOUT', 'No session within 5000 ms.', { cause: lost });
    expect(describeError(timeout)).toBe('TRANSPORT_TIMEOUT: No session within 5000 ms. (cause: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9)');
    const saysIt = new ConnectionLostError('Could not connect: connect ECONNREFUSED 127.0.0.1:9', { cause: refused });
    expect(describeError(saysIt)).toBe('CONNECTION_LOST: Could not connect: connect ECONNREFUSED 127.0.0.1:9');
  });

  it("adds what the server said, cut short", () => {
    const error = new RxwireError('RPC_ERROR', 'Error', { payload: { code: -32000, data: 'kaboom' } });
    expect(describeError(error)).toBe('RPC_ERROR: Error; the server said: {"code":-32000,"data":"kaboom"}');
    const long = new RxwireError('RPC_ERROR', 'Error', { payload: 'x'.repeat(1000) });
    expect(describeError(long).length).toBeLessThan(350);
  });

  it('is one line, with credentials redacted', () => {
    const error = new RxwireError('CONNECTION_LOST', 'Could not connect to wss://bob:hunter2@host/ws?token=s3cret\n(code 1006)');
    const line = describeError(error);
    expect(line).not.toContain('\n');
    expect(line).not.toMatch(/hunter2|s3cret/);
  });

  it('survives a cause cycle and a thrown non-error', () => {
    const a = new RxwireError('A', 'a');
    const b = new RxwireError('B', 'b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(describeError(a)).toBe('A: a (cause: B: b)');
    expect(describeError('plain string')).toBe('plain string');
  });
});
