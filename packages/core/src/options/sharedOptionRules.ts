import { anyOf, hasMethods, isBoolean, isFunction, isNumber, isString, oneOf, shape } from './optionRules.js';
import type { OptionRule } from './checkOptions.js';

// Rules of the options every client shares, so each is checked the same way everywhere.

export const reconnectRule: OptionRule = anyOf(
  isBoolean,
  shape({
    initialDelayMs: isNumber({ min: 0 }),
    maxDelayMs: isNumber({ min: 0 }),
    factor: isNumber({ min: 1 }),
    maxAttempts: isNumber({ min: 0, integer: true }),
    stableAfterMs: isNumber({ min: 0 }),
  }),
);

export const heartbeatRule: OptionRule = anyOf(
  oneOf(false),
  shape({ intervalMs: isNumber({ min: 1 }), timeoutMs: isNumber({ min: 1 }), ping: isFunction, useFrames: isBoolean }),
);

/** A function, an object with `warn()` (console, pino, winston), or `false` to silence. */
export const loggerRule: OptionRule = anyOf(isFunction, hasMethods('warn'), oneOf(false));

export const clockRule: OptionRule = hasMethods('now', 'setTimeout', 'clearTimeout');

export const networkRule: OptionRule = anyOf(oneOf(false), hasMethods('isOnline', 'subscribe'));

export const headersRule: OptionRule = shape({});

export const tlsRule: OptionRule = shape({ servername: isString });

/** A timeout or a size: a number >= 0 (`Infinity` for none). */
export const nonNegative: OptionRule = isNumber({ min: 0 });
