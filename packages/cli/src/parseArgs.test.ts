import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_MS, parseArgs } from './parseArgs.js';
import { UsageError } from './usageError.js';

const bayeuxUrl = 'http://127.0.0.1:8081/bayeux';
const rpcUrl = 'ws://127.0.0.1:8082/stream';

/** The message of the UsageError that parsing `argv` throws. */
function usageErrorOf(argv: string[]): string {
  try {
    parseArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).code).toBe('BAD_ARGUMENTS');
    return (error as UsageError).message;
  }
  throw new Error(`parsed without an error: ${argv.join(' ')}`);
}

describe('parseArgs', () => {
  it.each([[[]], [['--help']], [['-h']], [['help']], [['bayeux', '--help']], [['rpc', rpcUrl, 'call', '-h']]])('reads %j as a request for help', (argv) => {
    expect(parseArgs(argv)).toEqual({ kind: 'help' });
  });

  it('reads bayeux subscriptions (repeated) and publishes with their JSON', () => {
    expect(parseArgs(['bayeux', bayeuxUrl, '--subscribe', '/a/*', '--subscribe=/b/**', '--publish', '/a/b', '{"x":1}'])).toEqual({
      kind: 'bayeux',
      url: bayeuxUrl,
      subscribe: ['/a/*', '/b/**'],
      publish: [{ channel: '/a/b', data: { x: 1 } }],
      timeoutMs: DEFAULT_TIMEOUT_MS,
    });
  });

  it('takes options before or after the url', () => {
    expect(parseArgs(['bayeux', '--timeout', '250', '--subscribe', '/a', bayeuxUrl])).toMatchObject({ url: bayeuxUrl, subscribe: ['/a'], timeoutMs: 250 });
  });

  it('reads an rpc call, with and without a payload', () => {
    expect(parseArgs(['rpc', rpcUrl, '--protocol', 'json-rpc', 'call', 'sum', '[1,2]'])).toEqual({
      kind: 'rpc',
      url: rpcUrl,
      protocol: 'json-rpc',
      method: 'sum',
      payload: [1, 2],
      timeoutMs: DEFAULT_TIMEOUT_MS,
    });
    const noPayload = parseArgs(['rpc', rpcUrl, 'call', 'server_info']);
    expect(noPayload).toEqual({ kind: 'rpc', url: rpcUrl, protocol: 'aio-openapi', method: 'server_info', timeoutMs: DEFAULT_TIMEOUT_MS });
    expect('payload' in noPayload).toBe(false);
  });

  it('reads an aiorest-ws request: the verb, then the rest of the request as JSON', () => {
    expect(parseArgs(['rpc', rpcUrl, '--protocol', 'aiorest-ws', 'call', 'GET', '{"url":"/users/{id}","args":{"id":1}}'])).toMatchObject({
      method: 'GET',
      payload: { url: '/users/{id}', args: { id: 1 } },
    });
  });

  it('reads ws with a url', () => {
    expect(parseArgs(['ws', rpcUrl])).toEqual({ kind: 'ws', url: rpcUrl, timeoutMs: DEFAULT_TIMEOUT_MS });
  });

  it('leaves judging the url to the client (a failure there exits 1, not 2)', () => {
    expect(parseArgs(['ws', 'not a url'])).toMatchObject({ url: 'not a url' });
  });

  it.each([
    [['nope'], /unknown command "nope"/],
    [['bayeux'], /needs a url/],
    [['bayeux', bayeuxUrl], /needs --subscribe/],
    [['bayeux', bayeuxUrl, '--subscribe'], /--subscribe takes a value/],
    [['bayeux', bayeuxUrl, '--publish', '/a'], /--publish takes 2 values/],
    [['bayeux', bayeuxUrl, '--publish', '/a', '{oops'], /the data of --publish \/a is not JSON/],
    [['bayeux', bayeuxUrl, '--subscribe', 'a/b'], /"a\/b" is not a Bayeux channel/],
    [['bayeux', bayeuxUrl, '--subscribe', '/a/*/b'], /is not a Bayeux channel/],
    [['bayeux', bayeuxUrl, '--subscribe', '/a', 'extra'], /unexpected argument "extra"/],
    [['bayeux', bayeuxUrl, '--protocol', 'json-rpc'], /unknown option --protocol/],
    [['rpc', rpcUrl], /needs: call <method>/],
    [['rpc', rpcUrl, 'invoke', 'x'], /unknown rpc command "invoke"/],
    [['rpc', rpcUrl, 'call'], /needs a method/],
    [['rpc', rpcUrl, '--protocol', 'soap', 'call', 'x'], /--protocol is one of/],
    [['rpc', rpcUrl, 'call', 'x', '{}', 'more'], /unexpected argument "more"/],
    [['rpc', rpcUrl, '--protocol', 'aiorest-ws', 'call', 'GET'], /aiorest-ws: the JSON after the verb is/],
    [['rpc', rpcUrl, '--protocol', 'aiorest-ws', 'call', 'GET', '{"path":"/x"}'], /aiorest-ws: the JSON after the verb is/],
    [['ws', rpcUrl, '--timeout', '0'], /--timeout takes a positive number/],
    [['ws', rpcUrl, '--timeout', 'soon'], /--timeout takes a positive number/],
  ])('rejects %j', (argv, message) => {
    expect(usageErrorOf(argv)).toMatch(message);
  });
});

describe('parseArgs: --inspect', () => {
  it('is a flag every command takes, anywhere after the command name', () => {
    expect(parseArgs(['ws', '--inspect', rpcUrl])).toEqual({ kind: 'ws', url: rpcUrl, timeoutMs: DEFAULT_TIMEOUT_MS, inspect: true });
    expect(parseArgs(['rpc', rpcUrl, 'call', 'add', '{"a":1}', '--inspect'])).toMatchObject({ kind: 'rpc', method: 'add', payload: { a: 1 }, inspect: true });
    expect(parseArgs(['bayeux', bayeuxUrl, '--inspect', '--subscribe', '/a'])).toMatchObject({ kind: 'bayeux', subscribe: ['/a'], inspect: true });
  });

  it('leaves the command as it was without it', () => {
    expect(parseArgs(['ws', rpcUrl])).not.toHaveProperty('inspect');
  });

  it('takes no value', () => {
    expect(usageErrorOf(['ws', rpcUrl, '--inspect=yes'])).toMatch(/--inspect takes no value/);
  });
});
