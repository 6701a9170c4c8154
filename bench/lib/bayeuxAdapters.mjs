// The same small interface over every Bayeux client the bench compares:
//   connect(): Promise<void>                         handshake done and first connect answered
//   subscribe(channel, onMessage): Promise<void>     resolves when the server confirmed
//   publishBurst(channel, data, n): Promise<void>    n publishes issued in one tick, all acknowledged
//   connectionType(): string
// Each entry loads its modules (async) and returns a synchronous factory, so that "time to first
// message" starts at `new`.
/* global queueMicrotask */
import http from 'node:http';

function deferred() {
  let resolve, reject;
  const promise = new Promise((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
}

const toWs = (url) => url.replace(/^http/, 'ws');

export const adapters = {
  async rxwire() {
    const { BayeuxClient } = await import('@rxwire/bayeux');
    return (args) => {
      const client = new BayeuxClient({
        url: args.url,
        // Over WebSocket, long-polling stays allowed, as in Faye's and cometd's adapters below: that is
        // the default, and it lets the first handshake go over HTTP while the upgrade is in flight.
        connectionTypes: args.transport === 'websocket' ? ['websocket', 'long-polling'] : ['long-polling'],
        ...(args.maxPendingCount ? { maxPendingCount: args.maxPendingCount } : {}),
        ...(args.overflow ? { overflow: args.overflow } : {}),
        logger: () => {},
      });
      return {
        raw: client,
        connect: () => client.connect(),
        subscribe(channel, onMessage) {
          const ch = client.channel(channel);
          const confirmed = deferred();
          ch.messages$.subscribe({ next: onMessage, error: (e) => confirmed.reject(e) });
          const sub = ch.subscribed$.subscribe((yes) => {
            if (yes) confirmed.resolve();
          });
          return confirmed.promise.finally(() => queueMicrotask(() => sub.unsubscribe()));
        },
        publishBurst(channel, data, n) {
          const all = [];
          for (let i = 0; i < n; i++) all.push(client.publish(channel, data));
          return Promise.all(all);
        },
        connectionType: () => client.connectionType,
      };
    };
  },

  async faye() {
    const { default: Faye } = await import('faye');
    return (args) => {
      const client = new Faye.Client(args.url, { timeout: 60, retry: 1 });
      if (args.transport === 'long-polling') client.disable('websocket');
      // Faye's first request is always an HTTP handshake; it upgrades to WebSocket when usable.
      client.disable('autodisconnect');
      return {
        raw: client,
        async connect() {
          const ready = deferred();
          client.connect(() => ready.resolve());
          await ready.promise;
          if (args.transport === 'websocket') {
            // Faye probes the WebSocket and switches once it works: wait for the switch.
            for (let i = 0; i < 200 && client._dispatcher.connectionType !== 'websocket'; i++) await new Promise((r) => setTimeout(r, 10));
          }
        },
        subscribe: (channel, onMessage) => Promise.resolve(client.subscribe(channel, onMessage)),
        publishBurst(channel, data, n) {
          const all = [];
          for (let i = 0; i < n; i++) all.push(Promise.resolve(client.publish(channel, data)));
          return Promise.all(all);
        },
        connectionType: () => client._dispatcher.connectionType,
      };
    };
  },

  async cometd() {
    // cometd-nodejs-client installs a global `window` (this process only).
    const { adapt } = await import('cometd-nodejs-client');
    adapt();
    const { CometD } = await import('cometd');
    return (args) => {
      const cometd = new CometD();
      if (args.transport === 'long-polling') cometd.unregisterTransport('websocket');
      else {
        cometd.unregisterTransport('long-polling');
        cometd.unregisterTransport('callback-polling');
      }
      cometd.configure({ url: args.url, logLevel: 'warn', maxNetworkDelay: 30_000 });
      let started = false;
      const connected = deferred();
      cometd.addListener('/meta/connect', (m) => {
        if (m.successful) connected.resolve();
      });
      const start = () => {
        if (started) return;
        started = true;
        cometd.handshake((reply) => {
          if (!reply.successful) connected.reject(new Error(`cometd handshake failed: ${reply.error ?? JSON.stringify(reply.failure ?? reply)}`));
        });
      };
      return {
        raw: cometd,
        connect() {
          start();
          return connected.promise;
        },
        subscribe(channel, onMessage) {
          start();
          const done = deferred();
          cometd.subscribe(channel, onMessage, (reply) => (reply.successful ? done.resolve() : done.reject(new Error(String(reply.error)))));
          return done.promise;
        },
        publishBurst(channel, data, n) {
          const done = deferred();
          let left = n;
          cometd.batch(() => {
            for (let i = 0; i < n; i++) cometd.publish(channel, data, () => --left === 0 && done.resolve());
          });
          return done.promise;
        },
        connectionType: () => cometd.getTransport()?.type,
      };
    };
  },

  /** The floor: `ws` + JSON.parse over WebSocket, node:http + JSON.parse over long-polling. */
  async raw() {
    const { WebSocket } = await import('ws');
    return (args) => (args.transport === 'websocket' ? rawWebSocket(WebSocket, args) : rawLongPolling(args));
  },
};

function rawWebSocket(WebSocket, args) {
  let ws;
  let clientId;
  let nextId = 1;
  const waiters = new Map();
  const handlers = new Map();
  let opened;
  const request = (message) => {
    const id = String(nextId++);
    const done = deferred();
    waiters.set(id, done.resolve);
    open().then(() => ws.send(JSON.stringify([{ ...message, id, ...(clientId ? { clientId } : {}) }])));
    return done.promise;
  };
  const open = () =>
    (opened ??= new Promise((resolve, reject) => {
      ws = new WebSocket(toWs(args.url));
      ws.on('open', resolve);
      ws.on('error', reject);
      ws.on('message', (data) => {
        const messages = JSON.parse(data);
        for (let i = 0; i < messages.length; i++) {
          const m = messages[i];
          if (m.successful !== undefined && m.id !== undefined) {
            const w = waiters.get(m.id);
            if (w) {
              waiters.delete(m.id);
              w(m);
            }
            if (m.channel === '/meta/connect') connect();
          } else {
            const h = handlers.get(m.channel);
            if (h) h(m);
          }
        }
      });
    }));
  const connect = () => request({ channel: '/meta/connect', connectionType: 'websocket' });
  let connected;
  const start = () =>
    (connected ??= (async () => {
      const hs = await request({ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['websocket'] });
      clientId = hs.clientId;
      const id = String(nextId++);
      const first = deferred();
      waiters.set(id, first.resolve);
      ws.send(JSON.stringify([{ channel: '/meta/connect', connectionType: 'websocket', advice: { timeout: 0 }, id, clientId }]));
      await first.promise;
      connect();
    })());
  return {
    connect: start,
    async subscribe(channel, onMessage) {
      handlers.set(channel, onMessage);
      await start();
      await request({ channel: '/meta/subscribe', subscription: channel });
    },
    async publishBurst(channel, data, n) {
      const batch = [];
      const all = [];
      for (let i = 0; i < n; i++) {
        const id = String(nextId++);
        const done = deferred();
        waiters.set(id, done.resolve);
        all.push(done.promise);
        batch.push({ channel, data, id, clientId });
      }
      ws.send(JSON.stringify(batch));
      await Promise.all(all);
    },
    connectionType: () => 'websocket',
  };
}

function rawLongPolling(args) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  const url = new URL(args.url);
  let clientId;
  let nextId = 1;
  const handlers = new Map();
  const post = (messages) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify(messages.map((m) => ({ ...m, id: String(nextId++), ...(clientId ? { clientId } : {}) })));
      const req = http.request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString())));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const deliver = (replies) => {
    for (let i = 0; i < replies.length; i++) {
      const m = replies[i];
      if (m.successful === undefined) handlers.get(m.channel)?.(m);
    }
  };
  const loop = async () => {
    for (;;) deliver(await post([{ channel: '/meta/connect', connectionType: 'long-polling' }]));
  };
  let connected;
  const start = () =>
    (connected ??= (async () => {
      const [hs] = await post([{ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] }]);
      clientId = hs.clientId;
      deliver(await post([{ channel: '/meta/connect', connectionType: 'long-polling', advice: { timeout: 0 } }]));
      loop().catch(() => {});
    })());
  return {
    connect: start,
    async subscribe(channel, onMessage) {
      handlers.set(channel, onMessage);
      await start();
      deliver(await post([{ channel: '/meta/subscribe', subscription: channel }]));
    },
    async publishBurst(channel, data, n) {
      await start();
      deliver(await post(Array.from({ length: n }, () => ({ channel, data }))));
    },
    connectionType: () => 'long-polling',
  };
}
