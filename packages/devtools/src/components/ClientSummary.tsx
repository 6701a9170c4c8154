// The connection at a glance: what a user checks first when "nothing arrives".
import type { InspectorView } from '../internal/inspectorView.js';
import { roleOf } from '../internal/inspectorView.js';
import * as styles from '../internal/styles.js';

export function ClientSummary({ view }: { view: InspectorView }) {
  const { snapshot, lastError } = view;
  const role = roleOf(view);
  const facts: [string, React.ReactNode][] = [
    ['url', snapshot.url],
    ['state', <span style={styles.toneOf(snapshot.state)}>{snapshot.state}</span>],
    ['connection', snapshot.connectionType ?? '—'],
    ['clientId', snapshot.clientId ?? '—'],
    ...(role === undefined ? [] : ([['role', role]] as [string, React.ReactNode][])),
    ['reconnects', String(snapshot.reconnects)],
    ['last error', lastError ? <span style={styles.toneOf('error')}>{errorText(lastError)}</span> : '—'],
  ];
  return (
    <section style={styles.section} aria-label="Connection">
      <dl style={styles.facts}>
        {facts.map(([name, value]) => (
          <div key={name} style={{ display: 'contents' }} data-fact={name}>
            <dt style={styles.factName}>{name}</dt>
            <dd style={styles.factValue}>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function errorText(error: NonNullable<InspectorView['lastError']>): string {
  return error.code ? `${error.code}: ${error.message}` : error.message;
}
