import type { ConnectionType } from '@rxwire/bayeux';

/** Where the demo's servers are, and which transport to use. */
export interface DemoConfig {
  bayeuxUrl: string;
  rpcUrl: string;
  /** `?transport=long-polling` (or `websocket`) pins the Bayeux connection type. */
  connectionTypes: ConnectionType[] | undefined;
  /** `?strict=0` renders without StrictMode. */
  strict: boolean;
  /** `?devtools=open` shows the rxwire devtools panel open; `?devtools` (any other value) shows its toggle button. */
  devtools: 'open' | 'closed' | undefined;
}

/**
 * Reads the configuration: URL parameters (`bayeux`, `rpc`, `transport`, `strict`, `devtools`) win over the
 * `<script id="rxwire-config">` that the demo's static server writes into index.html.
 */
export function readConfig(location: Location, document: Document): DemoConfig {
  const params = new URLSearchParams(location.search);
  const tag = document.getElementById('rxwire-config')?.textContent;
  const injected = (tag ? JSON.parse(tag) : {}) as Partial<DemoConfig>;
  const bayeuxUrl = params.get('bayeux') ?? injected.bayeuxUrl;
  const rpcUrl = params.get('rpc') ?? injected.rpcUrl;
  if (!bayeuxUrl || !rpcUrl) throw new Error('No server URLs: start the demo with `npm start`, or pass ?bayeux=…&rpc=…');
  const transport = params.get('transport');
  if (transport !== null && transport !== 'websocket' && transport !== 'long-polling') {
    throw new Error(`Unknown transport "${transport}": use websocket or long-polling.`);
  }
  return {
    bayeuxUrl,
    rpcUrl,
    connectionTypes: transport ? [transport] : undefined,
    strict: params.get('strict') !== '0',
    devtools: devtoolsOf(params.get('devtools')),
  };
}

function devtoolsOf(param: string | null): DemoConfig['devtools'] {
  if (param === null) return undefined;
  return param === 'open' ? 'open' : 'closed';
}
