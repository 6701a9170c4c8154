import { describe, expect, it } from 'vitest';
import { replayExtension } from './replayExtension.js';
import { ackExtension } from './ackExtension.js';
import type { BayeuxMessage } from './message.js';

const out = async (ext: ReturnType<typeof replayExtension>, m: BayeuxMessage) => (await ext.outgoing?.([m], {}))?.[0];

describe('replayExtension', () => {
  it('asks for replay on handshake and sends the replay id of each subscription', async () => {
    const replay = replayExtension({ replayIds: { '/event/Order__e': -2 } });
    expect((await out(replay, { channel: '/meta/handshake' }))?.ext).toEqual({ replay: true });
    expect((await out(replay, { channel: '/meta/subscribe', subscription: '/event/Order__e' }))?.ext).toEqual({
      replay: { '/event/Order__e': -2 },
    });
    expect((await out(replay, { channel: '/meta/subscribe', subscription: '/other' }))?.ext).toBeUndefined();
  });

  it('tracks the last replay id received, so a re-subscribe resumes there', async () => {
    const replay = replayExtension({ replayIds: { '/event/Order__e': -1 } });
    await replay.incoming?.([
      { channel: '/event/Order__e', data: { event: { replayId: 7 }, payload: {} } },
      { channel: '/event/Order__e', data: { event: { replayId: 8 }, payload: {} } },
      { channel: '/event/Other__e', data: { event: { replayId: 3 } } },
    ]);
    expect(replay.replayIds).toEqual({ '/event/Order__e': 8, '/event/Other__e': 3 });
    expect((await out(replay, { channel: '/meta/subscribe', subscription: '/event/Order__e' }))?.ext).toEqual({
      replay: { '/event/Order__e': 8 },
    });
  });
});

describe('ackExtension', () => {
  it('asks for acks on handshake and, once the server agrees, acknowledges the last batch on each connect', async () => {
    const ack = ackExtension();
    const send = async (m: BayeuxMessage) => (await ack.outgoing?.([m], {}))?.[0];
    expect((await send({ channel: '/meta/handshake' }))?.ext).toEqual({ ack: true });
    expect((await send({ channel: '/meta/connect' }))?.ext).toBeUndefined();
    await ack.incoming?.([{ channel: '/meta/handshake', successful: true, ext: { ack: true } }]);
    expect((await send({ channel: '/meta/connect' }))?.ext).toEqual({ ack: 0 });
    await ack.incoming?.([{ channel: '/meta/connect', successful: true, ext: { ack: 5 } }]);
    expect((await send({ channel: '/meta/connect' }))?.ext).toEqual({ ack: 5 });
  });
});
