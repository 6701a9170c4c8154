// Runs in Chromium (React 19, StrictMode, production build) against a real Faye server given by
// `?bayeux=`: useChannel with select, onMessage and an enabled toggle; useSuspenseChannel showing
// its fallback, then data; and an error boundary catching a denied subscribe. The test reads the
// DOM and `globalThis.probe`.
import { Component, StrictMode, Suspense, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { BayeuxClient } from '@rxwire/bayeux';
import { RxWireProvider, useChannel, useSuspenseChannel } from '@rxwire/react';

const params = new URLSearchParams(location.search);
const client = new BayeuxClient({ url: params.get('bayeux') ?? '', connectionTypes: ['websocket'] });
const probe = { onMessage: [] as number[] };
Object.assign(globalThis, { probe });

function Live() {
  const [enabled, setEnabled] = useState(false);
  // select and onMessage are new functions on every render: the subscription must not follow them.
  const { data, status } = useChannel<{ n: number }, number>('/hooks/live', {
    enabled,
    select: (m) => m.data.n * 10,
    onMessage: (m) => probe.onMessage.push(m.data.n),
  });
  return (
    <section>
      <button id="toggle" type="button" onClick={() => setEnabled((on) => !on)}>
        {enabled ? 'disable' : 'enable'}
      </button>
      <p id="live-status">{status}</p>
      <p id="live-data">{data ?? 'none'}</p>
    </section>
  );
}

function Price({ channel, id }: { channel: string; id: string }) {
  const { data } = useSuspenseChannel<{ price: number }>(channel);
  return <p id={id}>{data.price}</p>;
}

class Boundary extends Component<{ id: string; children: ReactNode }, { error?: Error }> {
  override state: { error?: Error } = {};
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return <p id={this.props.id}>{(error as Error & { code?: string }).code ?? error.message}</p>;
  }
}

function Suspended({ channel, id }: { channel: string; id: string }) {
  return (
    <Boundary id={`${id}-error`}>
      <Suspense fallback={<p id={`${id}-fallback`}>waiting</p>}>
        <Price channel={channel} id={id} />
      </Suspense>
    </Boundary>
  );
}

createRoot(document.getElementById('root') ?? document.body.appendChild(document.createElement('div'))).render(
  <StrictMode>
    <RxWireProvider client={client}>
      <Live />
      <Suspended channel="/hooks/price" id="price" />
      <Suspended channel="/hooks/denied" id="denied" />
    </RxWireProvider>
  </StrictMode>,
);
