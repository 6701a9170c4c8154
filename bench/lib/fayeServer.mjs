// A real Faye NodeAdapter server (the realistic row). On a subscribe to config.channel it publishes
// config.total messages through its in-process client, `burst` per turn of the event loop.
// Run as a child process (core 0); IPC as in bayeuxServer.mjs: ready { port }, config, stats, close.
import { setImmediate } from 'node:timers';
import faye from 'faye';
import { createServer } from 'node:http';

let config = { channel: '/bench', total: 0, burst: 100 };
let published = 0;
const bayeux = new faye.NodeAdapter({ mount: '/faye', timeout: 10 });
const server = createServer();
bayeux.attach(server);
const data = { symbol: 'RXW', price: 101.25, size: 300, venue: 'XNAS', seq: 123456789 };

bayeux.on('subscribe', (clientId, channel) => {
  if (channel !== config.channel || !config.total) return;
  let left = config.total;
  const pump = () => {
    const n = Math.min(config.burst, left);
    for (let i = 0; i < n; i++) bayeux.getClient().publish(channel, data);
    published += n;
    left -= n;
    if (left > 0) setImmediate(pump);
  };
  // Let the subscribe reply go out first.
  setTimeout(pump, 20);
});

process.on('message', (m) => {
  if (m.type === 'config') config = { ...config, ...m.config };
  if (m.type === 'stats') process.send({ type: 'stats', stats: { published } });
  if (m.type === 'reset') published = 0;
  if (m.type === 'close') {
    server.closeAllConnections?.();
    bayeux.close();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  }
});
process.on('disconnect', () => process.exit(0));
server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', port: server.address().port }));
