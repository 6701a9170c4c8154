// Ctrl-C as a person gives it. In a terminal ^C sends SIGINT to the whole foreground process group:
// npm (or npx) gets it and forwards it to its child, which got its own copy too, so one keypress
// arrives two or three times within a few milliseconds. Those repeats are the same keypress and must
// not kill the shutdown half-way (a `once` handler would leave the copy to Node's default action).
// Only a signal that comes later than `repeatWindowMs` after the first is a second keypress, and it
// forces the exit. The demo (demo/start.mjs) stops its servers with this same function.

/** Options of {@link stopOnSignals}. */
export interface StopOnSignalsOptions {
  /** Called once, on the first signal. */
  stop: (signal: string) => void;
  /** Called on a signal that comes more than `repeatWindowMs` after the first: a second keypress. */
  force: (signal: string) => void;
  /** The time in milliseconds. @default Date.now */
  now?: () => number;
  /** Signals within this long of the first are copies of the same keypress. @default 1000 */
  repeatWindowMs?: number;
  /** @default ['SIGINT', 'SIGTERM'] */
  signals?: string[];
  /** Where the signals come from. @default process */
  target?: Pick<NodeJS.Process, 'on' | 'off'>;
}

/**
 * Stops on the first SIGINT/SIGTERM and forces the exit only on a later, separate one. Returns a
 * function that removes the handlers.
 *
 * @example
 * ```ts
 * const remove = stopOnSignals({
 *   stop: () => void client.disconnect(),
 *   force: () => process.exit(130),
 * });
 * ```
 */
export function stopOnSignals({
  stop,
  force,
  now = Date.now,
  repeatWindowMs = 1000,
  signals = ['SIGINT', 'SIGTERM'],
  target = process,
}: StopOnSignalsOptions): () => void {
  let firstAt: number | undefined;
  const onSignal = (signal: string): void => {
    const at = now();
    if (firstAt === undefined) {
      firstAt = at;
      stop(signal);
    } else if (at - firstAt > repeatWindowMs) {
      force(signal);
    }
  };
  // The handlers stay installed for the whole shutdown, so no copy of the signal reaches Node's
  // default action (which would end the process before the clients are closed).
  for (const signal of signals) target.on(signal, onSignal);
  return () => {
    for (const signal of signals) target.off(signal, onSignal);
  };
}
