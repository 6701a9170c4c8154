import { describe, expect, it } from 'vitest';
import { decimal, wireId } from './decimal.js';

describe('decimal', () => {
  it('writes what String() writes, for integers and other numbers', () => {
    for (const n of [0, -0, 7, 42, -3, 1_000_000, 2 ** 53, 1.5, -0.25, 1e21, 1e-7]) expect(decimal(n)).toBe(String(n));
  });
});

describe('wireId', () => {
  it('sends an id as a JSON number exactly when String() of that number gives the id back', () => {
    for (const id of ['0', '7', '42', '123456789012345', '-3', '1.5']) expect(wireId(id)).toBe(Number(id));
    for (const id of ['007', '-0', '1e3', ' 1', '', 'x7', '1a', 'NaN', 'Infinity', '1234567890123456789']) expect(wireId(id)).toBe(id);
  });
});
