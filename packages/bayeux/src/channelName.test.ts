import { describe, expect, it } from 'vitest';
import { channelMatches, isMetaChannel, isServiceChannel, isValidChannel, isWildChannel } from './channelName.js';

describe('channel grammar', () => {
  it('matches one segment with /*', () => {
    expect(channelMatches('/a/*', '/a/b')).toBe(true);
    expect(channelMatches('/a/*', '/a/b/c')).toBe(false);
    expect(channelMatches('/a/*', '/a')).toBe(false);
    expect(channelMatches('/a/*', '/ab/c')).toBe(false);
  });

  it('matches any depth with /**', () => {
    expect(channelMatches('/a/**', '/a/b')).toBe(true);
    expect(channelMatches('/a/**', '/a/b/c/d')).toBe(true);
    expect(channelMatches('/a/**', '/a')).toBe(false);
    expect(channelMatches('/a/**', '/ab/c')).toBe(false);
    expect(channelMatches('/**', '/x/y')).toBe(true);
  });

  it('matches a plain name only exactly', () => {
    expect(channelMatches('/a/b', '/a/b')).toBe(true);
    expect(channelMatches('/a/b', '/a/b/c')).toBe(false);
  });

  it('validates names', () => {
    expect(isValidChannel('/a/b')).toBe(true);
    expect(isValidChannel('/a/*')).toBe(true);
    expect(isValidChannel('/a/**')).toBe(true);
    expect(isValidChannel('a/b')).toBe(false);
    expect(isValidChannel('/a//b')).toBe(false);
    expect(isValidChannel('/a/*/b')).toBe(false);
    expect(isValidChannel('/a/b*')).toBe(false);
    expect(isValidChannel('/')).toBe(false);
  });

  it('classifies meta, service and wild channels', () => {
    expect(isMetaChannel('/meta/connect')).toBe(true);
    expect(isMetaChannel('/metadata')).toBe(false);
    expect(isServiceChannel('/service/echo')).toBe(true);
    expect(isWildChannel('/a/*')).toBe(true);
    expect(isWildChannel('/a/b')).toBe(false);
  });
});
