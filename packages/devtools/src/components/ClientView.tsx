// Everything the panel shows about one client. The watching (inspect$, the refresh timer) lives as
// long as this view is mounted: closing the panel unmounts it, and the client is left alone.
import type { InspectableClient } from '../internal/inspectorStore.js';
import type { ViewLimits } from '../internal/inspectorView.js';
import { useInspector } from '../internal/useInspector.js';
import { ClientSummary } from './ClientSummary.js';
import { ChannelTable } from './ChannelTable.js';
import { CallTables } from './CallTables.js';
import { FrameLog } from './FrameLog.js';
import * as styles from '../internal/styles.js';

export interface ClientViewProps {
  client: InspectableClient;
  limits: ViewLimits;
  refreshMs: number;
}

export function ClientView({ client, limits, refreshMs }: ClientViewProps) {
  const { view, store } = useInspector(client, { limits, refreshMs });
  // The connection and its calls beside the channels where the panel is wide enough, below them
  // where it is not; the frame log, the widest, takes the whole width.
  return (
    <div>
      <div style={styles.columns}>
        <div style={styles.narrowColumn}>
          <ClientSummary view={view} />
          <CallTables view={view} now={view.refreshedAt} />
        </div>
        <div style={styles.wideColumn}>
          <ChannelTable view={view} />
        </div>
      </div>
      <FrameLog view={view} store={store} />
    </div>
  );
}
