// Runs in Chromium, one copy per tab: a core connection shared by every tab (`share: 'tabs'`),
// instrumented so the test can read what happened through `window.probe`.
import { webSocketConnection } from '@rxwire/core';

const params = new URLSearchParams(location.search);
const probe = {
  states: [] as string[],
  roles: [] as string[],
  errors: [] as string[],
  messages: [] as unknown[],
  sockets: 0,
  persisted: [] as boolean[],
};

class CountingWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    probe.sockets++;
  }
}

const connection = webSocketConnection({
  url: params.get('ws') ?? '',
  share: 'tabs',
  WebSocket: CountingWebSocket,
  heartbeat: false,
  reconnect: { initialDelayMs: 100, maxDelayMs: 500 },
});
connection.state$.subscribe((state) => probe.states.push(state));
connection.role$.subscribe((role) => probe.roles.push(role));
connection.errors$.subscribe((error) => probe.errors.push(error.code));
connection.messages$.subscribe((message) => probe.messages.push(message));
addEventListener('pageshow', (event) => probe.persisted.push(event.persisted));
Object.assign(globalThis, { probe, connection });
