// @vitest-environment node
// Server rendering runs in plain Node (no window, no document), as a real SSR server would.
import { renderToString } from 'react-dom/server';
import { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { EveryHookApp } from './testing/everyHook.js';
import { createFakeRpcClient } from './testing/fakeChannelSource.js';

describe('server rendering', () => {
  it('renderToString of a tree using every hook succeeds and subscribes to nothing', () => {
    expect(typeof window).toBe('undefined');
    const client = createFakeRpcClient({ state: 'idle' });
    let countSubscribes = 0;
    const count$ = new Observable<number>(() => {
      countSubscribes++;
    });
    const html = renderToString(<EveryHookApp client={client} count$={count$} />);
    expect(html).toContain('<p id="state">idle</p>');
    expect(html).toContain('<p id="connection">idle</p>');
    expect(html).toContain('no messages');
    expect(html).toContain('<p id="count">0</p>');
    expect(html).toContain('<p id="sum">loading</p>');
    expect(client.channelCalls).toBe(0);
    expect(client.stateSubscribes).toBe(0);
    expect(client.totalWireSubscribes).toBe(0);
    expect(client.calls).toHaveLength(0);
    expect(countSubscribes).toBe(0);
  });
});
