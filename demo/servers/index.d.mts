export { startAioOpenApiServer } from './aioOpenApiServer.mjs';
export type { AioOpenApiServer } from './aioOpenApiServer.mjs';
export { startAiorestWsServer } from './aiorestWsServer.mjs';
export type { AiorestWsServer } from './aiorestWsServer.mjs';
