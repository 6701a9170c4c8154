// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { RxWireProvider } from './RxWireProvider.js';
import { usePublish } from './usePublish.js';
import { createFakeChannelSource } from './testing/fakeChannelSource.js';

afterEach(cleanup);

describe('usePublish', () => {
  it('publishes to the channel (and event) without subscribing to it', async () => {
    const source = createFakeChannelSource();
    const results: unknown[] = [];
    function Send() {
      const send = usePublish<{ text: string }>('/chat/room1');
      const sendTick = usePublish<number>('/ticker', { event: 'tick' });
      return (
        <button
          onClick={() => {
            void send({ text: 'hi' }).then((r) => results.push(r));
            void sendTick(1);
          }}
        >
          send
        </button>
      );
    }
    render(
      <RxWireProvider client={source}>
        <Send />
      </RxWireProvider>,
    );
    expect(source.channelCalls).toBe(0);
    await act(async () => fireEvent.click(screen.getByText('send')));
    expect(source.fake('/chat/room1').published).toEqual([{ text: 'hi' }]);
    expect(source.fake('/ticker', 'tick').published).toEqual([1]);
    expect(source.fake('/ticker').published).toEqual([]);
    expect(source.totalWireSubscribes).toBe(0);
    expect(results).toEqual([{ channel: '/chat/room1', data: { text: 'hi' } }]);
  });

  it('returns a stable function and passes a publish failure through', async () => {
    const source = createFakeChannelSource();
    const seen: ((data: string) => Promise<unknown>)[] = [];
    function Send({ n }: { n: number }) {
      seen.push(usePublish<string>('/a'));
      return <span>{n}</span>;
    }
    const view = render(
      <RxWireProvider client={source}>
        <Send n={1} />
      </RxWireProvider>,
    );
    view.rerender(
      <RxWireProvider client={source}>
        <Send n={2} />
      </RxWireProvider>,
    );
    expect(seen[0]).toBe(seen[1]);
    source.fake('/a').failNextPublish(Object.assign(new Error('denied'), { code: 'PUBLISH_FAILED' }));
    await expect(seen[1]?.('x')).rejects.toMatchObject({ code: 'PUBLISH_FAILED' });
  });
});
