// @vitest-environment node
// Server rendering of the second-generation hooks: nothing is opened; a suspending channel renders
// its <Suspense> fallback (by throwing a marked error, never a promise that would stay pending).
import { Suspense } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { RxWireProvider } from './RxWireProvider.js';
import { useChannel } from './useChannel.js';
import { useSuspenseChannel } from './useSuspenseChannel.js';
import { createFakeChannelSource } from './testing/fakeChannelSource.js';

function Live() {
  const { data, status } = useChannel<number, string>('/a', { select: (m) => `#${m.data}`, initial: 'none', onMessage: () => {} });
  return <p id="live">{`${data}/${status}`}</p>;
}

function Suspended() {
  const { data } = useSuspenseChannel<number>('/b');
  return <p id="suspended">{data}</p>;
}

describe('server rendering (second generation)', () => {
  it('useChannel renders initial and idle; useSuspenseChannel renders the fallback; nothing is opened', () => {
    expect(typeof window).toBe('undefined');
    const source = createFakeChannelSource({ channelStatus: true });
    const onError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const html = renderToString(
      <RxWireProvider client={source}>
        <Live />
        <Suspense fallback={<p id="fallback">waiting</p>}>
          <Suspended />
        </Suspense>
      </RxWireProvider>,
    );
    onError.mockRestore();
    expect(html).toContain('<p id="live">none/idle</p>');
    expect(html).toContain('<p id="fallback">waiting</p>');
    expect(html).not.toContain('id="suspended"');
    expect(source.channelCalls).toBe(0);
    expect(source.stateSubscribes).toBe(0);
    expect(source.totalWireSubscribes).toBe(0);
  });
});
