// Everything the panel shows about one client. The watching (inspect$, the refresh timer) lives as
// long as this view is mounted: closing the panel unmounts it, and the client is left alone.
import type { InspectableClient } from '../internal/inspectorStore.js';
import type { ViewLimits } from '../internal/inspectorView.js';
import { useInspector } from '../internal/useInspector.js';
import { ClientSummary } from './ClientSummary.js';
import { ChannelTable } from './ChannelTable.js';
import { CallTables } from './CallTables.js';
import { FrameLog } from './FrameLog.js';

export interface ClientViewProps {
  client: InspectableClient;
  limits: ViewLimits;
  refreshMs: number;
}

export function ClientView({ client, limits, refreshMs }: ClientViewProps) {
  const { view, store } = useInspector(client, { limits, refreshMs });
  return (
    <div>
      <ClientSummary view={view} />
      <ChannelTable view={view} />
      <CallTables view={view} now={view.refreshedAt} />
      <FrameLog view={view} store={store} />
    </div>
  );
}
