import { aioOpenApi } from './aioOpenApi.js';
import { aiorestWs } from './aiorestWs.js';
import { jsonRpc } from './jsonRpc.js';
import type { Protocol } from './protocol.js';

/** The dialects known by name. */
export type ProtocolName = 'aio-openapi' | 'json-rpc' | 'aiorest-ws';

/**
 * Every dialect by name, for `protocol: 'json-rpc'` (a name instead of a Protocol object). It brings
 * all three dialects into a bundle; see the package README for why it is not a lazy chunk.
 */
const dialects: Readonly<Record<ProtocolName, () => Protocol>> = {
  'aio-openapi': aioOpenApi,
  'json-rpc': jsonRpc,
  'aiorest-ws': aiorestWs,
};

/** The client's dialect: the Protocol object given, or the dialect of that name. @internal */
export function resolveProtocol(given: ProtocolName | Protocol): Protocol {
  if (typeof given === 'object') return given;
  if (!Object.hasOwn(dialects, given)) {
    throw new TypeError(`Unknown protocol "${String(given)}" (RpcClient option "protocol"): use 'aio-openapi', 'json-rpc', 'aiorest-ws' or a Protocol object.`);
  }
  return dialects[given]();
}
