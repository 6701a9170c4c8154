import { describe, expect, it } from 'vitest';
import { SingleConnectionType } from './singleConnectionType.js';

describe('SingleConnectionType', () => {
  it('keeps its one type: no fallback, no upgrade; chosen when the server offers it', () => {
    const types = new SingleConnectionType('websocket');
    expect(types.remaining).toEqual(['websocket']);
    expect(types.handshakeFailed()).toBe(false);
    expect(types.connectFailed()).toBeUndefined();
    expect(types.upgradeIfDue()).toBe(false);
    expect(types.choose(['long-polling', 'websocket'])).toBe('websocket');
    expect(types.choose(undefined)).toBe('websocket');
    expect(types.choose(['long-polling'])).toBeUndefined();
    expect(types.current).toBe('websocket');
  });
});
