import {
  anyOf,
  arrayOf,
  checkOptions,
  clockRule,
  hasMethods,
  headersRule,
  isFunction,
  isNull,
  isNumber,
  isString,
  isUrl,
  loggerRule,
  networkRule,
  nonNegative,
  oneOf,
  pageLifecycleRule,
  reconnectRule,
  required,
  shape,
  tlsRule,
  type Logger,
  type OptionRule,
} from '@rxwire/core';
import type { BayeuxClientOptions } from './bayeuxClientOptions.js';
import type { ConnectionType } from './message.js';

const serverUrl = /* @__PURE__ */ isUrl('http', 'https');
const extensionRule: OptionRule = (value) =>
  typeof value === 'object' && value !== null && ['incoming', 'outgoing'].every((hook) => {
    const member = (value as Record<string, unknown>)[hook];
    return member === undefined || typeof member === 'function';
  })
    ? undefined
    : 'an extension (an object with optional incoming/outgoing functions)';

/** Every option of `BayeuxClient` and its rule (the `satisfies` keeps the list complete). @internal */
export const bayeuxClientRules = {
  followAdviceHosts: /* @__PURE__ */ anyOf(/* @__PURE__ */ oneOf(true, false), isFunction),
  url: /* @__PURE__ */ required(/* @__PURE__ */ anyOf(serverUrl, /* @__PURE__ */ arrayOf(serverUrl, { nonEmpty: true }), isFunction)),
  connectionTypes: /* @__PURE__ */ arrayOf(/* @__PURE__ */ oneOf('websocket', 'long-polling'), { nonEmpty: true }),
  extensions: /* @__PURE__ */ arrayOf(extensionRule),
  auth: /* @__PURE__ */ hasMethods('authenticate'),
  connectionTimeoutMs: /* @__PURE__ */ anyOf(/* @__PURE__ */ isNumber({ min: 1 }), isNull),
  maxPendingCount: /* @__PURE__ */ isNumber({ min: 1, integer: true }),
  overflow: /* @__PURE__ */ oneOf('drop-oldest', 'drop-newest', 'error', 'pause'),
  json: /* @__PURE__ */ shape({ stringify: isFunction, parse: isFunction }),
  fetch: isFunction,
  WebSocket: isFunction,
  webSocketUrl: /* @__PURE__ */ isUrl('ws', 'wss', 'http', 'https'),
  headers: headersRule,
  reconnect: reconnectRule,
  maxMessageSize: /* @__PURE__ */ isNumber({ min: 1 }),
  tls: tlsRule,
  logger: loggerRule,
  connectTimeoutMarginMs: nonNegative,
  requestTimeoutMs: /* @__PURE__ */ isNumber({ min: 1 }),
  upgradeAfterMs: nonNegative,
  maxQueuedPublishes: /* @__PURE__ */ isNumber({ min: 0, integer: true }),
  unsubscribeGraceMs: nonNegative,
  network: networkRule,
  idleWhenHiddenMs: nonNegative,
  pageLifecycle: pageLifecycleRule,
  clock: clockRule,
  random: isFunction,
  share: /* @__PURE__ */ anyOf(/* @__PURE__ */ oneOf('tabs'), /* @__PURE__ */ shape({ key: isString })),
} satisfies Record<keyof BayeuxClientOptions, OptionRule>;

/** Checks the options of a `BayeuxClient` (see core's `checkOptions`). @internal */
export function checkBayeuxClientOptions(options: unknown, logger: Logger): void {
  checkOptions('BayeuxClient', options, bayeuxClientRules, logger);
}

/**
 * The client's connection types: the option, each of which this entry point must offer (checked in
 * production builds too, since an entry without long-polling cannot honour it), or all it offers.
 * @internal
 */
export function offeredConnectionTypes(options: Pick<BayeuxClientOptions, 'connectionTypes'>, offered: ConnectionType[]): ConnectionType[] {
  const types = options.connectionTypes ?? offered;
  for (const type of types) {
    if (!offered.includes(type)) {
      throw new TypeError(`BayeuxClient: option "connectionTypes" may hold only ${offered.join(', ')} from this entry point; got ${type}.`);
    }
  }
  return types;
}
