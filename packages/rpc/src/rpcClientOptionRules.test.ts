import { describe, expect, it, vi } from 'vitest';
import { wrongOptionValues } from '@rxwire/test-support/optionCases';
import { RpcClient } from './rpcClient.js';
import { rpcClientRules } from './rpcClientOptionRules.js';

describe('RpcClient options, checked when constructed', () => {
  const { cases, unchecked } = wrongOptionValues(rpcClientRules);

  it('has a rule that can reject each option', () => {
    expect(unchecked).toEqual([]);
  });

  it.each(cases)('a wrong %s throws a TypeError naming it', (name, value) => {
    const construct = () => new RpcClient({ url: 'ws://127.0.0.1:1/rpc', logger: false, [name]: value } as never);
    expect(construct).toThrow(TypeError);
    expect(construct).toThrow(`option "${name}"`);
  });

  it('says which protocol names exist', () => {
    expect(() => new RpcClient({ url: 'ws://h/rpc', protocol: 'jsonrpc' as never })).toThrow(/Unknown protocol "jsonrpc" \(RpcClient option "protocol"\)/);
  });

  it('reports a misspelt option once through the logger, with the closest name, and passes nothing unknown to its connection', () => {
    const logger = vi.fn();
    const rpc = new RpcClient({ url: 'ws://127.0.0.1:1/rpc', logger, protocol: 'json-rpc', timeoutMS: 5 } as never);
    expect(logger.mock.calls).toEqual([['[rxwire] RpcClient: unknown option "timeoutMS" is ignored (did you mean "timeoutMs"?).']]);
    void rpc.close();
  });

  it('takes console, a pino-like object or false as its logger', async () => {
    const pinoLike = { warn() {}, error() {}, level: 'warn' };
    for (const logger of [console, pinoLike, false as const]) {
      await expect(new RpcClient({ url: 'ws://h/rpc', logger }).close()).resolves.toBeUndefined();
    }
  });
});
