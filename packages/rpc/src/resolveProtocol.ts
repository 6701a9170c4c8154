import { aioOpenApi } from './aioOpenApi.js';
import { aiorestWs } from './aiorestWs.js';
import { jsonRpc } from './jsonRpc.js';
import type { Protocol } from './protocol.js';

/** The dialects known by name. */
export type ProtocolName = 'aio-openapi' | 'json-rpc' | 'aiorest-ws';

/** A dialect by name (or as given). @internal */
export function resolveProtocol(protocol: ProtocolName | Protocol | undefined): Protocol {
  if (typeof protocol === 'object') return protocol;
  switch (protocol ?? 'aio-openapi') {
    case 'aio-openapi':
      return aioOpenApi();
    case 'json-rpc':
      return jsonRpc();
    case 'aiorest-ws':
      return aiorestWs();
    default:
      throw new TypeError(`Unknown protocol "${String(protocol)}": use 'aio-openapi', 'json-rpc', 'aiorest-ws' or a Protocol object.`);
  }
}
