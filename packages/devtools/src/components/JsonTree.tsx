// A message as a collapsible tree: objects and arrays open and close with a button (so the keyboard
// works as it does everywhere), leaves show their JSON. A closed node shows a one-line preview, and
// a node shows at most `maxEntries` children, so a huge message cannot freeze the page.
import { useState, type ReactNode } from 'react';
import { previewOf } from '../internal/inspectorView.js';
import * as styles from '../internal/styles.js';

export interface JsonTreeProps {
  value: unknown;
  /** Name of the root node, for the toggle's accessible label. */
  label: string;
  /** Open the root node on first render. @default false */
  initiallyOpen?: boolean;
  /** What the closed root shows; by default the first 80 characters of its JSON. */
  summary?: string;
}

const maxEntries = 100;

export function JsonTree({ value, label, initiallyOpen = false, summary }: JsonTreeProps) {
  return <JsonNode value={value} name={undefined} label={label} initiallyOpen={initiallyOpen} ancestors={[]} summary={summary} />;
}

interface JsonNodeProps {
  value: unknown;
  name: string | undefined;
  label: string;
  initiallyOpen: boolean;
  /** The objects above this node: a value that contains itself is shown as [circular], not recursed into. */
  ancestors: readonly object[];
  summary?: string | undefined;
}

function JsonNode({ value, name, label, initiallyOpen, ancestors, summary }: JsonNodeProps) {
  const [open, setOpen] = useState(initiallyOpen);
  const key = name === undefined ? null : <span style={styles.jsonKey}>{name}: </span>;
  if (value === null || typeof value !== 'object') return <Leaf keyNode={key} text={leafText(value)} />;
  if (ancestors.includes(value)) return <Leaf keyNode={key} text="[circular]" />;
  const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
  const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return (
    <span>
      <button type="button" style={styles.jsonToggle} aria-expanded={open} aria-label={`${open ? 'Collapse' : 'Expand'} ${label}`} onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'}
      </button>{' '}
      {key}
      {open ? (
        <>
          {brackets[0]}
          <ul style={styles.jsonChildren}>
            {entries.slice(0, maxEntries).map(([childName, child]) => (
              <li key={childName} style={styles.jsonItem}>
                <JsonNode value={child} name={childName} label={`${label}.${childName}`} initiallyOpen={false} ancestors={[...ancestors, value]} />
              </li>
            ))}
            {entries.length > maxEntries ? <li style={{ ...styles.jsonItem, ...styles.muted }}>… {entries.length - maxEntries} more</li> : null}
          </ul>
          {brackets[1]}
        </>
      ) : (
        <span style={styles.muted}>{summary ?? previewOf(value, 80)}</span>
      )}
    </span>
  );
}

function Leaf({ keyNode, text }: { keyNode: ReactNode; text: string }) {
  return (
    <span>
      {keyNode}
      <span>{text}</span>
    </span>
  );
}

function leafText(value: unknown): string {
  if (value === undefined) return 'undefined';
  // Strings keep their quotes, as in JSON, so "1" and 1 look different.
  return typeof value === 'string' ? previewOf(JSON.stringify(value), 2000) : previewOf(value, 2000);
}
