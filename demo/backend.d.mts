import type { AioOpenApiServer } from './servers/index.mjs';
import type { FayeServer } from './fayeServer.mjs';
import type { RpcClient } from '@rxwire/rpc';

export interface DemoBackendOptions {
  /** Port of the Faye server. @default 0 (a free port) */
  bayeuxPort?: number;
  /** Port of the aio-openapi server. @default 0 */
  rpcPort?: number;
  /** Seconds Faye holds a `/meta/connect`. @default 10 */
  fayeTimeoutSeconds?: number;
  /** Ticker period. @default 1000 */
  tickMs?: number;
  /** Serve this directory (the built SPA) too, with the backend's URLs written into its index.html. */
  siteDir?: string;
  /** Port of the static server. @default 0 */
  sitePort?: number;
}

/** What the SPA needs to know: written into index.html as `<script id="rxwire-config">`. */
export interface DemoConfig {
  bayeuxUrl: string;
  rpcUrl: string;
}

export interface DemoBackend {
  /** `http://127.0.0.1:<port>/bayeux` */
  bayeuxUrl: string;
  /** `ws://127.0.0.1:<port>/stream` */
  rpcUrl: string;
  /** The SPA's URL, when `siteDir` was given. */
  siteUrl: string | undefined;
  config: DemoConfig;
  faye: FayeServer;
  aio: AioOpenApiServer;
  ticker: { client: RpcClient; published(): number; close(): Promise<void> };
  /** Stops the ticker and every server. Idempotent. */
  close(): Promise<void>;
}

export function startDemoBackend(options?: DemoBackendOptions): Promise<DemoBackend>;
