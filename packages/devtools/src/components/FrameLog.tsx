// The last wire events, newest first: pause to read them while traffic goes on, filter by any word
// a row shows (direction, kind, channel, id, payload: a closed row shows the very preview the filter
// searches), open a row's payload as a tree.
import { useId, useState } from 'react';
import { matchesFilter, type InspectorView, type LoggedEvent } from '../internal/inspectorView.js';
import type { InspectorStore } from '../internal/inspectorStore.js';
import { formatBytes, formatTime } from '../internal/format.js';
import * as styles from '../internal/styles.js';
import { JsonTree } from './JsonTree.js';

export interface FrameLogProps {
  view: InspectorView;
  store: InspectorStore;
}

export function FrameLog({ view, store }: FrameLogProps) {
  const [filter, setFilter] = useState('');
  const filterId = useId();
  const shown = view.frames.filter((entry) => matchesFilter(entry, filter)).reverse();
  return (
    <section style={styles.section} aria-label="Frame log">
      <h3 style={styles.sectionTitle}>
        Frames ({shown.length === view.frames.length ? view.frames.length : `${shown.length} of ${view.frames.length}`})
      </h3>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', marginBottom: 4, flexWrap: 'wrap' }}>
        <button type="button" style={view.paused ? styles.selectedButton : styles.button} aria-pressed={view.paused} onClick={() => store.setPaused(!view.paused)}>
          {view.paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" style={styles.button} onClick={() => store.clearFrames()}>
          Clear
        </button>
        <label htmlFor={filterId} style={styles.muted}>
          Filter
        </label>
        <input id={filterId} type="search" style={styles.input} value={filter} placeholder="channel, kind, text…" onChange={(e) => setFilter(e.target.value)} />
        {view.paused ? <span style={styles.muted} role="status">{view.missedWhilePaused} new while paused</span> : null}
      </div>
      {shown.length === 0 ? (
        <p style={styles.muted}>{view.frames.length === 0 ? 'No frames yet.' : 'No frame matches the filter.'}</p>
      ) : (
        <table style={styles.table} aria-label="Frames">
          <thead>
            <tr>
              {['time', 'dir', 'kind', 'channel', 'size', 'data'].map((column) => (
                <th key={column} style={column === 'data' ? { ...styles.headCell, width: '100%' } : styles.headCell} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((entry) => (
              <FrameRow key={entry.seq} entry={entry} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function FrameRow({ entry }: { entry: LoggedEvent }) {
  const { event } = entry;
  const where = event.channel ?? (event.id === undefined ? '' : `#${String(event.id)}`);
  return (
    <tr data-kind={event.kind} data-dir={event.dir}>
      <td style={styles.cell}>{formatTime(event.at)}</td>
      <td style={{ ...styles.cell, color: event.dir === 'in' ? styles.colors.good : styles.colors.accent }} title={event.dir === 'in' ? 'from the server' : 'to the server'}>
        {event.dir === 'in' ? '↓ in' : '↑ out'}
      </td>
      <td style={event.kind === 'error' || event.ok === false ? { ...styles.cell, ...styles.toneOf('error') } : styles.cell}>{event.kind}</td>
      <td style={styles.cell}>{where}</td>
      <td style={styles.cell}>{formatBytes(event.size)}</td>
      <td style={styles.wideCell}>
        {event.data !== null && typeof event.data === 'object' ? <JsonTree value={event.data} label={`frame ${entry.seq}`} summary={entry.preview} /> : entry.preview}
      </td>
    </tr>
  );
}
