// Whether the panel is open and how tall it is, remembered in localStorage so a reload keeps the
// developer's choice. Storage that is missing or refuses (private mode, quota, SSR) just means
// nothing is remembered.
import { useCallback, useState } from 'react';

export interface PanelLayout {
  open: boolean;
  /** CSS pixels. */
  height: number;
}

export interface UsePanelLayoutOptions {
  storageKey: string;
  initialIsOpen: boolean;
  initialHeight: number;
}

export function usePanelLayout({ storageKey, initialIsOpen, initialHeight }: UsePanelLayoutOptions): [PanelLayout, (change: Partial<PanelLayout>) => void] {
  const [layout, setLayout] = useState<PanelLayout>(() => ({ open: initialIsOpen, height: initialHeight, ...readStored(storageKey) }));
  const update = useCallback(
    (change: Partial<PanelLayout>) => {
      setLayout((current) => {
        const next = { ...current, ...change };
        writeStored(storageKey, next);
        return next;
      });
    },
    [storageKey],
  );
  return [layout, update];
}

function readStored(key: string): Partial<PanelLayout> {
  try {
    const parsed: unknown = JSON.parse(globalThis.localStorage?.getItem(key) ?? 'null');
    if (!parsed || typeof parsed !== 'object') return {};
    const { open, height } = parsed as Record<string, unknown>;
    return { ...(typeof open === 'boolean' ? { open } : {}), ...(typeof height === 'number' && height > 0 ? { height } : {}) };
  } catch {
    return {};
  }
}

function writeStored(key: string, layout: PanelLayout): void {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(layout));
  } catch {
    // Remembering is a convenience; the panel works without it.
  }
}
