import { describe, expectTypeOf, it } from 'vitest';
import type { webSocketConnection} from '@rxwire/core';
import { type Inspectable } from '@rxwire/core';
import type { RpcClient } from './rpcClient.js';

describe('inspect$ on the RPC client and core connections', () => {
  it('makes them something the devtools panel can watch', () => {
    expectTypeOf<RpcClient>().toExtend<Inspectable>();
    expectTypeOf<ReturnType<typeof webSocketConnection>>().toExtend<Inspectable>();
  });
});
