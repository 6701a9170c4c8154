import { useState, type FormEvent } from 'react';
import { useRpc } from '@rxwire/react';

/** An RPC call form: `add` on the aio-openapi server through `useRpc`, called when the form is sent. */
export function RpcForm() {
  const [a, setA] = useState('2');
  const [b, setB] = useState('3');
  const [payload, setPayload] = useState<{ a: unknown; b: unknown }>();
  const { data, error, loading, refetch } = useRpc<number>('add', payload, { enabled: payload !== undefined });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Numbers when they parse; anything else goes as text, to show the server's validation error.
    const value = (s: string) => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : s);
    const next = { a: value(a), b: value(b) };
    // The payload is compared by value: the same numbers again would not call, so refetch.
    if (JSON.stringify(next) === JSON.stringify(payload)) void refetch();
    else setPayload(next);
  };

  return (
    <section aria-label="rpc">
      <h2>
        RPC call <code>add</code>
      </h2>
      <form onSubmit={submit}>
        <input aria-label="a" size={6} value={a} onChange={(e) => setA(e.target.value)} />
        <span>+</span>
        <input aria-label="b" size={6} value={b} onChange={(e) => setB(e.target.value)} />
        <button type="submit">Call</button>
      </form>
      <p data-testid="rpc-result" data-loading={String(payload !== undefined && loading)}>
        {payload === undefined ? (
          <span className="muted">not called yet</span>
        ) : loading ? (
          '…'
        ) : error ? (
          <span className="error" role="alert">{error.message}</span>
        ) : (
          <>= {String(data)}</>
        )}
      </p>
    </section>
  );
}
