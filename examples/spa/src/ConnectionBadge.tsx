import { useMemo } from 'react';
import { of, type Observable } from 'rxjs';
import { useConnectionState, useObservable, type ConnectionState } from '@rxwire/react';

interface Props {
  name: string;
  client: { readonly state: ConnectionState; readonly state$: Observable<ConnectionState> };
  /** The transport in use, for clients that have several (Bayeux). */
  connectionType$?: Observable<string | undefined>;
}

/** connecting / connected / reconnecting / closed, and the transport in use. */
export function ConnectionBadge({ name, client, connectionType$ }: Props) {
  const state = useConnectionState(client);
  const none = useMemo(() => of(undefined), []);
  const type = useObservable(connectionType$ ?? none, undefined);
  return (
    <span className="badge" data-testid={`badge-${name}`} data-state={state} data-transport={type ?? ''}>
      {name}: {state}
      {type ? ` · ${type}` : ''}
    </span>
  );
}
