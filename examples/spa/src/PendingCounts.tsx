import { useMemo } from 'react';
import { distinctUntilChanged, interval, map, startWith } from 'rxjs';
import type { BayeuxClient } from '@rxwire/bayeux';
import type { RpcClient } from '@rxwire/rpc';
import { useObservable } from '@rxwire/react';

/** What is waiting: messages buffered by Bayeux iterators, RPC calls in flight and queued. */
export function PendingCounts({ bayeux, rpc }: { bayeux: BayeuxClient; rpc: RpcClient }) {
  const buffered = useObservable(bayeux.pendingCount$, bayeux.pendingCount);
  // The RPC counts are plain getters: sample them a few times a second.
  const calls$ = useMemo(
    () =>
      interval(250).pipe(
        startWith(0),
        map(() => `${rpc.inFlightCount}/${rpc.queuedCount}`),
        distinctUntilChanged(),
      ),
    [rpc],
  );
  const [inFlight, queued] = useObservable(calls$, '0/0').split('/');
  return (
    <section aria-label="pending">
      <h2>Pending</h2>
      <table>
        <tbody>
          <tr>
            <td>Bayeux messages buffered</td>
            <td data-testid="pending-bayeux">{buffered}</td>
          </tr>
          <tr>
            <td>RPC calls in flight</td>
            <td data-testid="pending-rpc-in-flight">{inFlight}</td>
          </tr>
          <tr>
            <td>RPC calls queued</td>
            <td data-testid="pending-rpc-queued">{queued}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}
