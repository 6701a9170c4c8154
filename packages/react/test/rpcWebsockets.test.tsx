// @vitest-environment jsdom
// The hooks over a real RpcClient (JSON-RPC dialect) talking to the real rpc-websockets Server on
// loopback; the server's incoming frames are counted to check what went over the wire.
import { StrictMode, useState } from 'react';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { Server } from 'rpc-websockets';
import { afterEach, describe, expect, it } from 'vitest';
import { RpcClient } from '@rxwire/rpc';
import { RxWireProvider, useChannel, useRpc } from '@rxwire/react';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  cleanup();
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function startServer() {
  const server = new Server({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve, reject) => {
    server.on('listening', resolve);
    server.on('error', reject);
  });
  const frames: { method?: string; params?: unknown }[] = [];
  server.wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const parsed = JSON.parse(String(data)) as unknown;
      for (const frame of Array.isArray(parsed) ? parsed : [parsed]) frames.push(frame as { method?: string; params?: unknown });
    });
  });
  server.register('sum', (params) => (params as number[]).reduce((a, b) => a + b, 0));
  server.event('feed');
  const { port } = server.wss.address() as { port: number };
  cleanups.push(async () => {
    for (const socket of server.wss.clients) socket.terminate();
    await new Promise<void>((resolve) => server.wss.close(() => resolve()));
  });
  return { server, url: `ws://127.0.0.1:${port}`, frames };
}

function client(url: string): RpcClient {
  const rpc = new RpcClient({ url, protocol: 'json-rpc', timeoutMs: 5_000, channelGraceMs: 200 });
  cleanups.push(() => rpc.close());
  return rpc;
}

function Sum({ numbers }: { numbers: number[] }) {
  const { data, error, loading } = useRpc<number>('sum', numbers);
  return <span data-testid="sum">{error ? `error: ${error.message}` : loading ? 'loading' : String(data)}</span>;
}

function Unknown() {
  const { error } = useRpc('no.such.method', {});
  return <span data-testid="unknown">{error ? `${(error as { rpcCode?: number }).rpcCode}` : ''}</span>;
}

function Feed({ id }: { id: string }) {
  const { latest } = useChannel<{ n: number }>('feed');
  return <span data-testid={`feed-${id}`}>{latest === undefined ? '' : String(latest.data.n)}</span>;
}

const text = (id: string) => screen.getByTestId(id).textContent;

describe('@rxwire/react over RpcClient and the real rpc-websockets Server', () => {
  it('useRpc calls once per payload value and shows the result and the server error', async () => {
    const { url, frames } = await startServer();
    const rpc = client(url);
    let rerender: () => void = () => {};
    function App() {
      const [n, setN] = useState(0);
      rerender = () => setN((x) => x + 1);
      return (
        <RxWireProvider client={rpc}>
          <p>{n}</p>
          {/* A new array every render, equal by value. */}
          <Sum numbers={[1, 2, 3]} />
          <Unknown />
        </RxWireProvider>
      );
    }
    render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
    await waitFor(() => expect(text('sum')).toBe('6'), { timeout: 10_000 });
    await waitFor(() => expect(text('unknown')).toBe('-32601'), { timeout: 10_000 });
    await act(async () => rerender());
    await act(async () => rerender());
    expect(text('sum')).toBe('6');
    expect(frames.filter((f) => f.method === 'sum')).toHaveLength(1);
  });

  it('StrictMode with two components on one event: one rpc.on on the wire, pushes shown, one rpc.off after unmount', async () => {
    const { server, url, frames } = await startServer();
    const rpc = client(url);
    await rpc.connect();
    const view = render(
      <StrictMode>
        <RxWireProvider client={rpc}>
          <Feed id="a" />
          <Feed id="b" />
        </RxWireProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(frames.filter((f) => f.method === 'rpc.on')).toHaveLength(1), { timeout: 10_000 });
    // Wait for the subscription to be confirmed before the server emits.
    await waitFor(() => expect(server.of('/').clients().events['feed']?.sockets.length ?? 0).toBe(1), { timeout: 10_000 });
    await act(async () => {
      server.emit('feed', { n: 7 });
    });
    await waitFor(() => expect(text('feed-a')).toBe('7'), { timeout: 10_000 });
    expect(text('feed-b')).toBe('7');
    view.unmount();
    await waitFor(() => expect(frames.filter((f) => f.method === 'rpc.off')).toHaveLength(1), { timeout: 10_000 });
    expect(frames.filter((f) => f.method === 'rpc.on')).toHaveLength(1);
  });
});
