// A small Node server that speaks aio-openapi's WebSocket RPC protocol to the letter (no Python
// server can run here): JSON in text frames, `{id, method, payload}` requests, `{id, method,
// response}` replies, `{id?, method?, error: {message, errors?}}` errors with empty keys left out,
// pub/sub through the `subscribe` / `unsubscribe` / `publish` methods with Redis-style event globs,
// and `{channel, event, data}` pushes. Used by @rxwire/rpc's integration tests and by the demo.
import { globToRegExp } from './glob.mjs';
import { listen } from './listen.mjs';

class ValidationErrors extends Error {
  /** @param {Record<string, string>} errors */
  constructor(errors) {
    super('Invalid RPC parameters');
    this.errors = errors;
  }
}

/** Python's name of a JSON value's type, as in aio-openapi's "expected dictionary, got list". */
function pyType(value) {
  if (Array.isArray(value)) return 'list';
  if (value === null) return 'NoneType';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'boolean') return 'bool';
  return 'dict';
}

/** Drops empty keys, as aio-openapi's `compact_dict` does. */
function compact(object) {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined && v !== null && v !== ''));
}

function requireChannel(payload) {
  const channel = payload?.channel;
  if (typeof channel !== 'string' || !channel) throw new ValidationErrors({ channel: 'required' });
  // The aio-openapi test broker refuses channel names that are not lower case.
  if (channel.toLowerCase() !== channel) throw new ValidationErrors({ channel: 'Invalid channel' });
  return channel;
}

/**
 * Starts the reference aio-openapi server on loopback.
 *
 * RPC methods: `echo` (returns the payload), `add` ({a, b} numbers), `server_info`, `fail` (an
 * error with `payload.message`), `sleep` ({ms}, replies after that long), `never` (never replies),
 * `subscribe` / `unsubscribe` ({channel, event?}), `publish` ({channel, event?, data}).
 *
 * @param {{ port?: number, host?: string }} [options] port 0 (default) picks a free port
 * @returns {Promise<import('./aioOpenApiServer.d.mts').AioOpenApiServer>}
 */
export async function startAioOpenApiServer(options = {}) {
  /** @type {Map<import('ws').WebSocket, Map<string, Map<string, RegExp>>>} socket → channel → pattern → regex */
  const subscriptions = new Map();
  const timers = new Set();
  const started = Date.now();

  function deliver(channel, event, data) {
    for (const [socket, channels] of subscriptions) {
      const patterns = channels.get(channel);
      if (!patterns) continue;
      // One push per socket and message, however many of its patterns match.
      if ([...patterns.values()].some((regex) => regex.test(event))) {
        socket.send(JSON.stringify({ channel, event, data }));
      }
    }
  }

  function later(ms, fn) {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  }

  /** @type {Record<string, (payload: any, socket: import('ws').WebSocket) => unknown>} */
  const methods = {
    echo: (payload) => payload ?? null,
    add: (payload) => {
      const errors = {};
      for (const key of ['a', 'b']) {
        if (payload?.[key] === undefined) errors[key] = 'required';
        else if (typeof payload[key] !== 'number') errors[key] = 'not a valid number';
      }
      if (Object.keys(errors).length) throw new ValidationErrors(errors);
      return payload.a + payload.b;
    },
    server_info: () => ({ connections: subscriptions.size, uptime: (Date.now() - started) / 1000 }),
    fail: (payload) => {
      throw new Error(typeof payload?.message === 'string' ? payload.message : 'Server error');
    },
    sleep: (payload) => new Promise((resolve) => later(Number(payload?.ms ?? 0), () => resolve(payload?.ms ?? 0))),
    never: () => new Promise(() => undefined),
    subscribe: (payload, socket) => {
      const channel = requireChannel(payload);
      const event = typeof payload.event === 'string' && payload.event ? payload.event : '*';
      const channels = subscriptions.get(socket);
      if (!channels) return { subscribed: {} };
      const patterns = channels.get(channel) ?? new Map();
      patterns.set(event, globToRegExp(event));
      channels.set(channel, patterns);
      return { subscribed: { [channel]: [...patterns.keys()] } };
    },
    unsubscribe: (payload, socket) => {
      const channel = requireChannel(payload);
      const event = typeof payload.event === 'string' && payload.event ? payload.event : '*';
      const channels = subscriptions.get(socket);
      const patterns = channels?.get(channel);
      patterns?.delete(event);
      if (patterns && patterns.size === 0) channels?.delete(channel);
      return { subscribed: { [channel]: [...(channels?.get(channel)?.keys() ?? [])] } };
    },
    publish: (payload) => {
      const channel = requireChannel(payload);
      if (!('data' in (payload ?? {}))) throw new ValidationErrors({ data: 'required' });
      const event = typeof payload.event === 'string' ? payload.event : '';
      // Like aio-openapi's broker: the message reaches subscribers a moment after the reply.
      later(1, () => deliver(channel, event, payload.data));
      return { channel, event, data: payload.data };
    },
  };

  async function onMessage(socket, raw, isBinary) {
    let id;
    let method;
    const send = (message) => {
      if (socket.readyState === 1) socket.send(JSON.stringify(message));
    };
    try {
      let data;
      try {
        if (isBinary) throw new Error('binary');
        data = JSON.parse(raw.toString());
      } catch {
        send({ error: { message: 'JSON string expected' } });
        return;
      }
      if (pyType(data) !== 'dict') {
        send({ error: { message: `Malformed message; expected dictionary, got ${pyType(data)}` } });
        return;
      }
      id = typeof data.id === 'string' || typeof data.id === 'number' ? data.id : undefined;
      method = typeof data.method === 'string' ? data.method : undefined;
      const missing = {};
      if (id === undefined) missing.id = 'required';
      if (method === undefined) missing.method = 'required';
      if (Object.keys(missing).length) throw new ValidationErrors(missing);
      const fn = Object.hasOwn(methods, method) ? methods[method] : undefined;
      if (!fn) throw new ValidationErrors({ method: `${method} method not available` });
      const response = await fn(data.payload ?? {}, socket);
      send({ id, method, response });
    } catch (error) {
      if (error instanceof ValidationErrors) send(compact({ id, method, error: { message: error.message, errors: error.errors } }));
      else send(compact({ id, method, error: { message: error instanceof Error ? error.message : String(error) } }));
    }
  }

  const server = await listen(options, (socket) => {
    subscriptions.set(socket, new Map());
    socket.on('message', (raw, isBinary) => void onMessage(socket, raw, isBinary));
    socket.on('close', () => subscriptions.delete(socket));
  });
  return {
    url: `ws://127.0.0.1:${server.port}/stream`,
    port: server.port,
    publish: (channel, event, data) => deliver(channel, event, data),
    dropConnections: server.dropConnections,
    get connections() {
      return subscriptions.size;
    },
    close: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return server.close();
    },
  };
}
