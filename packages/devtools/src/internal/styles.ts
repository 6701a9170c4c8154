// The panel's look, as inline style objects: no stylesheet to import, nothing injected into the page's
// <head>, and the app's CSS cannot reach in much (every element sets what it relies on).
import type { CSSProperties } from 'react';

export const colors = {
  background: '#0b1622',
  surface: '#132337',
  border: '#2a3f58',
  text: '#e3ecf5',
  muted: '#8ba2bb',
  accent: '#4fb3ff',
  good: '#3ccf91',
  warn: '#f5b748',
  bad: '#ff6b6b',
} as const;

const font = 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace';

export const toggleButton: CSSProperties = {
  position: 'fixed',
  right: 12,
  bottom: 12,
  zIndex: 99999,
  padding: '6px 10px',
  font: `600 12px ${font}`,
  color: colors.text,
  background: colors.background,
  border: `1px solid ${colors.accent}`,
  borderRadius: 16,
  cursor: 'pointer',
  boxShadow: '0 2px 8px rgba(0, 0, 0, 0.35)',
};

export const panel: CSSProperties = {
  position: 'fixed',
  left: 0,
  right: 0,
  bottom: 0,
  zIndex: 99999,
  display: 'flex',
  flexDirection: 'column',
  font: `12px/1.4 ${font}`,
  color: colors.text,
  background: colors.background,
  borderTop: `1px solid ${colors.border}`,
  boxShadow: '0 -4px 16px rgba(0, 0, 0, 0.35)',
  textAlign: 'left',
};

export const resizeHandle: CSSProperties = {
  height: 6,
  flex: 'none',
  cursor: 'ns-resize',
  background: colors.surface,
  touchAction: 'none',
};

export const header: CSSProperties = {
  display: 'flex',
  alignItems: 'center',
  gap: 8,
  padding: '4px 8px',
  borderBottom: `1px solid ${colors.border}`,
  flex: 'none',
  flexWrap: 'wrap',
};

export const title: CSSProperties = { fontWeight: 700, marginRight: 8 };

export const body: CSSProperties = { overflow: 'auto', padding: 8, flex: 1, minHeight: 0 };

export const button: CSSProperties = {
  font: `12px ${font}`,
  color: colors.text,
  background: colors.surface,
  border: `1px solid ${colors.border}`,
  borderRadius: 4,
  padding: '2px 8px',
  cursor: 'pointer',
};

export const selectedButton: CSSProperties = { ...button, borderColor: colors.accent, color: colors.accent };

export const input: CSSProperties = {
  font: `12px ${font}`,
  color: colors.text,
  background: colors.surface,
  border: `1px solid ${colors.border}`,
  borderRadius: 4,
  padding: '2px 6px',
  minWidth: 160,
};

// The page's own CSS for section, ul and li (cards, borders, heights) must not reach the panel's.
export const section: CSSProperties = { margin: '0 0 12px', padding: 0, background: 'none', border: 'none', borderRadius: 0, boxShadow: 'none' };

export const sectionTitle: CSSProperties = { margin: '0 0 4px', fontSize: 12, fontWeight: 700, color: colors.accent };

// Tables do not inherit font and colour in quirks mode: say so.
export const table: CSSProperties = { borderCollapse: 'collapse', width: '100%', font: 'inherit', color: 'inherit' };

// A table whose columns are all short (calls): as wide as its content, not the panel.
export const compactTable: CSSProperties = { ...table, width: 'auto' };

export const columns: CSSProperties = { display: 'flex', flexWrap: 'wrap', gap: '0 24px' };

export const narrowColumn: CSSProperties = { flex: '1 1 280px', minWidth: 0 };

export const wideColumn: CSSProperties = { flex: '3 1 420px', minWidth: 0 };

export const cell: CSSProperties = {
  padding: '2px 8px 2px 0',
  borderBottom: `1px solid ${colors.surface}`,
  verticalAlign: 'top',
  whiteSpace: 'nowrap',
};

export const headCell: CSSProperties = { ...cell, color: colors.muted, fontWeight: 400, textAlign: 'left' };

export const wideCell: CSSProperties = { ...cell, whiteSpace: 'normal', wordBreak: 'break-all', width: '100%' };

export const facts: CSSProperties = { display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '2px 12px', margin: 0 };

export const factName: CSSProperties = { color: colors.muted };

export const factValue: CSSProperties = { margin: 0, wordBreak: 'break-all' };

export const muted: CSSProperties = { color: colors.muted };

export const jsonToggle: CSSProperties = {
  font: `12px ${font}`,
  color: colors.muted,
  background: 'none',
  border: 'none',
  padding: 0,
  cursor: 'pointer',
};

export const jsonChildren: CSSProperties = { listStyle: 'none', margin: 0, padding: '0 0 0 14px', maxHeight: 'none', overflow: 'visible' };

export const jsonItem: CSSProperties = { padding: 0, border: 'none' };

export const jsonKey: CSSProperties = { color: colors.accent };

/** The colour of a connection state or channel status: green when live, red when failed. */
export function toneOf(value: string): CSSProperties {
  if (value === 'connected' || value === 'live' || value === 'ok') return { color: colors.good };
  if (value === 'error' || value === 'closed' || value === 'failed') return { color: colors.bad };
  if (value === 'idle') return { color: colors.muted };
  return { color: colors.warn };
}
