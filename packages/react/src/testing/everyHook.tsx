// A component tree that uses every hook, for the server rendering and hydration tests.
import type { Observable } from 'rxjs';
import { RxWireProvider } from '../RxWireProvider.js';
import { useChannel } from '../useChannel.js';
import { useConnectionState } from '../useConnectionState.js';
import { useObservable } from '../useObservable.js';
import { usePublish } from '../usePublish.js';
import { useRpc } from '../useRpc.js';
import { useRxWireClient } from '../useRxWireClient.js';
import type { NotifyScheduler, RxWireClient } from '../types.js';

function Everything({ count$ }: { count$: Observable<number> }) {
  const client = useRxWireClient();
  const { latest, history, state } = useChannel<string>('/chat/room1', { history: 10 });
  const ticker = useChannel<number>('/ticker', { event: 'tick' });
  const connection = useConnectionState();
  const count = useObservable(count$, 0);
  const sum = useRpc<number>('add', { a: 1, b: 2 });
  const send = usePublish<string>('/chat/room1');
  return (
    <main data-client={client === undefined ? 'none' : 'set'}>
      <p id="state">{state}</p>
      <p id="connection">{connection}</p>
      <p id="latest">{latest?.data ?? 'no messages'}</p>
      <ul id="history">
        {history.map((m, i) => (
          <li key={i}>{m.data}</li>
        ))}
      </ul>
      <p id="ticker">{ticker.latest?.data ?? '-'}</p>
      <p id="count">{count}</p>
      <p id="sum">{sum.loading ? 'loading' : String(sum.data)}</p>
      <button type="button" onClick={() => void send('hi')}>
        send
      </button>
    </main>
  );
}

export function EveryHookApp({ client, count$, schedule }: { client: RxWireClient; count$: Observable<number>; schedule?: NotifyScheduler }) {
  return (
    <RxWireProvider client={client} schedule={schedule}>
      <Everything count$={count$} />
    </RxWireProvider>
  );
}
