import { describe, expectTypeOf, it } from 'vitest';
import type { Inspectable } from '@rxwire/core';
import type { BayeuxClient } from './bayeuxClient.js';
import type { BayeuxClient as WebSocketBayeuxClient } from './webSocketClient.js';

describe('inspect$ on both entry points', () => {
  it('makes every BayeuxClient something the devtools panel can watch', () => {
    expectTypeOf<BayeuxClient>().toExtend<Inspectable>();
    expectTypeOf<WebSocketBayeuxClient>().toExtend<Inspectable>();
  });
});
