import { microtaskScheduler } from './microtaskScheduler.js';
import type { NotifyScheduler } from './types.js';

/**
 * How long a flush waits for an animation frame before it runs anyway. Browsers do not run
 * `requestAnimationFrame` in hidden pages (and some hidden iframes): messages keep being folded in
 * meanwhile, and this renders them at a slow pace (hidden pages clamp timers to 1 s or more), so
 * nothing waits without bound for a frame that may never come.
 */
const HIDDEN_PAGE_FLUSH_MS = 1_000;

/**
 * The default: renders at most once per animation frame, however many tasks (WebSocket frames)
 * the messages came in, and always the state after the last message. In a hidden page, where no
 * frame runs, it renders after 1 s at the latest. Where there is no
 * `requestAnimationFrame` (Node, server rendering, workers without it) it is
 * {@link microtaskScheduler}.
 *
 * @example
 * ```tsx
 * <RxWireProvider client={client} schedule={frameScheduler}>
 * ```
 */
export const frameScheduler: NotifyScheduler = (flush) => {
  // Looked up per call, not at import: importing stays free of side effects, and a test may
  // install a fake requestAnimationFrame after the import.
  if (typeof requestAnimationFrame !== 'function') return microtaskScheduler(flush);
  // One job, two ways to wake up: whichever comes first runs the flush and cancels the other.
  const run = (): void => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    flush();
  };
  const frame = requestAnimationFrame(run);
  const timer = setTimeout(run, HIDDEN_PAGE_FLUSH_MS);
};
