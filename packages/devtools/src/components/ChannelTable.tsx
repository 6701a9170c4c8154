// Every open channel: who listens here, whether the server holds the subscription, how busy it is,
// and the last message, opened on demand as a tree.
import type { InspectorView } from '../internal/inspectorView.js';
import { formatRate } from '../internal/format.js';
import * as styles from '../internal/styles.js';
import { JsonTree } from './JsonTree.js';

const columns = ['channel', 'observers', 'wire', 'status', 'messages', 'rate', 'pending', 'last message'];

export function ChannelTable({ view }: { view: InspectorView }) {
  const { channels } = view.snapshot;
  return (
    <section style={styles.section} aria-label="Channels">
      <h3 style={styles.sectionTitle}>Channels ({channels.length})</h3>
      {channels.length === 0 ? (
        <p style={styles.muted}>No open channels.</p>
      ) : (
        <table style={styles.table}>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column} style={column === 'last message' ? { ...styles.headCell, width: '100%' } : styles.headCell} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {channels.map((channel) => (
              <tr key={channel.name} data-channel={channel.name}>
                <td style={styles.cell}>{channel.name}</td>
                <td style={styles.cell}>{channel.observers}</td>
                <td style={styles.cell}>{channel.subscribed ? 'subscribed' : 'not subscribed'}</td>
                <td style={{ ...styles.cell, ...styles.toneOf(channel.status) }}>{channel.status}</td>
                <td style={styles.cell} data-column="messages">
                  {channel.messages}
                </td>
                <td style={styles.cell}>{formatRate(Math.round((view.rates.get(channel.name) ?? 0) * 10) / 10)}</td>
                <td style={styles.cell}>{channel.pending}</td>
                <td style={styles.wideCell}>
                  {channel.lastMessage === undefined ? <span style={styles.muted}>—</span> : <JsonTree value={channel.lastMessage} label={`last message of ${channel.name}`} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
