/**
 * Browsers: say goodbye when the page goes away for good (not into the back/forward cache), so the
 * server ends the session at once instead of holding it until it times out. Adds (`on`) or removes
 * the client's `pagehide` listener; adding it twice, or removing one that is not there, changes
 * nothing. No-op where there is no document.
 * @internal
 */
export function watchPageHide(on: boolean, listener: (event: Event) => void): void {
  const target = globalThis as unknown as Record<string, ((type: string, listener: (event: Event) => void) => void) | undefined>;
  if (target['document'] !== undefined) target[on ? 'addEventListener' : 'removeEventListener']?.('pagehide', listener);
}
