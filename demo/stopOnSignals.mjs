// Ctrl-C as a person gives it. In a terminal ^C sends SIGINT to the whole foreground process group:
// npm gets it and forwards it to its child, which got its own copy too, so one keypress arrives two
// or three times within a few milliseconds. Those repeats are the same keypress and must not kill
// the shutdown half-way (that was the bug: a `once` handler, then the default action on the copy).
// Only a signal that comes later than `repeatWindowMs` after the first is a second keypress, and
// it forces the exit.

/**
 * @param {{
 *   stop: (signal: string) => void,
 *   force: (signal: string) => void,
 *   now?: () => number,
 *   repeatWindowMs?: number,
 *   signals?: string[],
 *   target?: Pick<NodeJS.Process, 'on' | 'off'>,
 * }} options
 * @returns {() => void} removes the handlers
 */
export function stopOnSignals({ stop, force, now = Date.now, repeatWindowMs = 1000, signals = ['SIGINT', 'SIGTERM'], target = process }) {
  /** @type {number | undefined} */
  let firstAt;
  /** @param {string} signal */
  const onSignal = (signal) => {
    const at = now();
    if (firstAt === undefined) {
      firstAt = at;
      stop(signal);
    } else if (at - firstAt > repeatWindowMs) {
      force(signal);
    }
  };
  // The handlers stay installed for the whole shutdown, so no copy of the signal reaches Node's
  // default action (which would end the process before the servers are closed).
  for (const signal of signals) target.on(signal, onSignal);
  return () => {
    for (const signal of signals) target.off(signal, onSignal);
  };
}
