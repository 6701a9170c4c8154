// A small Node server that speaks aiorest-ws's REST-over-WebSocket protocol to the letter (no
// Python server can run here): requests `{method, url, args?, data?, event_name?}` (other top-level
// keys, such as `token`, reach the middleware), replies `{data, event_name}` or `{detail, event_name}`
// with `event_name` echoed (or null). A text frame carries JSON; a binary frame carries base64 of the
// JSON, and the reply comes back the same way. Used by @rxwire/rpc's tests and by the demo.
import { listen } from './listen.mjs';

class NotFound extends Error {}

/**
 * The routes. A `{name}` segment matches one path segment; its value joins the args.
 * @type {Array<{ method: string, path: string, handler: (request: any) => unknown }>}
 */
const routes = [
  { method: 'GET', path: '/hello', handler: () => 'Hello, world!' },
  { method: 'GET', path: '/echo', handler: ({ args }) => args },
  { method: 'POST', path: '/echo', handler: ({ data }) => data ?? null },
  {
    method: 'GET',
    path: '/users/{id}',
    handler: ({ args, users }) => {
      const user = users.get(String(args.id));
      if (!user) throw new NotFound(`User ${String(args.id)} not found.`);
      return user;
    },
  },
  {
    method: 'POST',
    path: '/users',
    handler: ({ data, users }) => {
      if (typeof data?.name !== 'string') throw new Error('Field "name" is required.');
      const user = { id: String(users.size + 1), name: data.name };
      users.set(user.id, user);
      return user;
    },
  },
  {
    method: 'POST',
    path: '/sum',
    handler: ({ data }) => {
      if (typeof data?.a !== 'number' || typeof data?.b !== 'number') throw new Error('Fields "a" and "b" must be numbers.');
      return data.a + data.b;
    },
  },
  {
    method: 'GET',
    path: '/secret',
    handler: ({ token }) => {
      // A middleware-style check on a top-level key of the request.
      if (token !== 'letmein') throw new Error('Authentication credentials were not provided.');
      return 'the cake is a lie';
    },
  },
];

function notAllowed(method) {
  return () => {
    throw new Error(`Method "${method}" not allowed.`);
  };
}

/** @returns {{ route: (typeof routes)[number], params: Record<string, string> } | undefined} */
function match(method, url) {
  const path = url.split('?')[0].replace(/\/+$/, '') || '/';
  const parts = path.split('/');
  let wrongMethod;
  for (const route of routes) {
    const pattern = route.path.split('/');
    if (pattern.length !== parts.length) continue;
    const params = {};
    const ok = pattern.every((segment, i) => {
      if (segment.startsWith('{') && segment.endsWith('}')) {
        params[segment.slice(1, -1)] = decodeURIComponent(parts[i]);
        return true;
      }
      return segment === parts[i];
    });
    if (ok && route.method === method) return { route, params };
    if (ok) wrongMethod = { route: { ...route, handler: notAllowed(method) }, params };
  }
  return wrongMethod;
}

/**
 * Starts the reference aiorest-ws server on loopback.
 *
 * Routes: `GET /hello`, `GET /echo` (returns args), `POST /echo` (returns data), `GET /users/{id}`,
 * `POST /users` ({name}), `POST /sum` ({a, b}), `GET /secret` (needs a top-level `token: 'letmein'`).
 * A `{param}` in the request url is filled from `args`; a concrete url also works.
 *
 * @param {{ port?: number, host?: string }} [options] port 0 (default) picks a free port
 * @returns {Promise<import('./aiorestWsServer.d.mts').AiorestWsServer>}
 */
export async function startAiorestWsServer(options = {}) {
  const users = new Map([
    ['1', { id: '1', name: 'Ada' }],
    ['2', { id: '2', name: 'Grace' }],
  ]);
  const counts = { text: 0, binary: 0 };

  function handle(request) {
    if (typeof request !== 'object' || request === null || Array.isArray(request)) throw new Error('Request must be a JSON object.');
    const { method, url } = request;
    if (typeof method !== 'string' || typeof url !== 'string') throw new Error('Request must have "method" and "url".');
    const args = typeof request.args === 'object' && request.args !== null ? request.args : {};
    // "/users/{id}" with args {id: 1} means "/users/1".
    const concrete = url.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(String(args[name] ?? '')));
    const found = match(method.toUpperCase(), concrete);
    if (!found) throw new NotFound(`Wrong URL "${url}": no such route.`);
    return found.route.handler({ ...request, args: { ...args, ...found.params }, users });
  }

  const server = await listen(options, (socket) => {
    socket.on('message', (raw, isBinary) => {
      let eventName = null;
      let reply;
      try {
        const text = isBinary ? Buffer.from(raw.toString(), 'base64').toString('utf8') : raw.toString();
        let request;
        try {
          request = JSON.parse(text);
        } catch {
          throw new Error('Invalid message: expected JSON (or base64 of JSON in a binary frame).');
        }
        if (typeof request?.event_name === 'string') eventName = request.event_name;
        counts[isBinary ? 'binary' : 'text']++;
        reply = { data: handle(request) ?? null, event_name: eventName };
      } catch (error) {
        reply = { detail: error instanceof Error ? error.message : String(error), event_name: eventName };
      }
      const json = JSON.stringify(reply);
      if (socket.readyState !== 1) return;
      if (isBinary) socket.send(Buffer.from(Buffer.from(json, 'utf8').toString('base64'), 'utf8'), { binary: true });
      else socket.send(json);
    });
  });
  return {
    url: `ws://127.0.0.1:${server.port}/`,
    port: server.port,
    counts,
    dropConnections: server.dropConnections,
    close: server.close,
  };
}
