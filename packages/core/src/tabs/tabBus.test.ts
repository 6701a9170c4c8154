import { describe, expect, it } from 'vitest';
import { BadFrameError, type RxwireError } from '../errors.js';
import { FakeTabWorld, flushTabs } from './fakeTabPlatform.js';
import { TabBus } from './tabBus.js';
import { envelope, parseTabMessage, tabChannelName, type TabMessage } from './tabMessage.js';

const NAME = tabChannelName('k');
/** What the connection hands the bus (see TabShareHooks). */
const badFrameError = (message: string, size: number, payload: unknown) => new BadFrameError(message, size, { payload });

describe('TabBus', () => {
  it('names carry the protocol version and the key', () => {
    expect(NAME).toBe('rxwire:tabs:v1:k');
  });

  it('carries valid messages between tabs, never to the sender', async () => {
    const world = new FakeTabWorld();
    const got: TabMessage[][] = [[], []];
    const buses = [0, 1].map(
      (i) =>
        new TabBus({
          name: NAME,
          BroadcastChannel: world.tab().BroadcastChannel,
          onMessage: (m) => got[i]!.push(m),
          badFrameError,
          onBadMessage: () => undefined,
        })
    );
    buses[0]!.post({ type: 'frame', frame: '{"a":1}' });
    buses[0]!.post({
      type: 'down',
      close: { code: 1006, reason: '', wasClean: false },
    });
    await flushTabs();
    expect(got[0]).toEqual([]);
    expect(got[1]).toEqual([
      { type: 'frame', frame: '{"a":1}' },
      { type: 'down', close: { code: 1006, reason: '', wasClean: false } },
    ]);
  });

  it('ignores, counts and reports foreign and malformed messages, and carries on', async () => {
    const world = new FakeTabWorld();
    const good: TabMessage[] = [];
    const bad: RxwireError[] = [];
    const bus = new TabBus({
      name: NAME,
      BroadcastChannel: world.tab().BroadcastChannel,
      onMessage: (m) => good.push(m),
      badFrameError,
      onBadMessage: (e) => bad.push(e),
    });
    const strangers: unknown[] = [
      null,
      'hello',
      42,
      { type: 'frame', frame: 'x' }, // unmarked
      { ...envelope({ type: 'up' }), v: 0 }, // another protocol version
      { ...envelope({ type: 'up' }), type: 'explode' },
      { ...envelope({ type: 'frame', frame: 'x' }), frame: { not: 'a frame' } },
      {
        ...envelope({
          type: 'down',
          close: { code: 1000, reason: '', wasClean: true },
        }),
        close: { code: '1000' },
      },
      {
        ...envelope({ type: 'visible', tab: 't', visible: true }),
        visible: 'yes',
      },
    ];
    for (const message of strangers) world.post(NAME, message);
    world.post(NAME, envelope({ type: 'hello' }));
    await flushTabs();
    expect(bad).toHaveLength(strangers.length);
    expect(bad.every((e) => e.code === 'BAD_FRAME')).toBe(true);
    expect(bus.badCount).toBe(strangers.length);
    expect(good).toEqual([{ type: 'hello' }]);
  });

  it('parses binary frames', () => {
    const buffer = new Uint8Array([1, 2]).buffer;
    expect(parseTabMessage(envelope({ type: 'send', frame: buffer }))).toEqual({
      type: 'send',
      frame: buffer,
    });
  });

  it('stops hearing when closed and hears again when reopened', async () => {
    const world = new FakeTabWorld();
    const got: TabMessage[] = [];
    const sender = new TabBus({
      name: NAME,
      BroadcastChannel: world.tab().BroadcastChannel,
      onMessage: () => undefined,
      badFrameError,
      onBadMessage: () => undefined,
    });
    const bus = new TabBus({
      name: NAME,
      BroadcastChannel: world.tab().BroadcastChannel,
      onMessage: (m) => got.push(m),
      badFrameError,
      onBadMessage: () => undefined,
    });
    bus.close();
    sender.post({ type: 'up' });
    await flushTabs();
    bus.open();
    sender.post({ type: 'hello' });
    await flushTabs();
    expect(got).toEqual([{ type: 'hello' }]);
  });
});
