import { createContext } from 'react';
import type { NotifyScheduler, RxWireClient } from '../types.js';

/** @internal What `RxWireProvider` puts in place. */
export interface RxWireContextValue {
  client: RxWireClient | undefined;
  schedule: NotifyScheduler | undefined;
}

/** @internal */
export const RxWireContext = createContext<RxWireContextValue>({ client: undefined, schedule: undefined });
