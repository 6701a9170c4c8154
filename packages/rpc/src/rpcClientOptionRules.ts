import {
  anyOf,
  checkOptions,
  clockRule,
  hasMethods,
  headersRule,
  heartbeatRule,
  isBoolean,
  isFunction,
  isNumber,
  loggerRule,
  isString,
  nonNegative,
  oneOf,
  pageLifecycleRule,
  shape,
  reconnectRule,
  required,
  tlsRule,
  webSocketUrlRule,
  type Logger,
  type OptionRule,
} from '@rxwire/core';
import type { Protocol } from './protocol.js';
import type { RpcClientOptions } from './rpcClientOptions.js';

/** Every option of `RpcClient` and its rule (the `satisfies` keeps the list complete). @internal */
export const rpcClientRules = {
  url: /* @__PURE__ */ required(webSocketUrlRule),
  // Which names exist is resolveProtocol's to say (it knows the dialects).
  protocol: /* @__PURE__ */ anyOf(isString, /* @__PURE__ */ hasMethods('decode')),
  timeoutMs: /* @__PURE__ */ isNumber({ min: 1 }),
  maxInFlight: /* @__PURE__ */ isNumber({ min: 1, integer: true }),
  queueLimit: /* @__PURE__ */ isNumber({ min: 0, integer: true }),
  WebSocket: isFunction,
  reconnect: reconnectRule,
  heartbeat: heartbeatRule,
  binary: isBoolean,
  batch: isBoolean,
  channelGraceMs: /* @__PURE__ */ isNumber({ min: 0 }),
  maxMessageSize: /* @__PURE__ */ isNumber({ min: 1 }),
  tls: tlsRule,
  headers: headersRule,
  logger: loggerRule,
  share: /* @__PURE__ */ anyOf(/* @__PURE__ */ oneOf('tabs'), /* @__PURE__ */ shape({ key: isString })),
  idleWhenHiddenMs: nonNegative,
  pageLifecycle: pageLifecycleRule,
  clock: clockRule,
} satisfies Record<keyof RpcClientOptions, OptionRule>;

/** Checks the options of an `RpcClient` (see core's `checkOptions`). @internal */
export function checkRpcClientOptions(options: unknown, logger: Logger): void {
  checkOptions('RpcClient', options, rpcClientRules, logger);
}

/** Throws for an option the dialect cannot honour (in every build: the client could not work). */
export function checkDialectOptions(options: RpcClientOptions, protocol: Protocol): void {
  if (options.binary && !protocol.binaryCodec) {
    throw new TypeError(`binary: true needs a dialect with a binary mode (aiorest-ws); ${protocol.name} has none.`);
  }
  if (options.batch && !protocol.encodeBatch) {
    throw new TypeError(`batch: true needs a dialect with batches (json-rpc); ${protocol.name} has none.`);
  }
}
