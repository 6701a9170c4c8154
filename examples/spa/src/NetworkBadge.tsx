import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  addEventListener('online', onChange);
  addEventListener('offline', onChange);
  return () => {
    removeEventListener('online', onChange);
    removeEventListener('offline', onChange);
  };
}

/** What the browser believes about the network; the clients wait for `online` before retrying. */
export function NetworkBadge() {
  const online = useSyncExternalStore(subscribe, () => navigator.onLine, () => true);
  return (
    <span className="badge" data-testid="badge-network" data-state={online ? 'connected' : 'closed'}>
      network: {online ? 'online' : 'offline'}
    </span>
  );
}
