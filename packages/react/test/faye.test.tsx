// @vitest-environment jsdom
// The hooks over a real BayeuxClient talking to a real Faye server on loopback: StrictMode and a
// channel shared by several components make one subscribe on the wire, counted by the server.
import { StrictMode } from 'react';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { BayeuxClient } from '@rxwire/bayeux';
import { RxWireProvider, useChannel, useConnectionState, usePublish } from '@rxwire/react';
import { startFaye as startFayeServer } from '@rxwire/test-support/servers';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  cleanup();
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A Faye server on 127.0.0.1:0 that records every /meta/subscribe and /meta/unsubscribe. */
async function startFaye() {
  const wire: string[] = [];
  const server = await startFayeServer({
    extensions: [
      {
        incoming(message, _request, callback) {
          if (message.channel === '/meta/subscribe' || message.channel === '/meta/unsubscribe') wire.push(`${message.channel} ${message.subscription}`);
          callback(message);
        },
      },
    ],
  });
  cleanups.push(() => server.close());
  const local = server.bayeux.getClient();
  return {
    url: server.url,
    wire,
    publish: server.publish,
    subscribe: (channel: string, onMessage: (data: unknown) => void) =>
      new Promise<void>((resolve, reject) => local.subscribe(channel, onMessage).then(resolve, reject)),
  };
}

function client(url: string, graceMs: number): BayeuxClient {
  const c = new BayeuxClient({ url, connectionTypes: ['websocket'], unsubscribeGraceMs: graceMs });
  cleanups.push(() => c.disconnect());
  return c;
}

function Room({ id }: { id: string }) {
  const { latest, history } = useChannel<{ text: string }>('/chat/room1', { history: 10 });
  return (
    <div>
      <span data-testid={`latest-${id}`}>{latest?.data.text ?? ''}</span>
      <span data-testid={`history-${id}`}>{history.map((m) => m.data.text).join(',')}</span>
    </div>
  );
}

function Badge() {
  return <span data-testid="state">{useConnectionState()}</span>;
}

function Sender() {
  const send = usePublish<{ text: string }>('/chat/out');
  return (
    <button type="button" onClick={() => void send({ text: 'from the page' })}>
      send
    </button>
  );
}

const text = (id: string) => screen.getByTestId(id).textContent;
const subscribes = (wire: string[], channel: string) => wire.filter((w) => w === `/meta/subscribe ${channel}`).length;

describe('@rxwire/react over BayeuxClient and a real Faye server', () => {
  it('StrictMode with two components on one channel: one wire subscribe, live messages, one unsubscribe after unmount', async () => {
    const server = await startFaye();
    const c = client(server.url, 200);
    // Connected first, so StrictMode's subscribe/unsubscribe/subscribe meets a live session.
    await c.connect();
    const view = render(
      <StrictMode>
        <RxWireProvider client={c}>
          <Badge />
          <Room id="a" />
          <Room id="b" />
        </RxWireProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(text('state')).toBe('connected'), { timeout: 10_000 });
    await waitFor(() => expect(subscribes(server.wire, '/chat/room1')).toBe(1), { timeout: 10_000 });
    await act(async () => {
      await server.publish('/chat/room1', { text: 'one' });
      await server.publish('/chat/room1', { text: 'two' });
    });
    await waitFor(() => expect(text('history-a')).toBe('one,two'), { timeout: 10_000 });
    expect(text('history-b')).toBe('one,two');
    expect(text('latest-b')).toBe('two');
    view.unmount();
    await waitFor(() => expect(server.wire).toContain('/meta/unsubscribe /chat/room1'), { timeout: 10_000 });
    expect(subscribes(server.wire, '/chat/room1')).toBe(1);
    expect(server.wire.filter((w) => w.startsWith('/meta/unsubscribe'))).toHaveLength(1);
  });

  it('usePublish reaches a server-side subscriber', async () => {
    const server = await startFaye();
    const received: unknown[] = [];
    await server.subscribe('/chat/out', (data) => received.push(data));
    // The in-process subscriber's own subscribe is on the record; the page must add none.
    const before = server.wire.length;
    const c = client(server.url, 0);
    render(
      <RxWireProvider client={c}>
        <Sender />
      </RxWireProvider>,
    );
    await act(async () => {
      fireEvent.click(screen.getByText('send'));
    });
    await waitFor(() => expect(received).toEqual([{ text: 'from the page' }]), { timeout: 10_000 });
    expect(server.wire.slice(before)).toEqual([]);
  });
});
