import { RxwireError } from '@rxwire/core';
import type { Protocol } from './protocol.js';
import { badMessage, errorReply, isRecord, reader } from './internal/decode.js';
import { decimal } from './internal/decimal.js';

const SUBSCRIBED = ['ok', 'socket has already been subscribed to event'];

/**
 * JSON-RPC 2.0: requests, notifications (`notify`), batches, errors with their numeric code on
 * `RpcError.rpcCode`. Channels are rpc-websockets events: subscribed with `rpc.on`, released with
 * `rpc.off`, pushed as `{notification, params}`. A JSON-RPC notification from the server
 * (`{method, params}` without id) is delivered as a push on the channel named after the method.
 *
 * @example
 * ```ts
 * const rpc = new RpcClient({ url: 'ws://localhost:8080', protocol: jsonRpc() });
 * rpc.channel('feedUpdated').messages$.subscribe((m) => console.log(m.data));
 * ```
 */
export function jsonRpc(): Protocol {
  // Keys left undefined stay off the wire (JSON leaves them out): a notification has no id. A decimal
  // id goes out as a JSON number (what most clients send, and cheaper to read back); a reply's
  // numeric id is read as its decimal string.
  const request = (id: string | undefined, method: string, params: unknown) => {
    const n = Number(id);
    return { jsonrpc: '2.0', method, params, id: Number.isFinite(n) && decimal(n) === id ? n : id };
  };
  const one = reader('JSON-RPC', (message, id) => {
    if ('error' in message) {
      return errorReply(id, message.error, (body) => ({
        rpcCode: typeof body.code === 'number' ? body.code : undefined,
        data: body.data ?? undefined,
      }));
    }
    if ('result' in message) return id === undefined ? 'a result without an id' : { kind: 'result', id, value: message.result };
    // rpc-websockets events, and JSON-RPC notifications from the server.
    const { notification, method } = message;
    const name = typeof notification === 'string' ? notification : id === undefined && typeof method === 'string' ? method : undefined;
    if (name === undefined) return 'neither a response nor a notification';
    return { kind: 'push', message: { channel: name, event: name, data: message.params } };
  });
  return {
    name: 'json-rpc',
    encodeCall: request,
    encodeNotification: (method, params) => request(undefined, method, params),
    encodeBatch: (messages) => messages,
    encodeSubscribe: (id, channel) => request(id, 'rpc.on', [channel]),
    encodeUnsubscribe: (id, channel) => request(id, 'rpc.off', [channel]),
    checkSubscribed: (result, channel) => {
      const status = isRecord(result) ? result[channel] : undefined;
      if (SUBSCRIBED.includes(status as string)) return undefined;
      return new RxwireError('SUBSCRIBE_DENIED', `The server refused the event "${channel}": ${String(status)}.`, { payload: result });
    },
    decode: (message) =>
      !Array.isArray(message) ? one(message) : message.length ? message.flatMap(one) : [badMessage('JSON-RPC', message, 'an empty batch')],
  };
}
