import { createContext, useContext } from 'react';
import { frameScheduler } from '../frameScheduler.js';
import type { NotifyScheduler, RxWireClient } from '../types.js';

/** @internal What `RxWireProvider` puts in place; nothing without a provider. */
export interface RxWireContextValue {
  client?: RxWireClient | undefined;
  schedule?: NotifyScheduler | undefined;
}

/** @internal */
export const RxWireContext = createContext<RxWireContextValue>({});

/** @internal How the hooks that render messages batch them: the provider's `schedule`, or frame rate. */
export const useSchedule = (): NotifyScheduler => useContext(RxWireContext).schedule ?? frameScheduler;
