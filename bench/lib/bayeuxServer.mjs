// A small, fast Bayeux server for the client-bound benchmarks: it answers handshake, connect,
// subscribe, unsubscribe, disconnect and publishes, over WebSocket and HTTP long-polling on one port,
// and pushes PRE-ENCODED messages so that the client, not the server, is the bottleneck.
//
// Run as a child process (bench/run.mjs pins it to core 0). Talks to its parent over IPC:
//   parent -> { type: 'config', config }   what to do on the next subscribe to config.channel
//   parent -> { type: 'stats' }            replies { type: 'stats', stats }
//   parent -> { type: 'reset' }            zeroes the counters
// config: { channel, mode: 'push' | 'first' | 'none', total, perFrame, holdMs, delayMs }
//   push:  on subscribe to `channel`, deliver `total` messages, `perFrame` per WebSocket frame (or per
//          long-polling response), as fast as the client reads them (TCP backpressure respected).
//   first: on subscribe to `channel`, deliver one message at once (time to first message); the
//          counters are snapshotted at that moment (round trips the client needed).
import { setImmediate } from 'node:timers';
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

let config = { channel: '/bench', mode: 'none', total: 0, perFrame: 1, holdMs: 10_000, delayMs: 0 };
let counters = fresh();
let snapshot;
let nextClient = 1;
const sessions = new Map();

function fresh() {
  return { httpRequests: 0, wsUpgrades: 0, wsFramesIn: 0, tcpConnections: 0, drainWaits: 0, messagesPushed: 0, subscribes: 0, publishes: 0 };
}

// One message as the bench pushes it: a realistic small event (about 100 bytes of JSON).
const message = (channel) =>
  JSON.stringify({ channel, data: { symbol: 'RXW', price: 101.25, size: 300, venue: 'XNAS', seq: 123456789 }, id: 'bench' });

/** An unmasked server text frame around `payload`. */
function frame(payload) {
  const data = Buffer.from(payload);
  const n = data.length;
  let header;
  if (n < 126) header = Buffer.from([0x81, n]);
  else if (n < 65536) {
    header = Buffer.alloc(4);
    header[0] = 0x81;
    header[1] = 126;
    header.writeUInt16BE(n, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x81;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([header, data]);
}

// Every request (HTTP request, WebSocket upgrade, WebSocket frame) is handled after config.delayMs:
// a simulated network round trip. Time to first message with and without it, divided by it, is the
// number of round trips the client waited for one after the other (TCP handshakes not included).
const later = (fn) => (config.delayMs ? setTimeout(fn, config.delayMs) : fn());

function session(clientId) {
  return sessions.get(clientId);
}

/** Answers one batch of Bayeux messages; `reply(messages)` sends an array back (now), `hold` parks a connect. */
function handle(messages, lane, due) {
  const replies = [];
  for (const m of messages) {
    const ch = m.channel;
    if (ch === '/meta/handshake') {
      const clientId = `c${nextClient++}${Math.random().toString(36).slice(2, 10)}`;
      sessions.set(clientId, { clientId, held: undefined, queue: [], pushing: false, ws: undefined });
      replies.push({
        channel: ch,
        version: '1.0',
        successful: true,
        clientId,
        supportedConnectionTypes: ['websocket', 'long-polling'],
        advice: { reconnect: 'retry', interval: 0, timeout: config.holdMs },
        ...(m.id !== undefined ? { id: m.id } : {}),
      });
    } else if (ch === '/meta/connect') {
      const s = session(m.clientId);
      if (!s) {
        replies.push({ channel: ch, successful: false, error: '402::Unknown client', advice: { reconnect: 'handshake' }, id: m.id });
        continue;
      }
      if (lane.ws) s.ws = lane;
      // Held: answered after holdMs, on disconnect, or at once when messages are due (or the client
      // asked for an immediate reply with advice.timeout 0).
      const held = { answer: { channel: ch, successful: true, clientId: s.clientId, id: m.id }, lane, timer: undefined };
      held.timer = setTimeout(() => release(s), config.holdMs);
      if (s.held) release(s);
      s.held = held;
      if (m.advice?.timeout === 0 || s.queue.length || (!lane.ws && s.lpPush)) due.push(s);
    } else if (ch === '/meta/subscribe') {
      counters.subscribes++;
      const s = session(m.clientId);
      replies.push({ channel: ch, successful: Boolean(s), subscription: m.subscription, clientId: m.clientId, id: m.id, ...(s ? {} : { error: '402::Unknown client' }) });
      if (s && m.subscription === config.channel) setImmediate(() => onBenchSubscribe(s, lane));
    } else if (ch === '/meta/unsubscribe') {
      replies.push({ channel: ch, successful: true, subscription: m.subscription, clientId: m.clientId, id: m.id });
    } else if (ch === '/meta/disconnect') {
      const s = session(m.clientId);
      replies.push({ channel: ch, successful: true, clientId: m.clientId, id: m.id });
      if (s) {
        s.stopped = true;
        release(s);
        sessions.delete(s.clientId);
      }
    } else {
      counters.publishes++;
      replies.push({ channel: ch, successful: true, id: m.id });
    }
  }
  return replies;
}

/** Answers the held connect (with queued messages over long-polling). */
function release(s) {
  const held = s.held;
  if (!held) return;
  s.held = undefined;
  clearTimeout(held.timer);
  const out = [{ ...held.answer, advice: { reconnect: 'retry', interval: 0, timeout: config.holdMs } }];
  if (!held.lane.ws) {
    if (s.lpPush && !s.queue.length) {
      // Pre-encoded batch: the connect reply followed by perFrame messages.
      held.lane.sendText(`[${JSON.stringify(out[0])},${nextLpBatch(s)}]`);
      return;
    }
    drainQueueInto(s, out);
  }
  held.lane.send(out);
}

function drainQueueInto(s, out) {
  for (const q of s.queue) out.push(q);
  counters.messagesPushed += s.queue.length;
  s.queue = [];
}

function onBenchSubscribe(s, lane) {
  if (config.mode === 'first') {
    snapshot = { ...counters };
    const m = JSON.parse(message(config.channel));
    if (lane.ws) {
      counters.messagesPushed++;
      lane.send([m]);
    } else {
      s.queue.push(m);
      release(s);
    }
  } else if (config.mode === 'push') {
    if (lane.ws || s.ws) void pushWebSocket(s, s.ws ?? lane);
    else startLongPollingPush(s);
  }
}

async function pushWebSocket(s, lane) {
  const perFrame = config.perFrame;
  const frames = Math.ceil(config.total / perFrame);
  const one = frame(`[${Array.from({ length: perFrame }, () => message(config.channel)).join(',')}]`);
  // Chunks of up to 256 KB of ready-made frames, written straight to the TCP socket.
  const perChunk = Math.max(1, Math.min(frames, Math.floor(262_144 / one.length)));
  const chunk = Buffer.concat(Array.from({ length: perChunk }, () => one));
  const socket = lane.socket;
  let sent = 0;
  while (sent < frames && !s.stopped && !socket.destroyed) {
    const n = Math.min(perChunk, frames - sent);
    const ok = socket.write(n === perChunk ? chunk : chunk.subarray(0, n * one.length));
    sent += n;
    counters.messagesPushed += n * perFrame;
    if (!ok) {
      counters.drainWaits++;
      await new Promise((resolve) => {
        const done = () => {
          socket.off('drain', done);
          socket.off('close', done);
          resolve();
        };
        socket.on('drain', done);
        socket.on('close', done);
      });
    }
  }
}

function startLongPollingPush(s) {
  const perFrame = config.perFrame;
  s.lpPush = { left: config.total, batch: Array.from({ length: perFrame }, () => message(config.channel)).join(','), perFrame };
  release(s);
}

function nextLpBatch(s) {
  const p = s.lpPush;
  const n = Math.min(p.perFrame, p.left);
  p.left -= n;
  counters.messagesPushed += n;
  if (p.left <= 0) s.lpPush = undefined;
  return n === p.perFrame ? p.batch : Array.from({ length: n }, () => message(config.channel)).join(',');
}

const server = createServer((req, res) => {
  counters.httpRequests++;
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => later(() => {
    let messages;
    try {
      const body = Buffer.concat(chunks).toString();
      const parsed = body ? JSON.parse(body) : [];
      messages = Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      res.writeHead(400).end();
      return;
    }
    const lane = {
      ws: undefined,
      send: (out) => lane.sendText(JSON.stringify(out)),
      sendText: (text) => {
        if (res.writableEnded) return;
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        res.end(text);
      },
    };
    const due = [];
    const replies = handle(messages, lane, due);
    // A request with a connect is answered with the connect (the other replies ride along).
    const connect = messages.find((m) => m.channel === '/meta/connect');
    const s = connect && session(connect.clientId);
    if (s?.held?.lane === lane) {
      s.queue.push(...replies);
      for (const d of due) release(d);
    } else lane.send(replies);
  }));
});
server.on('connection', () => counters.tcpConnections++);
server.keepAliveTimeout = 60_000;

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: (protocols) => [...protocols][0] ?? false });
server.on('upgrade', (req, socket, head) => later(() => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))));
wss.on('connection', (ws, req) => {
  counters.wsUpgrades++;
  void req;
  const lane = {
    ws,
    socket: ws._socket,
    send: (out) => ws.send(JSON.stringify(out)),
    sendText: (text) => ws.send(text),
  };
  ws.on('message', (data) => later(() => {
    counters.wsFramesIn++;
    let parsed;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      return;
    }
    const due = [];
    const replies = handle(Array.isArray(parsed) ? parsed : [parsed], lane, due);
    if (replies.length) lane.send(replies);
    for (const d of due) release(d);
  }));
  ws.on('error', () => {});
  ws.on('close', () => {
    for (const s of sessions.values()) if (s.ws === lane) s.stopped = true;
  });
});

process.on('message', (msg) => {
  if (msg.type === 'config') {
    config = { ...config, ...msg.config };
    snapshot = undefined;
  } else if (msg.type === 'reset') {
    counters = fresh();
    snapshot = undefined;
  } else if (msg.type === 'stats') {
    process.send({ type: 'stats', stats: { ...counters }, snapshot, sessions: sessions.size });
  } else if (msg.type === 'close') {
    for (const s of sessions.values()) {
      s.stopped = true;
      if (s.held) clearTimeout(s.held.timer);
    }
    wss.close();
    server.closeAllConnections?.();
    server.close(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', port: server.address().port }));
