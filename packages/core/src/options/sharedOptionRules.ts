import { anyOf, hasMethods, isBoolean, isFunction, isNumber, isString, oneOf, shape } from './optionRules.js';
import type { OptionRule } from './checkOptions.js';

// Rules of the options every client shares, so each is checked the same way everywhere. The pure
// annotations let a production bundle, which never checks options, drop the rules too.

export const reconnectRule: OptionRule = /* @__PURE__ */ anyOf(
  isBoolean,
  /* @__PURE__ */ shape({
    initialDelayMs: /* @__PURE__ */ isNumber({ min: 0 }),
    maxDelayMs: /* @__PURE__ */ isNumber({ min: 0 }),
    factor: /* @__PURE__ */ isNumber({ min: 1 }),
    maxAttempts: /* @__PURE__ */ isNumber({ min: 0, integer: true }),
    stableAfterMs: /* @__PURE__ */ isNumber({ min: 0 }),
  }),
);

export const heartbeatRule: OptionRule = /* @__PURE__ */ anyOf(
  /* @__PURE__ */ oneOf(false),
  /* @__PURE__ */ shape({ intervalMs: /* @__PURE__ */ isNumber({ min: 1 }), timeoutMs: /* @__PURE__ */ isNumber({ min: 1 }), ping: isFunction, useFrames: isBoolean }),
);

/** A function, an object with `warn()` (console, pino, winston), or `false` to silence. */
export const loggerRule: OptionRule = /* @__PURE__ */ anyOf(isFunction, /* @__PURE__ */ hasMethods('warn'), /* @__PURE__ */ oneOf(false));

export const clockRule: OptionRule = /* @__PURE__ */ hasMethods('now', 'setTimeout', 'clearTimeout');

export const networkRule: OptionRule = /* @__PURE__ */ anyOf(/* @__PURE__ */ oneOf(false), /* @__PURE__ */ hasMethods('isOnline', 'subscribe'));

export const pageLifecycleRule: OptionRule = /* @__PURE__ */ anyOf(/* @__PURE__ */ oneOf(false), /* @__PURE__ */ hasMethods('isHidden', 'subscribe'));

/** A header map, or a function (sync or async) that gives one per connection attempt. */
export const headersRule: OptionRule = /* @__PURE__ */ anyOf(/* @__PURE__ */ shape({}), isFunction);

export const tlsRule: OptionRule = /* @__PURE__ */ shape({ servername: isString });

/** A timeout or a size: a number >= 0 (`Infinity` for none). */
export const nonNegative: OptionRule = /* @__PURE__ */ isNumber({ min: 0 });
