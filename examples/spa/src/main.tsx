// The demo SPA: a chat room over Bayeux, a ticker over RPC pub/sub, an RPC call form and the state
// of both connections, all with @rxwire/react hooks; `?devtools=open` adds the devtools panel over
// both clients (from '@rxwire/devtools/production': the demo is a production build).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BayeuxClient } from '@rxwire/bayeux';
import { RpcClient } from '@rxwire/rpc';
import { RxwireDevtools } from '@rxwire/devtools/production';
import { App } from './App.js';
import { readConfig } from './config.js';

const root = createRoot(document.getElementById('root') as HTMLElement);
try {
  const config = readConfig(location, document);
  const reconnect = { initialDelayMs: 250, maxDelayMs: 4000 };
  // Every tab of the demo shares one Bayeux session and one RPC connection: the badges say whether
  // this tab holds them.
  const bayeux = new BayeuxClient({
    url: config.bayeuxUrl,
    reconnect,
    share: 'tabs',
    ...(config.connectionTypes ? { connectionTypes: config.connectionTypes } : {}),
  });
  const rpc = new RpcClient({ url: config.rpcUrl, reconnect, timeoutMs: 10_000, share: 'tabs' });
  const app = (
    <>
      <App bayeux={bayeux} rpc={rpc} />
      {config.devtools ? <RxwireDevtools clients={[bayeux, rpc]} initialIsOpen={config.devtools === 'open'} /> : null}
    </>
  );
  root.render(config.strict ? <StrictMode>{app}</StrictMode> : app);
} catch (error) {
  root.render(<p className="error">{error instanceof Error ? error.message : String(error)}</p>);
}
