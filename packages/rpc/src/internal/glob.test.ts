import { describe, expect, it } from 'vitest';
import { globToRegExp } from './glob.js';

describe('globToRegExp', () => {
  it.each([
    ['*', 'anything', true],
    ['*', '', true],
    ['tick*', 'tick', true],
    ['tick*', 'tickle', true],
    ['tick*', 'atick', false],
    ['t?ck', 'tack', true],
    ['t?ck', 'tck', false],
    ['t[ai]ck', 'tick', true],
    ['t[ai]ck', 'tuck', false],
    ['t[^ai]ck', 'tuck', true],
    ['a.b', 'a.b', true],
    ['a.b', 'axb', false],
    ['a\\*', 'a*', true],
    ['a\\*', 'ab', false],
    ['[', '[', true],
  ])('%s matches %s: %s', (glob, name, expected) => {
    expect(globToRegExp(glob).test(name)).toBe(expected);
  });
});
