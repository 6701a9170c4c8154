// RPC calls (and Bayeux service requests): the ones still waiting, with how long they have waited,
// and the recent ones with their latency and outcome, newest first.
import type { InspectorView } from '../internal/inspectorView.js';
import { formatMs } from '../internal/format.js';
import * as styles from '../internal/styles.js';

export interface CallTablesProps {
  view: InspectorView;
  /** Epoch milliseconds now: elapsed times are worked out against it at each refresh. */
  now: number;
}

export function CallTables({ view, now }: CallTablesProps) {
  return (
    <section style={styles.section} aria-label="Calls">
      <h3 style={styles.sectionTitle}>Calls in flight ({view.inFlight.length})</h3>
      {view.inFlight.length === 0 ? (
        <p style={styles.muted}>None.</p>
      ) : (
        <table style={styles.compactTable} aria-label="Calls in flight">
          <thead>
            <tr>
              <th style={styles.headCell} scope="col">method</th>
              <th style={styles.headCell} scope="col">id</th>
              <th style={styles.headCell} scope="col">elapsed</th>
            </tr>
          </thead>
          <tbody>
            {view.inFlight.map((call) => (
              <tr key={String(call.id)}>
                <td style={styles.cell}>{call.method}</td>
                <td style={styles.cell}>{String(call.id)}</td>
                <td style={styles.cell}>{formatMs(now - call.startedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3 style={styles.sectionTitle}>Recent calls ({view.finished.length})</h3>
      {view.finished.length === 0 ? (
        <p style={styles.muted}>None yet.</p>
      ) : (
        <table style={styles.compactTable} aria-label="Recent calls">
          <thead>
            <tr>
              <th style={styles.headCell} scope="col">method</th>
              <th style={styles.headCell} scope="col">id</th>
              <th style={styles.headCell} scope="col">latency</th>
              <th style={styles.headCell} scope="col">outcome</th>
            </tr>
          </thead>
          <tbody>
            {view.finished.map((call) => (
              <tr key={`${String(call.id)}@${call.at}`}>
                <td style={styles.cell}>{call.method}</td>
                <td style={styles.cell}>{String(call.id)}</td>
                <td style={styles.cell}>{formatMs(call.latencyMs)}</td>
                <td style={{ ...styles.cell, ...styles.toneOf(call.ok ? 'ok' : 'failed') }}>{call.ok ? 'ok' : 'failed'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
