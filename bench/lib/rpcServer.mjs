// A fast JSON-RPC 2.0 echo server over `ws` for the client-bound RPC benchmarks: every request is
// answered with its own params as the result; batches (arrays) get one batch reply frame.
// Run as a child process (pinned to core 0 by bench/run.mjs); IPC: ready { port }, close.
import { WebSocketServer } from 'ws';

let calls = 0;
let frames = 0;
const reply = (r) =>
  r.id === undefined ? undefined : `{"jsonrpc":"2.0","id":${JSON.stringify(r.id)},"result":${JSON.stringify(r.params ?? null)}}`;

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
wss.on('connection', (ws) => {
  ws.on('error', () => {});
  ws.on('message', (data) => {
    frames++;
    let parsed;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      ws.send('{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}');
      return;
    }
    if (Array.isArray(parsed)) {
      const out = [];
      for (const r of parsed) {
        calls++;
        const text = reply(r);
        if (text) out.push(text);
      }
      if (out.length) ws.send(`[${out.join(',')}]`);
    } else {
      calls++;
      const text = reply(parsed);
      if (text) ws.send(text);
    }
  });
});
wss.on('listening', () => process.send({ type: 'ready', port: wss.address().port }));
process.on('message', (m) => {
  if (m.type === 'stats') process.send({ type: 'stats', stats: { calls, frames } });
  if (m.type === 'reset') calls = frames = 0;
  if (m.type === 'close') {
    for (const c of wss.clients) c.terminate();
    wss.close(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
