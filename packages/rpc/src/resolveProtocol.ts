import { aioOpenApi } from './aioOpenApi.js';
import { aiorestWs } from './aiorestWs.js';
import { jsonRpc } from './jsonRpc.js';
import type { Protocol } from './protocol.js';

/** The dialects known by name. */
export type ProtocolName = 'aio-openapi' | 'json-rpc' | 'aiorest-ws';

const dialects: Record<ProtocolName, () => Protocol> = { 'aio-openapi': aioOpenApi, 'json-rpc': jsonRpc, 'aiorest-ws': aiorestWs };

/** A dialect by name (or as given). @internal */
export function resolveProtocol(protocol: ProtocolName | Protocol = 'aio-openapi'): Protocol {
  if (typeof protocol === 'object') return protocol;
  if (!Object.hasOwn(dialects, protocol)) {
    throw new TypeError(`Unknown protocol "${String(protocol)}" (RpcClient option "protocol"): use 'aio-openapi', 'json-rpc', 'aiorest-ws' or a Protocol object.`);
  }
  return dialects[protocol]();
}
