import { useMemo, type ReactElement, type ReactNode } from 'react';
import { RxWireContext } from './internal/context.js';
import type { NotifyScheduler, RxWireClient } from './types.js';

/** Props of {@link RxWireProvider}. */
export interface RxWireProviderProps {
  /** A `BayeuxClient`, an `RpcClient`, or anything implementing `ChannelSource` or `RpcCaller`. */
  client: RxWireClient;
  /**
   * How `useChannel` and `useObservable` batch messages before rendering (see {@link NotifyScheduler}):
   * {@link frameScheduler} (at most one render per animation frame) or {@link microtaskScheduler}
   * (one render per task).
   * @default frameScheduler
   */
  schedule?: NotifyScheduler | undefined;
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
export function RxWireProvider({ client, schedule, children }: RxWireProviderProps): ReactElement {
  const value = useMemo(() => ({ client, schedule }), [client, schedule]);
  return <RxWireContext.Provider value={value}>{children}</RxWireContext.Provider>;
}
