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
  setTimeout: (callback, ms) => setTimeout(callback, clampDelay(ms)),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The longest delay timers hold: Node and browsers store it in 32 bits. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

/**
 * A delay timers can hold. Beyond 2^31 - 1 ms, Node and browsers fire a timer after 1 ms instead,
 * so a huge number (a server's advice of 1e12, say) would turn a long wait into a tight loop; NaN
 * and negative delays mean "now".
 *
 * @example
 * ```ts
 * clampDelay(1e12); // 2_147_483_647 (about 24.8 days)
 * ```
 */
export function clampDelay(ms: number): number {
  if (!(ms > 0)) return 0;
  return ms > MAX_TIMER_DELAY_MS ? MAX_TIMER_DELAY_MS : ms;
}
