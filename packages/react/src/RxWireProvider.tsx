import type { ReactElement, ReactNode } from 'react';
import { RxWireContext } from './internal/context.js';
import type { RxWireClient } from './types.js';

/** Props of {@link RxWireProvider}. */
export interface RxWireProviderProps {
  /** A `BayeuxClient`, an `RpcClient`, or anything implementing `ChannelSource` or `RpcCaller`. */
  client: RxWireClient;
  children?: ReactNode;
}

/**
 * Makes a client available to the rxwire hooks below it. Rendering it opens nothing: the client
 * connects lazily when a hook first subscribes (in an effect, so never during server rendering).
 *
 * @example
 * ```tsx
 * const client = new BayeuxClient({ url: '/cometd' });
 * createRoot(el).render(
 *   <RxWireProvider client={client}>
 *     <ChatRoom />
 *   </RxWireProvider>,
 * );
 * ```
 */
export function RxWireProvider({ client, children }: RxWireProviderProps): ReactElement {
  return <RxWireContext.Provider value={client}>{children}</RxWireContext.Provider>;
}
