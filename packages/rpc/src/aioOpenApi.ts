import type { Protocol } from './protocol.js';
import { errorReply, isRecord, reader } from './internal/decode.js';

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
  // Keys left undefined stay off the wire (JSON leaves them out).
  const request = (id: string, method: string, payload: unknown) => ({ id, method, payload });
  return {
    name: 'aio-openapi',
    channelEvents: true,
    encodeCall: request,
    encodeSubscribe: (id, channel, event) => request(id, 'subscribe', { channel, event }),
    encodeUnsubscribe: (id, channel, event) => request(id, 'unsubscribe', { channel, event }),
    encodePublish: (id, channel, event, data) => request(id, 'publish', { channel, event, data }),
    decode: reader('aio-openapi', (message, id) => {
      const { method, channel, event } = message;
      if ('error' in message) {
        return errorReply(id, message.error, (body) => ({
          errors: isRecord(body.errors) ? (body.errors as Record<string, string>) : undefined,
          method: typeof method === 'string' ? method : undefined,
        }));
      }
      if ('response' in message) return id === undefined ? 'a response without an id' : { kind: 'result', id, value: message.response };
      if (typeof channel !== 'string' || id !== undefined) return 'neither a reply nor a channel push';
      return { kind: 'push', message: typeof event === 'string' ? { channel, event, data: message.data } : { channel, data: message.data } };
    }),
  };
}
