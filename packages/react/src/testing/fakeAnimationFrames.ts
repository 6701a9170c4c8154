// A requestAnimationFrame the test drives: frames run only when the test says so (a page that is
// hidden simply never runs one). Installed as globals, where frameScheduler looks them up.
import { vi } from 'vitest';

export interface FakeAnimationFrames {
  /** Callbacks waiting for the next frame. */
  readonly waiting: number;
  /** Runs the callbacks requested before this frame (ones requested during it wait for the next). */
  runFrame(): void;
}

export function installFakeAnimationFrames(): FakeAnimationFrames {
  const callbacks = new Map<number, FrameRequestCallback>();
  let nextId = 1;
  let now = 0;
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback): number => {
    const id = nextId++;
    callbacks.set(id, callback);
    return id;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number): void => {
    callbacks.delete(id);
  });
  return {
    get waiting() {
      return callbacks.size;
    },
    runFrame() {
      now += 16;
      const due = [...callbacks.entries()];
      callbacks.clear();
      for (const [, callback] of due) callback(now);
    },
  };
}
