import type { Protocol } from './protocol.js';

/** The dialects known by name. */
export type ProtocolName = 'aio-openapi' | 'json-rpc' | 'aiorest-ws';

/** What a dialect may lack; the client throws at once when asked for it. @internal */
export type Capability = Exclude<keyof Protocol, 'name' | 'decode'>;

/**
 * What each named dialect can do, known before its code is loaded (browsers load a dialect given by
 * name on first use, see `dialectByName.browser.ts`), so that what it lacks still throws at once.
 * A unit test checks it against the dialects themselves.
 * @internal
 */
export const capabilities: Readonly<Record<ProtocolName, readonly Capability[]>> = {
  'aio-openapi': ['encodeCall', 'encodeSubscribe', 'encodeUnsubscribe', 'encodePublish', 'channelEvents'],
  'json-rpc': ['encodeCall', 'encodeNotification', 'encodeBatch', 'encodeSubscribe', 'encodeUnsubscribe', 'checkSubscribed'],
  'aiorest-ws': ['encodeRest', 'binaryCodec'],
};

/** Checks a dialect name given at run time (plain JavaScript may pass anything). @internal */
export function checkProtocolName(name: string): ProtocolName {
  if (!Object.hasOwn(capabilities, name)) {
    throw new TypeError(`Unknown protocol "${name}": use 'aio-openapi', 'json-rpc', 'aiorest-ws' or a Protocol object.`);
  }
  return name as ProtocolName;
}
