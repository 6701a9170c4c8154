import { describe, expect, it } from 'vitest';
import { stableKey } from './stableKey.js';

describe('stableKey', () => {
  it('ignores object key order at every depth', () => {
    expect(stableKey({ a: 1, b: { c: 2, d: [{ e: 1, f: 2 }] } })).toBe(stableKey({ b: { d: [{ f: 2, e: 1 }], c: 2 }, a: 1 }));
  });

  it('tells different payloads apart, array order included', () => {
    expect(stableKey({ a: 1 })).not.toBe(stableKey({ a: 2 }));
    expect(stableKey([1, 2])).not.toBe(stableKey([2, 1]));
    expect(stableKey('1')).not.toBe(stableKey(1));
    expect(stableKey(null)).not.toBe(stableKey(undefined));
  });

  it('treats undefined properties as absent, as JSON does', () => {
    expect(stableKey({ a: 1, b: undefined })).toBe(stableKey({ a: 1 }));
    expect(stableKey(undefined)).toBe('undefined');
  });
});
