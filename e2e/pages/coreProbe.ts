// Runs in Chromium: a core connection with an application-level ping, instrumented so the test can
// read what happened through `window.probe`.
import { webSocketConnection } from '@rxwire/core';

const params = new URLSearchParams(location.search);
const probe = { states: [] as string[], errors: [] as string[], messages: [] as unknown[], attempts: 0, online: navigator.onLine };

class CountingWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    probe.attempts++;
  }
}

const connection = webSocketConnection({
  url: params.get('ws') ?? '',
  WebSocket: CountingWebSocket,
  heartbeat: { intervalMs: 200, timeoutMs: 200, ping: () => ({ type: 'ping' }) },
  reconnect: { initialDelayMs: 100, maxDelayMs: 100 },
});
connection.state$.subscribe((state) => probe.states.push(state));
connection.errors$.subscribe((error) => probe.errors.push(error.code));
connection.messages$.subscribe((message) => probe.messages.push(message));
addEventListener('online', () => (probe.online = true));
addEventListener('offline', () => (probe.online = false));
Object.assign(globalThis, { probe, connection });
