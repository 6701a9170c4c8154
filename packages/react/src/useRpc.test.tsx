// @vitest-environment jsdom
import { StrictMode, useState } from 'react';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RxWireProvider } from './RxWireProvider.js';
import { useRpc, type RpcResult, type UseRpcOptions } from './useRpc.js';
import { createFakeChannelSource, createFakeRpcCaller, type FakeRpcCaller } from './testing/fakeChannelSource.js';

afterEach(cleanup);

let last: RpcResult<number> | undefined;

function Sum({ payload, options }: { payload: unknown; options?: UseRpcOptions }) {
  const result = useRpc<number>('add', payload, options);
  last = result;
  return (
    <div>
      <span data-testid="data">{result.data === undefined ? 'none' : String(result.data)}</span>
      <span data-testid="loading">{String(result.loading)}</span>
      <span data-testid="error">{result.error?.message ?? ''}</span>
    </div>
  );
}

const text = (id: string) => screen.getByTestId(id).textContent;

function mount(client: FakeRpcCaller, node: React.ReactNode, strict = false) {
  const tree = <RxWireProvider client={client}>{node}</RxWireProvider>;
  return render(strict ? <StrictMode>{tree}</StrictMode> : tree);
}

/** A component whose payload the test replaces from outside. */
function Controlled({ initial, options }: { initial: unknown; options?: UseRpcOptions }) {
  const [payload, setPayload] = useState(initial);
  const [, force] = useState(0);
  controls = { setPayload, rerender: () => force((n) => n + 1) };
  return <Sum payload={payload} {...(options ? { options } : {})} />;
}
let controls: { setPayload: (p: unknown) => void; rerender: () => void } = { setPayload: () => {}, rerender: () => {} };

describe('useRpc', () => {
  it('calls once on mount, shows loading, then data', async () => {
    const client = createFakeRpcCaller();
    mount(client, <Sum payload={{ a: 1, b: 2 }} />);
    expect(text('loading')).toBe('true');
    await act(async () => {});
    expect(client.calls).toHaveLength(1);
    expect(client.calls[0]).toMatchObject({ method: 'add', payload: { a: 1, b: 2 } });
    await act(async () => client.calls[0]?.resolve(3));
    expect(text('data')).toBe('3');
    expect(text('loading')).toBe('false');
    expect(text('error')).toBe('');
  });

  it('compares the payload by value: an equal new object (keys in another order) does not call again', async () => {
    const client = createFakeRpcCaller();
    mount(client, <Controlled initial={{ a: 1, b: { c: [1, 2], d: 'x' } }} />);
    await act(async () => client.calls[0]?.resolve(3));
    await act(async () => controls.setPayload({ b: { d: 'x', c: [1, 2] }, a: 1 }));
    await act(async () => controls.rerender());
    expect(client.calls).toHaveLength(1);
    expect(text('data')).toBe('3');
    expect(text('loading')).toBe('false');
  });

  it('a changed payload aborts the call in flight, shows a fresh result and ignores the stale answer', async () => {
    const client = createFakeRpcCaller();
    mount(client, <Controlled initial={{ a: 1 }} />);
    await act(async () => {});
    const first = client.calls[0];
    await act(async () => controls.setPayload({ a: 2 }));
    expect(first?.signal?.aborted).toBe(true);
    expect((first?.signal?.reason as { code?: string }).code).toBe('CANCELLED');
    expect(client.calls).toHaveLength(2);
    expect(client.calls[1]?.payload).toEqual({ a: 2 });
    expect(text('loading')).toBe('true');
    // A client that ignores the signal and answers anyway must not win.
    await act(async () => first?.resolve(100));
    expect(text('data')).toBe('none');
    await act(async () => client.calls[1]?.resolve(2));
    expect(text('data')).toBe('2');
  });

  it('the render right after a payload change already shows loading, without the old data', async () => {
    const client = createFakeRpcCaller();
    const seen: string[] = [];
    function Probe({ n }: { n: number }) {
      const r = useRpc<number>('id', { n });
      seen.push(`${n}:${String(r.data)}:${String(r.loading)}`);
      return null;
    }
    let setN: (n: number) => void = () => {};
    function Holder() {
      const [n, set] = useState(1);
      setN = set;
      return <Probe n={n} />;
    }
    mount(client, <Holder />);
    await act(async () => client.calls[0]?.resolve(10));
    seen.length = 0;
    await act(async () => setN(2));
    expect(seen[0]).toBe('2:undefined:true');
  });

  it('aborts the call in flight on unmount', async () => {
    const client = createFakeRpcCaller();
    const view = mount(client, <Sum payload={{ a: 1 }} />);
    await act(async () => {});
    const call = client.calls[0];
    expect(call?.signal?.aborted).toBe(false);
    view.unmount();
    await act(async () => {});
    expect(call?.signal?.aborted).toBe(true);
    expect(client.calls).toHaveLength(1);
  });

  it('StrictMode mount/unmount/mount makes one call and keeps it', async () => {
    const client = createFakeRpcCaller();
    mount(client, <Sum payload={{ a: 1 }} />, true);
    await act(async () => {});
    expect(client.calls).toHaveLength(1);
    expect(client.calls[0]?.signal?.aborted).toBe(false);
    await act(async () => client.calls[0]?.resolve(1));
    expect(text('data')).toBe('1');
  });

  it('shows an error, keeps the previous data, and recovers on refetch', async () => {
    const client = createFakeRpcCaller();
    mount(client, <Sum payload={{ a: 1 }} />);
    await act(async () => client.calls[0]?.resolve(5));
    await act(async () => {
      void last?.refetch();
    });
    expect(client.calls).toHaveLength(2);
    expect(client.calls[0]?.signal?.aborted).toBe(false);
    expect(text('loading')).toBe('true');
    expect(text('data')).toBe('5');
    await act(async () => client.calls[1]?.reject(Object.assign(new Error('Invalid RPC parameters'), { code: 'RPC_ERROR' })));
    expect(text('error')).toBe('Invalid RPC parameters');
    expect(text('data')).toBe('5');
    expect(text('loading')).toBe('false');
    expect((last?.error as { code?: string } | undefined)?.code).toBe('RPC_ERROR');
    let refetched: Promise<void> | undefined;
    await act(async () => {
      refetched = last?.refetch();
    });
    await act(async () => client.calls[2]?.resolve(6));
    await expect(refetched).resolves.toBeUndefined();
    expect(text('error')).toBe('');
    expect(text('data')).toBe('6');
  });

  it('wraps a non-Error rejection and a synchronous throw from call()', async () => {
    const client = createFakeRpcCaller();
    mount(client, <Sum payload={1} />);
    await act(async () => client.calls[0]?.reject('plain string'));
    expect(text('error')).toBe('plain string');
    cleanup();
    const throwing = { ...createFakeRpcCaller(), call: () => { throw new Error('not connected'); } };
    render(<Sum payload={1} options={{ client: throwing }} />);
    await act(async () => {});
    expect(text('error')).toBe('not connected');
  });

  it('enabled: false does not call (not loading); enabling calls; refetch calls even when disabled', async () => {
    const client = createFakeRpcCaller();
    let setEnabled: (e: boolean) => void = () => {};
    function Holder() {
      const [enabled, set] = useState(false);
      setEnabled = set;
      return <Sum payload={{ q: 1 }} options={{ enabled }} />;
    }
    mount(client, <Holder />);
    await act(async () => {});
    expect(client.calls).toHaveLength(0);
    expect(text('loading')).toBe('false');
    await act(async () => {
      void last?.refetch();
    });
    expect(client.calls).toHaveLength(1);
    await act(async () => client.calls[0]?.resolve(1));
    await act(async () => setEnabled(true));
    // Already answered for this payload.
    expect(client.calls).toHaveLength(1);
    expect(text('data')).toBe('1');
    await act(async () => setEnabled(false));
    expect(client.calls).toHaveLength(1);
    expect(text('data')).toBe('1');
  });

  it('disabling aborts the call in flight; re-enabling calls again', async () => {
    const client = createFakeRpcCaller();
    let setEnabled: (e: boolean) => void = () => {};
    function Holder() {
      const [enabled, set] = useState(true);
      setEnabled = set;
      return <Sum payload={{ q: 1 }} options={{ enabled }} />;
    }
    mount(client, <Holder />);
    await act(async () => {});
    await act(async () => setEnabled(false));
    expect(client.calls[0]?.signal?.aborted).toBe(true);
    expect(text('loading')).toBe('false');
    await act(async () => setEnabled(true));
    expect(client.calls).toHaveLength(2);
    expect(text('loading')).toBe('true');
  });

  it('refuses a client without call() with UNSUPPORTED_CLIENT', () => {
    // React reports the render error through window's error event (React 19) or console.error with
    // its stack (React 18); the test asserts the throw, so keep both out of the test output.
    const onError = (e: ErrorEvent) => e.preventDefault();
    window.addEventListener('error', onError);
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const source = createFakeChannelSource();
      expect(() => render(<RxWireProvider client={source}><Sum payload={1} /></RxWireProvider>)).toThrow(/call\(\)/);
    } finally {
      window.removeEventListener('error', onError);
      consoleError.mockRestore();
    }
  });
});
