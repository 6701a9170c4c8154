// Node's `fetch` for rxwire's HTTP requests (Bayeux long-polling and handshakes). Node's global
// fetch ignores an `agent`, and with it the app's TLS trust (`tls: { ca }`) and the keep-alive pool
// a client destroys on disconnect; cross-fetch (node-fetch 2) honours it but pulls in the deprecated
// `punycode` module, which Node 21 and later warn about on import. So: node:http(s) with the agent.
import http from 'node:http';
import https from 'node:https';
import type { FetchLike } from '../webSocketLike.js';

/** What of `RequestInit` rxwire passes, plus node-fetch's `agent` (an agent, or one per URL). */
interface NodeRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal | null;
  agent?: http.Agent | ((url: URL) => http.Agent) | undefined;
}

/**
 * A `fetch` over node:http(s) that honours the `agent` option: text bodies in, a standard `Response`
 * out (status, headers with every `Set-Cookie`, the body as text). Aborting the signal rejects it.
 */
export const nodeHttpFetch: FetchLike = (input, init) => {
  const url = new URL(String(input));
  const options = (init ?? {}) as NodeRequestInit;
  const agent = typeof options.agent === 'function' ? options.agent(url) : options.agent;
  const request = (url.protocol === 'https:' ? https : http).request;
  return new Promise<Response>((resolve, reject) => {
    const signal = options.signal;
    if (signal?.aborted) return reject(abortError(signal));
    const body = options.body;
    // A length rather than chunked encoding: some servers read a POST body only with one.
    const headers = body === undefined ? options.headers : { ...options.headers, 'Content-Length': String(Buffer.byteLength(body)) };
    const req = request(url, { method: options.method ?? 'GET', headers, ...(agent ? { agent } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        signal?.removeEventListener('abort', onAbort);
        const responseHeaders = new Headers();
        const raw = res.rawHeaders;
        for (let i = 0; i + 1 < raw.length; i += 2) responseHeaders.append(raw[i] as string, raw[i + 1] as string);
        const status = res.statusCode ?? 0;
        const text = status === 204 || status === 304 ? null : Buffer.concat(chunks).toString('utf8');
        resolve(new Response(text, { status, statusText: res.statusMessage ?? '', headers: responseHeaders }));
      });
    });
    const onAbort = (): void => {
      req.destroy();
      reject(abortError(signal as AbortSignal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    req.end(body);
  });
};

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The request was aborted.', 'AbortError');
}
