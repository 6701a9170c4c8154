import { describe, expect, it } from 'vitest';
import { decimal, wireId } from './decimal.js';

describe('decimal', () => {
  it('writes what String() writes, for integers and other numbers', () => {
    for (const n of [0, -0, 7, 42, -3, 1_000_000, 2 ** 53, 1.5, -0.25, 1e21, 1e-7]) expect(decimal(n)).toBe(String(n));
  });
});

describe('wireId', () => {
  it('is the number an id spells exactly as decimal() writes it, else the id itself', () => {
    for (const id of ['0', '7', '42', '123456789012345', '-3', '1.5']) expect(wireId(id)).toBe(Number(id));
    for (const id of ['', '007', '00', '1e3', '-0', ' 1', '1 ', '+1', '0x1f', 'x7', 'ab.12', 'NaN', 'Infinity', '99999999999999999999']) {
      expect(wireId(id)).toBe(id);
    }
  });
});
