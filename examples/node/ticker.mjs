// A Node consumer of @rxwire/core, as a user would write it. It starts a tiny ticker server on a
// loopback port (the full demo backend arrives with the demo), reads three ticks as an observable,
// closes, and exits by itself: no timer or socket is left behind.
import { WebSocketServer } from 'ws';
import { firstValueFrom, take, toArray } from 'rxjs';
import { webSocketConnection } from '@rxwire/core';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await new Promise((resolve) => server.once('listening', resolve));
server.on('connection', (socket) => {
  let n = 0;
  const timer = setInterval(() => socket.send(JSON.stringify({ symbol: 'RXW', price: 100 + n++ })), 200);
  socket.on('close', () => clearInterval(timer));
});
const url = `ws://127.0.0.1:${server.address().port}`;
console.log(`ticker server on ${url}`);

const connection = webSocketConnection({ url });
connection.state$.subscribe((state) => console.log(`state: ${state}`));
const ticks = await firstValueFrom(connection.messages$.pipe(take(3), toArray()));
for (const tick of ticks) console.log(`tick ${tick.symbol} ${tick.price}`);
connection.close();
server.close();
