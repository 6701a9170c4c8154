import type { ChannelMessage } from '@rxwire/core';
import { RpcError } from './errors.js';
import { badMessage } from './internal/badFrame.js';
import { isRecord, type Incoming, type Protocol } from './protocol.js';

/**
 * aio-openapi's WebSocket RPC: requests `{id, method, payload}`, replies `{id, method, response}` or
 * `{id?, method?, error: {message, errors?}}`, pub/sub through the `subscribe` / `unsubscribe` /
 * `publish` methods, pushes `{channel, event, data}`. An error reply without an id is reported on the
 * client's `errors$`. The client's default dialect.
 *
 * @example
 * ```ts
 * const rpc = new RpcClient({ url: 'ws://localhost:8080/stream', protocol: aioOpenApi() });
 * ```
 */
export function aioOpenApi(): Protocol {
  const request = (id: string, method: string, payload: unknown) =>
    payload === undefined ? { id, method } : { id, method, payload };
  const channelPayload = (channel: string, event: string | undefined) => (event === undefined ? { channel } : { channel, event });
  return {
    name: 'aio-openapi',
    channelEvents: true,
    encodeCall: request,
    encodeSubscribe: (id, channel, event) => request(id, 'subscribe', channelPayload(channel, event)),
    encodeUnsubscribe: (id, channel, event) => request(id, 'unsubscribe', channelPayload(channel, event)),
    encodePublish: (id, channel, event, data) => request(id, 'publish', { ...channelPayload(channel, event), data }),
    decode: decodeAioOpenApi,
  };
}

function decodeAioOpenApi(message: unknown): Incoming[] {
  if (!isRecord(message)) return [badMessage('aio-openapi', message, 'expected a JSON object')];
  const id = typeof message.id === 'string' || typeof message.id === 'number' ? String(message.id) : undefined;
  const method = typeof message.method === 'string' ? message.method : undefined;
  if ('error' in message) {
    const error = toRpcError(message.error, method);
    // Without an id the reply cannot be matched (the server leaves empty keys out): report it.
    return [id === undefined ? { kind: 'problem', error } : { kind: 'error', id, error }];
  }
  if ('response' in message) {
    if (id === undefined) return [badMessage('aio-openapi', message, 'a response without an id')];
    return [{ kind: 'result', id, value: message.response }];
  }
  if (typeof message.channel === 'string' && id === undefined) {
    const push: ChannelMessage = { channel: message.channel, data: message.data };
    if (typeof message.event === 'string') push.event = message.event;
    return [{ kind: 'push', message: push }];
  }
  return [badMessage('aio-openapi', message, 'neither a reply nor a channel push')];
}

function toRpcError(error: unknown, method: string | undefined): RpcError {
  const body = isRecord(error) ? error : { message: error };
  const message = typeof body.message === 'string' ? body.message : 'The server answered with an error.';
  const errors = isRecord(body.errors) ? (body.errors as Record<string, string>) : undefined;
  return new RpcError(message, {
    payload: error,
    ...(errors ? { errors } : {}),
    ...(method === undefined ? {} : { method }),
  });
}
