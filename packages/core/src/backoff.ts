/** Reconnect policy. Every field has a default; `reconnect: false` turns reconnecting off. */
export interface ReconnectOptions {
  /** Cap of the first delay. @default 500 */
  initialDelayMs?: number;
  /** Cap of any delay. @default 30_000 */
  maxDelayMs?: number;
  /** Growth of the cap per failed attempt. @default 2 */
  factor?: number;
  /** Consecutive failed attempts before giving up for good. @default Infinity */
  maxAttempts?: number;
  /** A connection that stays open this long resets the attempt count. @default 5_000 */
  stableAfterMs?: number;
}

/** @internal */
export type ResolvedReconnect = Required<ReconnectOptions>;

/** @internal */
export function resolveReconnect(options: ReconnectOptions | boolean | undefined): ResolvedReconnect | undefined {
  if (options === false) return undefined;
  const o = options === true || options === undefined ? {} : options;
  return {
    initialDelayMs: o.initialDelayMs ?? 500,
    maxDelayMs: o.maxDelayMs ?? 30_000,
    factor: o.factor ?? 2,
    maxAttempts: o.maxAttempts ?? Infinity,
    stableAfterMs: o.stableAfterMs ?? 5_000,
  };
}

/**
 * Delay before reconnect attempt number `attempt` (0-based): exponential backoff with full jitter,
 * a uniform pick in `[0, min(maxDelayMs, initialDelayMs * factor^attempt))`. Full jitter spreads
 * the clients of a restarted server instead of having them all return at once.
 *
 * @example
 * ```ts
 * backoffDelay(3, { initialDelayMs: 100, maxDelayMs: 10_000, factor: 2 }); // somewhere in [0, 800)
 * ```
 */
export function backoffDelay(
  attempt: number,
  options: Pick<ResolvedReconnect, 'initialDelayMs' | 'maxDelayMs' | 'factor'>,
  random: () => number = Math.random,
): number {
  const cap = Math.min(options.maxDelayMs, options.initialDelayMs * Math.pow(options.factor, attempt));
  return Math.floor(random() * cap);
}
