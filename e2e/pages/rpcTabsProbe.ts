// Runs in Chromium, one copy per tab: an RpcClient shared by every tab (`share: 'tabs'`),
// instrumented so the test can read what happened through `window.probe`.
import { RpcClient } from '@rxwire/rpc';
import type { Subscription } from 'rxjs';

const params = new URLSearchParams(location.search);
const probe = {
  roles: [] as string[],
  states: [] as string[],
  errors: [] as string[],
  /** Messages per channel name. */
  messages: {} as Record<string, unknown[]>,
  /** Status per channel name, as it changed. */
  statuses: {} as Record<string, string[]>,
  continuity: {} as Record<string, string[]>,
  sockets: 0,
  /** `event.persisted` of every pageshow: `true` when restored from the back/forward cache. */
  persisted: [] as boolean[],
};

class CountingWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    probe.sockets++;
  }
}

const rpc = new RpcClient({
  url: params.get('ws') ?? '',
  protocol: params.get('protocol') === 'json-rpc' ? 'json-rpc' : 'aio-openapi',
  share: 'tabs',
  WebSocket: CountingWebSocket,
  heartbeat: false,
  reconnect: { initialDelayMs: 100, maxDelayMs: 500 },
  timeoutMs: 10_000,
});
rpc.role$.subscribe((role) => probe.roles.push(role));
rpc.state$.subscribe((state) => probe.states.push(state));
rpc.errors$.subscribe((error) => probe.errors.push(error.code));

const watching = new Map<string, Subscription>();
const tabs = {
  /** Calls at once; resolves with every result (or error code) in call order. */
  callAll: (calls: Array<{ method: string; payload: unknown }>) =>
    Promise.all(calls.map(({ method, payload }) => rpc.call(method, payload).catch((error: { code?: string }) => ({ error: error.code })))),
  watch(name: string): void {
    const channel = rpc.channel(name);
    const messages = (probe.messages[name] = [] as unknown[]);
    const statuses = (probe.statuses[name] = [] as string[]);
    const continuity = (probe.continuity[name] = [] as string[]);
    const subscription = channel.messages$.subscribe((message) => messages.push(message.data));
    subscription.add(channel.status$?.subscribe((status) => statuses.push(status)));
    subscription.add(channel.continuity$?.subscribe((c) => continuity.push(c.resumed)));
    watching.set(name, subscription);
  },
  /** Keeps recording the channel's status after `unwatch` (status$ holds no wire subscription). */
  watchStatus(name: string): void {
    const statuses = probe.statuses[name];
    rpc.channel(name).status$?.subscribe((status) => statuses?.push(status));
  },
  unwatch(name: string): void {
    watching.get(name)?.unsubscribe();
    watching.delete(name);
  },
};
addEventListener('pageshow', (event) => probe.persisted.push(event.persisted));
Object.assign(globalThis, { probe, rpc, tabs });
