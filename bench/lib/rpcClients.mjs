// The RPC clients the bench compares, each as { call(): Promise<unknown>, close() }, shared by the
// speed run (rpcClient.mjs) and the allocation run (rpcAllocInMemory.mjs).
import { WebSocket } from 'ws';

/** What every call sends, and what the echo server answers. */
export const params = { symbol: 'RXW', price: 101.25, size: 300 };

/** The raw floors' wire format: JSON-RPC 2.0, or aio-openapi (`{id, method, payload}` -> `{id, response}`). */
export const jsonRpcWire = {
  request: (id) => JSON.stringify({ jsonrpc: '2.0', method: 'echo', params, id }),
  result: (reply) => reply.result,
};
export const aioWire = {
  request: (id) => JSON.stringify({ id, method: 'echo', payload: params }),
  result: (reply) => reply.response,
};

function deferred() {
  let resolve, reject;
  const promise = new Promise((a, b) => ((resolve = a), (reject = b)));
  return { promise, resolve, reject };
}

function openWs(url) {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Each takes the server's url and returns { call(): Promise<unknown>, close() }. */
const clients = {
  async rxwire(url, batch = false) {
    const { RpcClient } = await import('@rxwire/rpc');
    const rpc = new RpcClient({ url, protocol: 'json-rpc', batch, reconnect: false, logger: () => {} });
    await rpc.connect();
    // Correlation, timeouts (the default 30 s) and cancellation are all on: this is the normal call path.
    return { call: () => rpc.call('echo', params), close: () => rpc.close() };
  },
  rxwireBatch(url) {
    return clients.rxwire(url, true);
  },
  /** The aio-openapi dialect against the demo's aio-openapi server. */
  async rxwireAio(url) {
    const { RpcClient, aioOpenApi } = await import('@rxwire/rpc');
    const rpc = new RpcClient({ url, protocol: aioOpenApi(), reconnect: false, logger: () => {} });
    await rpc.connect();
    return { call: () => rpc.call('echo', params), close: () => rpc.close() };
  },
  async 'rpc-websockets'(url) {
    const { Client } = await import('rpc-websockets');
    const client = new Client(url, { autoconnect: true, reconnect: false });
    await new Promise((resolve, reject) => {
      client.once('open', resolve);
      client.once('error', reject);
    });
    return { call: () => client.call('echo', params), close: () => client.close() };
  },
  async 'json-rpc-2.0'(url) {
    const { JSONRPCClient } = await import('json-rpc-2.0');
    const ws = await openWs(url);
    const client = new JSONRPCClient((request) => {
      ws.send(JSON.stringify(request));
    });
    ws.on('message', (data) => client.receive(JSON.parse(data)));
    return { call: () => client.request('echo', params), close: () => ws.close() };
  },
  /** The floor: ws + JSON.stringify/parse + an id -> resolver map. */
  raw: (url) => rawLoop(url, jsonRpcWire),
  /**
   * The same floor in a process that has loaded @rxwire/rpc (rxjs, isomorphic-ws): a bigger heap
   * makes the raw loop's GC slower, so this is the fair floor for rxwire's own overhead.
   */
  async rawLoaded(url) {
    await import('@rxwire/rpc');
    return rawLoop(url, jsonRpcWire);
  },
  /** The floor of the aio-openapi rows, with @rxwire/rpc loaded as in rawLoaded. */
  async rawAio(url) {
    await import('@rxwire/rpc');
    return rawLoop(url, aioWire);
  },
};

/** The raw floor: `ws`, JSON.stringify / JSON.parse, and a Map of id -> resolver. */
export async function rawLoop(url, wire) {
  const ws = await openWs(url);
  const pending = new Map();
  let nextId = 1;
  ws.on('message', (data) => {
    const reply = JSON.parse(data);
    const resolve = pending.get(reply.id);
    if (resolve) {
      pending.delete(reply.id);
      resolve(wire.result(reply));
    }
  });
  return {
    call() {
      const id = nextId++;
      const d = deferred();
      pending.set(id, d.resolve);
      ws.send(wire.request(id));
      return d.promise;
    },
    close: () => ws.close(),
  };
}


/** Connects the client `kind` to `url`. */
export function makeClient(kind, url) {
  const make = Object.hasOwn(clients, kind) ? clients[kind] : undefined;
  if (!make) throw new Error(`unknown client ${kind}`);
  return make(url);
}
