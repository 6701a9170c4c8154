import type { NotifyScheduler } from './types.js';

/**
 * Renders what arrived in one synchronous burst (one task) once, in a microtask. Messages that
 * arrive in separate tasks (one WebSocket frame each) render once each, so prefer
 * {@link frameScheduler} in browsers. What `frameScheduler` falls back to where there is no
 * `requestAnimationFrame` (Node, server rendering); pick it explicitly in tests that count
 * renders under jsdom, which defines `requestAnimationFrame`.
 *
 * @example
 * ```tsx
 * <RxWireProvider client={client} schedule={microtaskScheduler}>
 * ```
 */
export const microtaskScheduler: NotifyScheduler = (flush) => queueMicrotask(flush);
