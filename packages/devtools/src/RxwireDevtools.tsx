// The devtools panel: a toggle button in the corner that opens a resizable panel along the bottom of
// the page, one tab per client. Open, it watches every client (so a tab switched to has its history);
// closed, it watches nothing (the client views unmount, so inspect$ has no observer and costs the
// client nothing).
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { InspectableClient } from './internal/inspectorStore.js';
import { defaultLimits, type ViewLimits } from './internal/inspectorView.js';
import { usePanelLayout } from './internal/usePanelLayout.js';
import * as styles from './internal/styles.js';
import { ClientView } from './components/ClientView.js';
import { ResizeHandle } from './components/ResizeHandle.js';

/** Props of {@link RxwireDevtools}. Pass `client` or `clients` (both: `client` comes first). */
export interface RxwireDevtoolsProps {
  /** The client to watch: any rxwire client or connection (they all have `inspect$` and `inspect()`). */
  client?: InspectableClient | undefined;
  /** Several clients, one tab each. */
  clients?: readonly InspectableClient[] | undefined;
  /** Whether the panel starts open on a first visit; after that, the open/closed state remembered in localStorage wins. @default false */
  initialIsOpen?: boolean | undefined;
  /** How many wire events the frame log keeps per client. @default 200 */
  maxFrames?: number | undefined;
  /** How often, in milliseconds, the panel reads each client's snapshot again (counters, rates, elapsed times). @default 1000 */
  refreshMs?: number | undefined;
  /** The localStorage key under which the open/closed state and the height are remembered. @default 'rxwire-devtools' */
  storageKey?: string | undefined;
}

const minHeight = 80;
const defaultHeight = 320;

/**
 * A floating panel showing what rxwire clients do on the wire: per client the URL (redacted), state,
 * connection type, clientId, tab role, reconnects and last error; per channel its observers, wire
 * subscription, status, message count and rate, pending count and last message; RPC calls in flight
 * and recent ones; a pausable, filterable log of the last frames.
 *
 * Imported from `@rxwire/devtools` it renders nothing in a production build
 * (`process.env.NODE_ENV === 'production'`); import it from `@rxwire/devtools/production` to ship it.
 *
 * @example
 * ```tsx
 * import { RxwireDevtools } from '@rxwire/devtools';
 *
 * <RxwireDevtools clients={[bayeux, rpc]} initialIsOpen />
 * ```
 */
export function RxwireDevtools({ client, clients, initialIsOpen = false, maxFrames = defaultLimits.maxFrames, refreshMs = 1000, storageKey = 'rxwire-devtools' }: RxwireDevtoolsProps) {
  const [layout, setLayout] = usePanelLayout({ storageKey, initialIsOpen, initialHeight: defaultHeight });
  const watched = useMemo(() => [...(client ? [client] : []), ...(clients ?? [])], [client, clients]);
  const limits = useMemo<ViewLimits>(() => ({ ...defaultLimits, maxFrames }), [maxFrames]);
  const [selected, setSelected] = useState(0);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  // Focus follows the user's toggling (not the first render, where it would steal the app's focus).
  const moveFocus = useRef<'panel' | 'toggle' | undefined>(undefined);

  useEffect(() => {
    const target = moveFocus.current === 'panel' ? panelRef.current : moveFocus.current === 'toggle' ? toggleRef.current : null;
    moveFocus.current = undefined;
    target?.focus();
  }, [layout.open]);

  const setOpen = (open: boolean) => {
    moveFocus.current = open ? 'panel' : 'toggle';
    setLayout({ open });
  };

  if (!layout.open) {
    return (
      <button ref={toggleRef} type="button" style={styles.toggleButton} aria-expanded={false} aria-label="Open rxwire devtools" onClick={() => setOpen(true)}>
        rxwire
      </button>
    );
  }

  const maxHeight = Math.max(minHeight, Math.round((typeof window === 'undefined' ? 800 : window.innerHeight) * 0.9));
  const height = Math.min(maxHeight, Math.max(minHeight, layout.height));
  const current = Math.min(selected, Math.max(0, watched.length - 1));
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    // In a filter with text, Escape clears the text (the browser's own behaviour) before it closes.
    if (event.target instanceof HTMLInputElement && event.target.value !== '') return;
    event.stopPropagation();
    setOpen(false);
  };

  return (
    <div ref={panelRef} role="region" aria-label="rxwire devtools" tabIndex={-1} style={{ ...styles.panel, height }} onKeyDown={onKeyDown}>
      <ResizeHandle height={height} minHeight={minHeight} maxHeight={maxHeight} onResize={(h) => setLayout({ height: h })} />
      <div style={styles.header}>
        <span style={styles.title}>rxwire devtools</span>
        {watched.length > 1 ? (
          <div role="tablist" aria-label="Clients" style={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
            {watched.map((each, index) => (
              <button
                key={index}
                type="button"
                role="tab"
                aria-selected={index === current}
                style={index === current ? styles.selectedButton : styles.button}
                onClick={() => setSelected(index)}
              >
                {clientLabel(each)}
              </button>
            ))}
          </div>
        ) : null}
        <span style={{ flex: 1 }} />
        <button type="button" style={styles.button} aria-expanded aria-label="Close rxwire devtools" onClick={() => setOpen(false)}>
          ✕
        </button>
      </div>
      <div style={styles.body}>
        {watched.length === 0 ? <p style={styles.muted}>No client: pass `client` or `clients`.</p> : null}
        {watched.map((each, index) => (
          // Every client is watched while the panel is open, the hidden ones too: switching tabs
          // keeps each client's frame log and recent calls.
          <div key={index} role={watched.length > 1 ? 'tabpanel' : undefined} hidden={index !== current}>
            <ClientView client={each} limits={limits} refreshMs={refreshMs} />
          </div>
        ))}
      </div>
    </div>
  );
}

function clientLabel(client: InspectableClient): string {
  const { kind, url } = client.inspect();
  return `${kind} ${url}`;
}
