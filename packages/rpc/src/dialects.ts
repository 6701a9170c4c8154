import { aioOpenApi } from './aioOpenApi.js';
import { aiorestWs } from './aiorestWs.js';
import { jsonRpc } from './jsonRpc.js';
import type { Protocol } from './protocol.js';
import type { ProtocolName } from './protocolNames.js';

/** Every dialect by name: what `protocol: 'json-rpc'` (a name instead of a Protocol object) needs. @internal */
export const dialects: Readonly<Record<ProtocolName, () => Protocol>> = {
  'aio-openapi': aioOpenApi,
  'json-rpc': jsonRpc,
  'aiorest-ws': aiorestWs,
};
