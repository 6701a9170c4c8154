import type { Clock } from '@rxwire/core';

/** The global timers, looked up at call time so fake timers in tests apply. @internal */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
