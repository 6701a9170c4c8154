import { describe, expect, it } from 'vitest';
import { BehaviorSubject } from 'rxjs';
import { RxwireError, SharedChannel, type ConnectionState, type TabRole } from '@rxwire/core';
import { fakePageLifecycle } from '@rxwire/core/testing';
import { FakeTabWorld, flushTabs } from '../../../core/src/tabs/fakeTabPlatform.js';
import { RpcTabShare } from './rpcTabShare.js';
import { rpcTabChannelName, rpcTabEnvelope } from './rpcTabMessage.js';

describe('RpcTabShare and the page lifecycle', () => {
  it('a follower going into the back/forward cache lets go of its channels and closes its BroadcastChannel; back, it opens it again', async () => {
    const world = new FakeTabWorld();
    const name = rpcTabChannelName('k');
    // Another tab's view of the channel: what the follower posts.
    const heard: unknown[] = [];
    const other = new (world.tab().BroadcastChannel)(name);
    other.onmessage = (event) => heard.push(event.data);
    const { lifecycle: page, fire } = fakePageLifecycle();
    const errors: RxwireError[] = [];
    const globals = globalThis as { BroadcastChannel?: unknown };
    const saved = globals.BroadcastChannel;
    globals.BroadcastChannel = world.tab().BroadcastChannel;
    try {
      const share = new RpcTabShare({
        link: { key: 'k', tab: 't1.' },
        connection: {
          state: 'connected',
          state$: new BehaviorSubject<ConnectionState>('connected'),
          role$: new BehaviorSubject<TabRole>('follower'),
        },
        router: { channel: () => undefined as never },
        report: (error) => errors.push(error),
        RxwireError,
        page,
      });
      const channel = new SharedChannel({ name: 'prices', wire: { subscribe: () => true, unsubscribe: () => undefined, publish: async () => undefined } });
      expect(share.want('prices', undefined, channel, channel.attempt)).toBe(true);
      await flushTabs();
      const types = () => heard.map((m) => (m as { type: string }).type);
      expect(types()).toEqual(['sync', 'want']);
      fire('suspend');
      await flushTabs();
      expect(types()).toEqual(['sync', 'want', 'bye']);
      // Closed: nothing posted to it arrives (a malformed message would otherwise be reported).
      other.postMessage({ not: 'ours' });
      other.postMessage(rpcTabEnvelope({ type: 'sync' }));
      await flushTabs();
      expect(errors).toEqual([]);
      expect(share.follows()).toBe(false);
      fire('resume');
      await flushTabs();
      expect(types()).toEqual(['sync', 'want', 'bye', 'sync']);
      expect(share.follows()).toBe(true);
      other.postMessage({ not: 'ours' });
      await flushTabs();
      expect(errors.map((e) => e.code)).toEqual(['BAD_FRAME']);
      share.close();
    } finally {
      globals.BroadcastChannel = saved;
      other.close();
    }
  });
});
