// @vitest-environment jsdom
import { StrictMode } from 'react';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { RxWireProvider } from './RxWireProvider.js';
import { useConnectionState } from './useConnectionState.js';
import type { ConnectionStateSource } from './types.js';
import { createFakeChannelSource, createFakeRpcCaller } from './testing/fakeChannelSource.js';

afterEach(cleanup);

function Badge({ client }: { client?: ConnectionStateSource }) {
  return <span data-testid="state">{useConnectionState(client)}</span>;
}

const text = () => screen.getByTestId('state').textContent;

describe('useConnectionState', () => {
  it("starts from the provider client's state and follows state$", async () => {
    const source = createFakeChannelSource({ state: 'connecting' });
    render(
      <StrictMode>
        <RxWireProvider client={source}>
          <Badge />
        </RxWireProvider>
      </StrictMode>,
    );
    expect(text()).toBe('connecting');
    await act(async () => source.setState('connected'));
    expect(text()).toBe('connected');
    expect(source.stateObservers).toBe(1);
  });

  it('takes an explicit client (an RPC caller) and unsubscribes on unmount', async () => {
    const rpc = createFakeRpcCaller();
    const view = render(<Badge client={rpc} />);
    expect(text()).toBe('idle');
    await act(async () => rpc.setState('reconnecting'));
    expect(text()).toBe('reconnecting');
    view.unmount();
  });

  it('reads the current state on subscribe when state$ does not replay it', async () => {
    const source = createFakeChannelSource({ replayState: false });
    function Changer() {
      if (source.state === 'idle') source.setState('connected');
      return null;
    }
    render(
      <>
        <Badge client={source} />
        <Changer />
      </>,
    );
    await act(async () => {});
    expect(text()).toBe('connected');
  });

  it('follows a client change', async () => {
    const a = createFakeChannelSource({ state: 'connected' });
    const b = createFakeChannelSource({ state: 'closed' });
    const view = render(<Badge client={a} />);
    expect(text()).toBe('connected');
    view.rerender(<Badge client={b} />);
    await act(async () => {});
    expect(text()).toBe('closed');
    expect(a.stateObservers).toBe(0);
    await act(async () => b.setState('connecting'));
    expect(text()).toBe('connecting');
  });
});
