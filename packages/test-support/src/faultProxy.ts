import { once } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';

/** Options of {@link startFaultProxy}. */
export interface FaultProxyOptions {
  /** Where to forward, on loopback. */
  target: { host?: string; port: number };
  /** The proxy closes itself after this long, so a forgotten proxy cannot outlive its test. @default 300_000 */
  maxLifetimeMs?: number;
}

/** A TCP proxy between a client and a server that can misbehave on command. */
export interface FaultProxy {
  readonly port: number;
  /** `host:port` of the proxy, for building URLs. */
  readonly address: string;
  /** Connections currently open, and ever accepted. */
  readonly openConnections: number;
  readonly acceptedConnections: number;
  /** Destroys every open connection at once (both sides see a reset). */
  cut(): void;
  /** New connections are closed at once until `accept()`. */
  refuse(): void;
  accept(): void;
  /** Bytes stop flowing (and are discarded) in both directions, but nothing is closed: a half-open link. */
  stall(): void;
  /** Bytes flow again (what was discarded while stalled is gone). */
  unstall(): void;
  /** Every chunk is held this long before it is forwarded (order kept). */
  delay(ms: number): void;
  close(): Promise<void>;
}

/**
 * Starts a fault-injecting TCP proxy on 127.0.0.1, for reliability tests: cut, refuse, stall
 * (half-open) and delay. Loopback only, and bounded in time.
 *
 * @example
 * ```ts
 * const proxy = await startFaultProxy({ target: { port: server.port } });
 * const client = webSocketConnection({ url: `ws://${proxy.address}` });
 * proxy.cut(); // the client must reconnect
 * ```
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const host = options.target.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  let refusing = false;
  let stalled = false;
  let delayMs = 0;
  let accepted = 0;

  const forward = (from: Socket, to: Socket) => {
    from.on('data', (chunk: Buffer) => {
      if (stalled) return;
      if (delayMs > 0) setTimeout(() => !stalled && !to.destroyed && to.write(chunk), delayMs);
      else if (!to.destroyed) to.write(chunk);
    });
    from.on('end', () => to.end());
    from.on('error', () => to.destroy());
    from.on('close', () => {
      sockets.delete(from);
      to.destroy();
    });
  };

  const server: Server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    accepted++;
    const upstream = connect({ host, port: options.target.port });
    sockets.add(client);
    sockets.add(upstream);
    forward(client, upstream);
    forward(upstream, client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;

  const cut = () => {
    for (const socket of sockets) socket.resetAndDestroy();
    sockets.clear();
  };
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      clearTimeout(lifetime);
      cut();
      server.close(() => resolve());
    }));
  const lifetime = setTimeout(() => void close(), options.maxLifetimeMs ?? 300_000);
  lifetime.unref();

  return {
    port,
    address: `127.0.0.1:${port}`,
    get openConnections() {
      return [...sockets].filter((s) => s.remotePort !== options.target.port).length;
    },
    get acceptedConnections() {
      return accepted;
    },
    cut,
    refuse: () => void (refusing = true),
    accept: () => void (refusing = false),
    stall: () => void (stalled = true),
    unstall: () => void (stalled = false),
    delay: (ms) => void (delayMs = ms),
    close,
  };
}
