// Runs in Chromium: rxwire over the worker socket (`@rxwire/core/worker`), as an app bundles it.
// `?mode=connection` (default): a core webSocketConnection; `?mode=rpc`: an RpcClient speaking
// JSON-RPC. What the test reads is in `globalThis.probe`; the clients are globals for it to drive.
import { webSocketConnection } from '@rxwire/core';
import { workerWebSocket } from '@rxwire/core/worker';
import { RpcClient, jsonRpc } from '@rxwire/rpc';

const params = new URLSearchParams(location.search);
const url = params.get('ws') ?? '';
const mode = params.get('mode') ?? 'connection';
const probe = {
  states: [] as string[],
  errors: [] as string[],
  closes: [] as Array<{ code: number; reason: string; wasClean: boolean }>,
  messages: [] as unknown[],
  /** Page tasks that delivered messages (see noteDelivery). */
  deliveries: 0,
};

// Counts the page tasks that deliver frames: the worker socket fires a whole batch in one call, so
// microtasks run only after its last message; a native WebSocket runs them after every frame.
let inDelivery = false;
const noteDelivery = () => {
  if (inDelivery) return;
  inDelivery = true;
  probe.deliveries++;
  queueMicrotask(() => (inDelivery = false));
};

const WebSocket = workerWebSocket();
if (mode === 'rpc') {
  const rpc = new RpcClient({ url, protocol: jsonRpc(), WebSocket, reconnect: false });
  rpc.state$.subscribe((state) => probe.states.push(state));
  rpc.errors$.subscribe((error) => probe.errors.push(error.code));
  rpc.channel('feed').messages$.subscribe((message) => {
    noteDelivery();
    probe.messages.push(message.data);
  });
  Object.assign(globalThis, { rpc });
} else {
  const connection = webSocketConnection({ url, WebSocket, reconnect: false });
  connection.state$.subscribe((state) => probe.states.push(state));
  connection.errors$.subscribe((error) => probe.errors.push(error.code));
  connection.closes$.subscribe((info) => probe.closes.push(info));
  connection.messages$.subscribe((message) => {
    noteDelivery();
    probe.messages.push(message);
  });
  Object.assign(globalThis, { connection });
}
Object.assign(globalThis, { probe });
