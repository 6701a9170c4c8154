import { base64JsonCodec } from '@rxwire/core';
import { RpcError } from './errors.js';
import type { Protocol } from './protocol.js';
import { reader } from './internal/decode.js';

const PREFIX = 'rxwire:';

/**
 * aiorest-ws, REST over WebSocket: `rpc.request({ method, url, args?, data? })` sends
 * `{method, url, args, data, event_name}` with a generated `event_name` that the server echoes;
 * `{data}` resolves, `{detail}` rejects. A reply whose `event_name` is null is matched to the oldest
 * request in flight. With the client's `binary: true`, JSON travels base64-encoded in binary frames.
 *
 * @example
 * ```ts
 * const rpc = new RpcClient({ url: 'ws://localhost:8080', protocol: aiorestWs(), binary: true });
 * const user = await rpc.request({ method: 'GET', url: '/users/42' });
 * ```
 */
export function aiorestWs(): Protocol {
  return {
    name: 'aiorest-ws',
    encodeRest: (id, request) => ({ ...request, event_name: PREFIX + id }),
    binaryCodec: () => base64JsonCodec(),
    decode: reader('aiorest-ws', (message) => {
      const name = message.event_name;
      const id = typeof name === 'string' ? (name.startsWith(PREFIX) ? name.slice(PREFIX.length) : name) : undefined;
      if ('detail' in message) {
        const detail = typeof message.detail === 'string' ? message.detail : JSON.stringify(message.detail);
        return { kind: 'error', id, error: new RpcError(detail ?? 'The server answered with an error.', { detail, payload: message }) };
      }
      return 'data' in message ? { kind: 'result', id, value: message.data } : 'neither data nor detail';
    }),
  };
}
