// The demo's aio-openapi server (demo/servers) as a bench server process, for the aio-openapi RPC
// rows. Run as a child process (pinned to core 0 by bench/run.mjs); IPC: ready { port }, close.
import { startAioOpenApiServer } from '../../demo/servers/index.mjs';

const server = await startAioOpenApiServer();
process.send({ type: 'ready', port: server.port });
process.on('message', (m) => {
  if (m.type === 'close') void server.close().then(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
