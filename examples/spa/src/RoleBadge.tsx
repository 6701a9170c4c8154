import { useRole, type RoleSource } from '@rxwire/react';

const labels = { leader: 'leader tab', follower: 'follower tab', alone: 'alone' } as const;

/**
 * This tab's part in a connection shared between tabs (`share: 'tabs'`): the leader tab holds the one
 * WebSocket, followers go through it. Open the demo in a second tab to see a follower; close the
 * leader tab and a follower takes over.
 */
export function RoleBadge({ name, client }: { name: string; client: RoleSource }) {
  const role = useRole(client);
  return (
    <span className="badge" data-testid={`role-${name}`} data-role={role} title="share: 'tabs'">
      {name}: {labels[role]}
    </span>
  );
}
