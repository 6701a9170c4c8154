import { useContext } from 'react';
import { RxwireError } from '@rxwire/core';
import { RxWireContext } from './internal/context.js';
import type { RxWireClient } from './types.js';

/**
 * The client given to the nearest `RxWireProvider`, or `client` when given.
 * Throws an `RxwireError` with code `NO_CLIENT` when there is neither.
 *
 * @example
 * ```tsx
 * const client = useRxWireClient();
 * ```
 */
export function useRxWireClient(client?: RxWireClient): RxWireClient {
  return useClient(client, 'useRxWireClient');
}

/**
 * @internal
 * The hooks' own lookup. With `method`, checks that the client has it (`useRpc` needs `call`, a
 * `BayeuxClient` has none) and throws an `RxwireError` with code `UNSUPPORTED_CLIENT` otherwise.
 */
export function useClient<C>(client: C | undefined, hook: string, method?: 'channel' | 'call'): C {
  const fromContext = useContext(RxWireContext).client as C | undefined;
  const found = client ?? fromContext;
  if (found === undefined) throw new RxwireError('NO_CLIENT', `${hook}: no client; render it inside <RxWireProvider client> or pass one`);
  if (method && typeof (found as Record<string, unknown>)[method] !== 'function') {
    throw new RxwireError('UNSUPPORTED_CLIENT', `${hook}: the client has no ${method}()`);
  }
  return found;
}
