import { defer, map } from 'rxjs';
import { RpcClient } from '@rxwire/rpc';
import type { RestRequest } from '@rxwire/rpc';
import type { CommandSession } from './commandSession.js';
import type { RpcCommand } from './parseArgs.js';

/** aiorest-ws has no method names: the verb is the method and the JSON (checked by parseArgs) holds the rest. */
function restRequest(command: RpcCommand): RestRequest {
  return { ...(command.payload as RestRequest), method: command.method };
}

/** `rxwire rpc ... call`: one call, its result printed as `{"result": ...}`, then done. */
export function startRpc(command: RpcCommand): CommandSession {
  const request = command.protocol === 'aiorest-ws' ? restRequest(command) : undefined;
  // One call: reconnecting would only hide a refused port behind retries.
  const client = new RpcClient({ url: command.url, protocol: command.protocol, reconnect: false, timeoutMs: command.timeoutMs, logger: false });
  const output$ = defer(() => (request ? client.request(request) : client.call(command.method, command.payload))).pipe(
    map((result) => ({ result: result ?? null })),
  );
  return { output$, inspect$: client.inspect$, close: () => client.close() };
}
