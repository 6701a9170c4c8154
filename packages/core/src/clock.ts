/** Opaque timer handle. */
export type TimerHandle = unknown;

/**
 * Time as the toolkit sees it. Injected so tests can use virtual time; the default reads the
 * global timers at call time, so `vi.useFakeTimers()` works without passing anything.
 */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/**
 * The global timers, looked up at call time (so `vi.useFakeTimers()` works): the default clock of
 * every rxwire client.
 *
 * @example
 * ```ts
 * const clock = options.clock ?? systemClock;
 * ```
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
