export interface StopOnSignalsOptions {
  /** Called once, on the first signal. */
  stop: (signal: string) => void;
  /** Called on a signal that comes more than `repeatWindowMs` after the first: a second keypress. */
  force: (signal: string) => void;
  /** @default Date.now */
  now?: () => number;
  /** Signals within this long of the first are copies of the same keypress. @default 1000 */
  repeatWindowMs?: number;
  /** @default ['SIGINT', 'SIGTERM'] */
  signals?: string[];
  /** @default process */
  target?: Pick<NodeJS.Process, 'on' | 'off'>;
}

/** Installs the handlers; returns a function that removes them. */
export function stopOnSignals(options: StopOnSignalsOptions): () => void;
