import { Observable } from 'rxjs';
import type { TabRole } from '@rxwire/core';
import { observableStore } from './internal/observableStore.js';
import { useStore } from './internal/useStore.js';
import { useClient } from './useRxWireClient.js';

/** A client that may share its connection between tabs (`share: 'tabs'`) and says its role. */
export interface RoleSource {
  readonly role$?: Observable<TabRole>;
}

/**
 * The role of a client without tab sharing (or without `role$`): it holds its own connection. Pure,
 * so that bundles of apps that never call `useRole` leave it out.
 */
const alone$ = /* @__PURE__ */ new Observable<TabRole>((subscriber) => subscriber.next('alone'));

/**
 * This tab's part in a connection shared between tabs (`share: 'tabs'`): `'leader'` holds the one
 * socket, `'follower'` goes through it, `'alone'` shares nothing (no `share`, Node, or a browser
 * without Web Locks and BroadcastChannel). Follows the client's `role$` (the provider's client
 * unless `client` is given); `'alone'` for a client that has none.
 *
 * @example
 * ```tsx
 * function RoleBadge() {
 *   return <span>{useRole()}</span>;
 * }
 * ```
 */
export function useRole(client?: RoleSource): TabRole {
  const source = useClient(client, 'useRole');
  const role$ = source.role$ ?? alone$;
  return useStore(observableStore<TabRole>, { source: role$, initial: 'alone', key: role$ }, [role$]);
}
