// The panel's top edge: drag it, or focus it and use the arrow keys (Page Up/Down for bigger steps,
// Home/End for the limits), as a WAI-ARIA window splitter.
import type { KeyboardEvent, PointerEvent } from 'react';
import * as styles from '../internal/styles.js';

export interface ResizeHandleProps {
  height: number;
  minHeight: number;
  maxHeight: number;
  onResize(height: number): void;
}

const step = 20;
const bigStep = 100;

export function ResizeHandle({ height, minHeight, maxHeight, onResize }: ResizeHandleProps) {
  const clamp = (h: number) => Math.round(Math.min(maxHeight, Math.max(minHeight, h)));
  const onKeyDown = (event: KeyboardEvent) => {
    const target = keyTarget(event.key, height, { minHeight, maxHeight });
    if (target === undefined) return;
    event.preventDefault();
    onResize(clamp(target));
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    event.currentTarget.setPointerCapture?.(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (!event.currentTarget.hasPointerCapture?.(event.pointerId)) return;
    // The panel sits on the bottom edge: its height is the distance from the pointer to the bottom.
    onResize(clamp(window.innerHeight - event.clientY));
  };
  return (
    <div
      role="separator"
      aria-orientation="horizontal"
      aria-label="Resize rxwire devtools"
      aria-valuenow={height}
      aria-valuemin={minHeight}
      aria-valuemax={maxHeight}
      tabIndex={0}
      style={styles.resizeHandle}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
    />
  );
}

function keyTarget(key: string, height: number, { minHeight, maxHeight }: { minHeight: number; maxHeight: number }): number | undefined {
  switch (key) {
    case 'ArrowUp':
      return height + step;
    case 'ArrowDown':
      return height - step;
    case 'PageUp':
      return height + bigStep;
    case 'PageDown':
      return height - bigStep;
    case 'Home':
      return maxHeight;
    case 'End':
      return minHeight;
    default:
      return undefined;
  }
}
