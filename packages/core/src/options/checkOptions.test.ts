import { describe, expect, it, vi } from 'vitest';
import { checkOptions, required } from './checkOptions.js';
import { closestName } from './closestName.js';
import { anyOf, arrayOf, hasMethods, isNumber, isString, isUrl, oneOf, shape } from './optionRules.js';

const rules = {
  url: required(isUrl('ws', 'wss')),
  timeoutMs: isNumber({ min: 0 }),
  mode: oneOf('a', 'b'),
  names: arrayOf(isString, { nonEmpty: true }),
  logger: anyOf(hasMethods('warn'), oneOf(false)),
  retry: shape({ maxAttempts: isNumber({ min: 0, integer: true }) }),
};

describe('checkOptions', () => {
  it('accepts good options and leaves undefined ones to their defaults', () => {
    const logger = vi.fn();
    checkOptions('Client', { url: 'ws://h/x', timeoutMs: Infinity, mode: 'b', names: ['x'], logger: console, retry: {}, unset: undefined }, rules, logger);
    expect(logger).toHaveBeenCalledTimes(1); // only the unknown name "unset"
  });

  it.each([
    [{ url: 42 }, /^Client: option "url" must be a URL string \(ws:\/\/, wss:\/\/\); got 42\.$/],
    [{ url: 'http://h' }, /option "url" must be a URL string/],
    [{ url: 'ws://h', timeoutMs: -1 }, /option "timeoutMs" must be a number >= 0; got -1\./],
    [{ url: 'ws://h', timeoutMs: Number.NaN }, /option "timeoutMs" must be a number >= 0; got NaN\./],
    [{ url: 'ws://h', mode: 'c' }, /option "mode" must be one of "a", "b"; got "c"\./],
    [{ url: 'ws://h', names: [] }, /option "names" must be a non-empty array of a string; got an array\./],
    [{ url: 'ws://h', logger: 'console' }, /option "logger" must be an object with a warn\(\) method or one of false; got "console"\./],
    [{ url: 'ws://h', retry: { maxAttempts: 1.5 } }, /option "retry" must be an object whose "maxAttempts" is an integer >= 0; got an object\./],
  ])('throws a TypeError naming the option: %j', (options, message) => {
    expect(() => checkOptions('Client', options, rules, vi.fn())).toThrow(TypeError);
    expect(() => checkOptions('Client', options, rules, vi.fn())).toThrow(message);
  });

  it('says when a required option is missing, and when there is no options object', () => {
    expect(() => checkOptions('Client', {}, rules, vi.fn())).toThrow(/^Client: option "url" is required: given, as a URL string/);
    expect(() => checkOptions('Client', 'ws://h', rules, vi.fn())).toThrow(/^Client: expected an options object, got "ws:\/\/h"\.$/);
    expect(() => checkOptions('Client', undefined, rules, vi.fn())).toThrow(TypeError);
  });

  it('reports an unknown option once, with the closest known name', () => {
    const logger = vi.fn();
    checkOptions('Client', { url: 'ws://h', timeoutMS: 5, colour: 'red' }, rules, logger);
    expect(logger.mock.calls).toEqual([
      ['[rxwire] Client: unknown option "timeoutMS" is ignored (did you mean "timeoutMs"?).'],
      ['[rxwire] Client: unknown option "colour" is ignored.'],
    ]);
  });

  it('redacts credentials from the value it quotes', () => {
    expect(() => checkOptions('Client', { url: 'ftp://bob:secret@h/x' }, rules, vi.fn())).toThrow(/got "ftp:\/\/\*\*\*@h\/x"/);
  });
});

describe('closestName', () => {
  it('finds a likely typo and nothing for an unrelated name', () => {
    const known = ['connectionTimeoutMs', 'connectTimeoutMarginMs', 'url', 'logger'];
    expect(closestName('conectionTimeoutMs', known)).toBe('connectionTimeoutMs');
    expect(closestName('URL', known)).toBe('url');
    expect(closestName('loger', known)).toBe('logger');
    expect(closestName('colour', known)).toBeUndefined();
  });
});
