import { checkOptions, required, type OptionRule } from './options/checkOptions.js';
import { anyOf, arrayOf, hasMethods, isFunction, isNumber, isString, isUrl, oneOf, shape } from './options/optionRules.js';
import { clockRule, headersRule, heartbeatRule, loggerRule, networkRule, nonNegative, pageLifecycleRule, reconnectRule, tlsRule } from './options/sharedOptionRules.js';
import type { Logger } from './logger.js';
import type { WebSocketConnectionOptions } from './webSocketConnectionOptions.js';

/** A URL the WebSocket can open (http(s) has its scheme swapped), or a function that returns one. */
export const webSocketUrlRule: OptionRule = /* @__PURE__ */ anyOf(/* @__PURE__ */ isUrl('ws', 'wss', 'http', 'https'), isFunction);

/** Every option of {@link webSocketConnection} and its rule (the `satisfies` keeps the list complete). @internal */
export const webSocketConnectionRules = {
  url: /* @__PURE__ */ required(webSocketUrlRule),
  protocols: /* @__PURE__ */ anyOf(isString, /* @__PURE__ */ arrayOf(isString)),
  codec: /* @__PURE__ */ hasMethods('encode', 'decode'),
  WebSocket: isFunction,
  reconnect: reconnectRule,
  heartbeat: heartbeatRule,
  connectTimeoutMs: /* @__PURE__ */ isNumber({ min: 1 }),
  sendBuffer: /* @__PURE__ */ shape({ limit: /* @__PURE__ */ isNumber({ min: 0, integer: true }), overflow: /* @__PURE__ */ oneOf('drop-oldest', 'drop-newest', 'error') }),
  highWaterMark: nonNegative,
  lowWaterMark: nonNegative,
  maxMessageSize: /* @__PURE__ */ isNumber({ min: 1 }),
  lazy: /* @__PURE__ */ oneOf(true, false),
  headers: headersRule,
  tls: tlsRule,
  network: networkRule,
  logger: loggerRule,
  clock: clockRule,
  random: isFunction,
  share: /* @__PURE__ */ anyOf(/* @__PURE__ */ oneOf('tabs'), /* @__PURE__ */ shape({ key: isString })),
  idleWhenHiddenMs: nonNegative,
  pageLifecycle: pageLifecycleRule,
  wireTap: /* @__PURE__ */ hasMethods('follow', 'snapshot'),
} satisfies Record<keyof WebSocketConnectionOptions, OptionRule>;

/** Checks the options of a WebSocket connection (see `checkOptions`). @internal */
export function checkWebSocketConnectionOptions(options: unknown, logger: Logger): void {
  checkOptions('webSocketConnection', options, webSocketConnectionRules, logger);
}
