import { describe, expect, it } from 'vitest';
import { decimal } from './decimal.js';

describe('decimal', () => {
  it('writes what String() writes, for integers and other numbers', () => {
    for (const n of [0, -0, 7, 42, -3, 1_000_000, 2 ** 53, 1.5, -0.25, 1e21, 1e-7]) expect(decimal(n)).toBe(String(n));
  });
});
