import { describe, expect, it } from 'vitest';
import { CookieJar, setCookieHeaders } from './cookieJar.js';

describe('CookieJar', () => {
  it('sends cookies back to their origin only', () => {
    const jar = new CookieJar();
    jar.store('http://127.0.0.1:8080/cometd', ['BAYEUX_BROWSER=abc; Path=/; HttpOnly']);
    expect(jar.header('http://127.0.0.1:8080/other')).toBe('BAYEUX_BROWSER=abc');
    expect(jar.header('ws://127.0.0.1:8080/cometd')).toBe('BAYEUX_BROWSER=abc');
    expect(jar.header('http://127.0.0.1:8081/cometd')).toBeUndefined();
    expect(jar.header('https://127.0.0.1:8080/cometd')).toBeUndefined();
    expect(jar.header('http://evil.example/cometd')).toBeUndefined();
  });

  it('replaces, expires and deletes cookies', () => {
    let now = 1000;
    const jar = new CookieJar(() => now);
    jar.store('http://h/', ['a=1', 'b=2; Max-Age=10']);
    jar.store('http://h/', ['a=3']);
    expect(jar.header('http://h/')).toBe('a=3; b=2');
    now += 10_000;
    expect(jar.header('http://h/')).toBe('a=3');
    jar.store('http://h/', ['a=; Max-Age=0']);
    expect(jar.header('http://h/')).toBeUndefined();
  });

  it('reads Set-Cookie from standard headers', () => {
    const headers = new Headers();
    headers.append('set-cookie', 'a=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT');
    headers.append('set-cookie', 'b=2');
    expect(setCookieHeaders(headers)).toEqual(['a=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT', 'b=2']);
  });
});
