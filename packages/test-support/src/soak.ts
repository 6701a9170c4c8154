/**
 * Reliability tests run small inside `npm test` and at full size under `npm run soak`
 * (scripts/soak.mjs sets RXWIRE_SOAK=1).
 */
export const soak = process.env['RXWIRE_SOAK'] === '1';

/** `small` inside `npm test`, `full` under `npm run soak`. */
export function scaled(small: number, full: number): number {
  return soak ? full : small;
}

/** A test's hang guard: generous inside `npm test`, longer for the soak sizes. */
export function hangGuardMs(small: number, full: number): number {
  return soak ? full : small;
}
