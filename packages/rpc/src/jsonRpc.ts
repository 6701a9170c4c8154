import { RxwireError } from '@rxwire/core';
import { RpcError } from './errors.js';
import { badMessage } from './internal/badFrame.js';
import { isRecord, type Incoming, type Protocol } from './protocol.js';

const SUBSCRIBED = new Set(['ok', 'socket has already been subscribed to event']);

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
  const request = (id: string | undefined, method: string, params: unknown) => ({
    jsonrpc: '2.0',
    method,
    ...(params === undefined ? {} : { params }),
    ...(id === undefined ? {} : { id }),
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
      if (typeof status === 'string' && SUBSCRIBED.has(status)) return undefined;
      return new RxwireError('SUBSCRIBE_DENIED', `The server refused the event "${channel}": ${String(status)}.`, {
        payload: result,
      });
    },
    decode: (message) => (Array.isArray(message) ? decodeBatch(message) : decodeOne(message)),
  };
}

function decodeBatch(messages: unknown[]): Incoming[] {
  if (messages.length === 0) return [badMessage('JSON-RPC', messages, 'an empty batch')];
  return messages.flatMap(decodeOne);
}

function decodeOne(message: unknown): Incoming[] {
  if (!isRecord(message)) return [badMessage('JSON-RPC', message, 'expected a JSON object')];
  const id = typeof message.id === 'string' || typeof message.id === 'number' ? String(message.id) : undefined;
  if ('error' in message) {
    const error = toRpcError(message.error);
    return [id === undefined ? { kind: 'problem', error } : { kind: 'error', id, error }];
  }
  if ('result' in message) {
    if (id === undefined) return [badMessage('JSON-RPC', message, 'a result without an id')];
    return [{ kind: 'result', id, value: message.result }];
  }
  // rpc-websockets events.
  if (typeof message.notification === 'string') {
    const name = message.notification;
    return [{ kind: 'push', message: { channel: name, event: name, data: message.params } }];
  }
  if (typeof message.method === 'string' && id === undefined) {
    const name = message.method;
    return [{ kind: 'push', message: { channel: name, event: name, data: message.params } }];
  }
  return [badMessage('JSON-RPC', message, 'neither a response nor a notification')];
}

function toRpcError(error: unknown): RpcError {
  const body = isRecord(error) ? error : { message: error };
  const message = typeof body.message === 'string' ? body.message : 'The server answered with an error.';
  return new RpcError(message, {
    payload: error,
    ...(typeof body.code === 'number' ? { rpcCode: body.code } : {}),
    ...(body.data === undefined || body.data === null ? {} : { data: body.data }),
  });
}
