import type { BayeuxClient } from '@rxwire/bayeux';
import type { RpcClient } from '@rxwire/rpc';
import { RxWireProvider } from '@rxwire/react';
import { ChatRoom, LastMessage } from './ChatRoom.js';
import { ConnectionBadge } from './ConnectionBadge.js';
import { NetworkBadge } from './NetworkBadge.js';
import { PendingCounts } from './PendingCounts.js';
import { RoleBadge } from './RoleBadge.js';
import { RpcForm } from './RpcForm.js';
import { Ticker } from './Ticker.js';

export const CHAT_CHANNEL = '/chat/demo';

/** Bayeux parts read the outer provider's client; the RPC parts sit under a provider of their own. */
export function App({ bayeux, rpc }: { bayeux: BayeuxClient; rpc: RpcClient }) {
  return (
    <RxWireProvider client={bayeux}>
      <header>
        <h1>rxwire demo</h1>
        <LastMessage channel={CHAT_CHANNEL} />
        <ConnectionBadge name="bayeux" client={bayeux} connectionType$={bayeux.connectionType$} />
        <ConnectionBadge name="rpc" client={rpc} />
        <RoleBadge name="bayeux" client={bayeux} />
        <RoleBadge name="rpc" client={rpc} />
        <NetworkBadge />
      </header>
      <main>
        <ChatRoom channel={CHAT_CHANNEL} bayeux={bayeux} />
        <RxWireProvider client={rpc}>
          <Ticker />
          <RpcForm />
        </RxWireProvider>
        <PendingCounts bayeux={bayeux} rpc={rpc} />
      </main>
    </RxWireProvider>
  );
}
