import type { RpcClient } from '@rxwire/rpc';

/** Publishes `{symbol, price, seq, at}` on channel `prices`, event `tick.<symbol>`, every `intervalMs`. */
export function startTicker(options: { rpcUrl: string; intervalMs?: number; symbols?: string[] }): {
  client: RpcClient;
  published(): number;
  close(): Promise<void>;
};
