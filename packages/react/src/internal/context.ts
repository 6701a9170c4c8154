import { createContext } from 'react';
import type { RxWireClient } from '../types.js';

/** @internal The client put in place by `RxWireProvider`. */
export const RxWireContext = createContext<RxWireClient | undefined>(undefined);
