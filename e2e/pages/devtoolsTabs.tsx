// Runs in Chromium, one copy per tab: a core connection shared by every tab (`share: 'tabs'`) and
// the devtools panel over it, open, so the test can read each tab's role in the panel.
import { createRoot } from 'react-dom/client';
import { webSocketConnection } from '@rxwire/core';
import { RxwireDevtools } from '@rxwire/devtools/production';

const connection = webSocketConnection({
  url: new URLSearchParams(location.search).get('ws') ?? '',
  share: 'tabs',
  heartbeat: false,
  reconnect: { initialDelayMs: 100, maxDelayMs: 500 },
});
// Something to open the connection with: a core connection connects on its first observer.
connection.messages$.subscribe();

const root = document.createElement('div');
document.body.append(root);
createRoot(root).render(<RxwireDevtools client={connection} initialIsOpen />);
