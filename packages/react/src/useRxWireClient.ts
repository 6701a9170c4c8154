import { useContext } from 'react';
import { RxwireError, type ChannelSource } from '@rxwire/core';
import { RxWireContext } from './internal/context.js';
import type { ConnectionStateSource, RpcCaller, RxWireClient } from './types.js';

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
  return useClient(client, 'useRxWireClient') as RxWireClient;
}

/** @internal The hooks' own lookup: any client with a state will do at this point. */
export function useClient(client: ConnectionStateSource | undefined, hook: string): ConnectionStateSource {
  const found = client ?? useContext(RxWireContext).client;
  if (found === undefined) {
    throw new RxwireError(
      'NO_CLIENT',
      `${hook}: no rxwire client: render this component inside <RxWireProvider client={...}> or pass the \`client\` option.`,
    );
  }
  return found;
}

function unsupported(hook: string, needs: string): RxwireError {
  return new RxwireError('UNSUPPORTED_CLIENT', `${hook} needs a client with ${needs}; the client given has none.`);
}

/** @internal */
export function asChannelSource(client: ConnectionStateSource, hook: string): ChannelSource {
  if (typeof (client as Partial<ChannelSource>).channel !== 'function') throw unsupported(hook, 'channel()');
  return client as ChannelSource;
}

/** @internal */
export function asRpcCaller(client: ConnectionStateSource, hook: string): RpcCaller {
  if (typeof (client as Partial<RpcCaller>).call !== 'function') throw unsupported(hook, 'call() (an RpcClient)');
  return client as RpcCaller;
}

/** @internal */
export function asStateSource(client: ConnectionStateSource, hook: string): ConnectionStateSource {
  if (typeof (client as Partial<ConnectionStateSource>).state$?.subscribe !== 'function') throw unsupported(hook, 'state$');
  return client;
}
