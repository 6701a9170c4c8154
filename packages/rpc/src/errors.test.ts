import { describe, expect, it } from 'vitest';
import { RxwireError } from '@rxwire/core';
import { importMinified } from '@rxwire/test-support/importMinified';
import { RpcError, RpcTimeoutError } from './errors.js';

describe('RpcError and RpcTimeoutError', () => {
  it('are RxwireErrors with their code and only the fields the server gave', () => {
    const error = new RpcError('Method not found', { rpcCode: -32601, data: 'x', payload: { code: -32601 } });
    expect(error).toBeInstanceOf(RxwireError);
    expect(error).toMatchObject({ name: 'RpcError', code: 'RPC_ERROR', rpcCode: -32601, data: 'x', payload: { code: -32601 } });
    expect(Object.keys(error)).not.toContain('errors');
    expect(new RpcTimeoutError('late', 5)).toMatchObject({ name: 'RpcTimeoutError', code: 'RPC_TIMEOUT', timeoutMs: 5 });
  });

  it('keep their names in a minified bundle (the minifier renames the classes)', async () => {
    const mod = await importMinified<{ RpcError: typeof RpcError; RpcTimeoutError: typeof RpcTimeoutError }>(
      new URL('./errors.ts', import.meta.url),
    );
    expect(new mod.RpcError('m').name).toBe('RpcError');
    expect(new mod.RpcTimeoutError('m', 1).name).toBe('RpcTimeoutError');
  });
});
