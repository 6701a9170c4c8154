// The project's reference servers for the protocols no Python server can serve here.
export { startAioOpenApiServer } from './aioOpenApiServer.mjs';
export { startAiorestWsServer } from './aiorestWsServer.mjs';
