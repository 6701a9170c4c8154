import { useEffect, useRef } from 'react';
import { useChannel, type ChannelMessage, type Continuity } from '@rxwire/react';
import { ChannelBadge } from './ChannelBadge.js';

export interface Tick {
  symbol: string;
  price: number;
  seq: number;
  at: string;
}

/** Live prices over RPC pub/sub: the aio-openapi channel `prices`, events matching `tick.*`. */
export function Ticker() {
  const { history, state, error, status, continuity, reset } = useChannel<Tick>('prices', { event: 'tick.*', history: 40 });
  // After a gap, ticks may be missing: start the history afresh, so no price move spans the gap.
  const handled = useRef<Continuity>(undefined);
  useEffect(() => {
    if (continuity?.resumed !== 'gap' || handled.current === continuity) return;
    handled.current = continuity;
    reset();
  }, [continuity, reset]);
  // The last two prices per symbol, to show the direction of the move.
  const bySymbol = new Map<string, ChannelMessage<Tick>[]>();
  for (const m of history) bySymbol.set(m.data.symbol, [...(bySymbol.get(m.data.symbol) ?? []).slice(-1), m]);
  const received = useRef(0);
  received.current = Math.max(received.current, history.at(-1)?.data.seq ?? 0);
  return (
    <section aria-label="ticker">
      <h2>
        Ticker <code>prices / tick.*</code> <span className="muted">{state}</span>{' '}
        <ChannelBadge name="prices" status={status} continuity={continuity} handled="refetched" />
      </h2>
      {error && <p className="error" role="alert">{error.message}</p>}
      <table>
        <thead>
          <tr>
            <th>symbol</th>
            <th>price</th>
            <th>event</th>
          </tr>
        </thead>
        <tbody>
          {[...bySymbol].map(([symbol, [previous, last = previous]]) => (
            <tr key={symbol} data-testid="tick" data-symbol={symbol} data-seq={last?.data.seq}>
              <td>{symbol}</td>
              <td className={last && previous && last.data.price < previous.data.price ? 'down' : 'up'}>{last?.data.price.toFixed(2)}</td>
              <td className="muted">{last?.event}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {bySymbol.size === 0 && <p className="muted">waiting for ticks…</p>}
    </section>
  );
}
