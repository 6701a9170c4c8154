/**
 * Resolves once the wire recorder is loaded and a tap that was observed before has started
 * recording. `inspect$` loads its recorder lazily (a dynamic import) on its first observer, so
 * events begin a few milliseconds after that first subscribe: a test subscribes, awaits this, and
 * then makes traffic. Works under fake timers (it waits for promises, never for a timer).
 *
 * @example
 * ```ts
 * const events: WireEvent[] = [];
 * connection.inspect$.subscribe((event) => events.push(event));
 * await inspectorLoaded();
 * connection.send({ hello: 1 });
 * ```
 */
export async function inspectorLoaded(): Promise<void> {
  await import('../inspect/wireRecorder.js');
  // The tap's own continuation (it creates the recorder) is queued on the same load: let it run.
  for (let turn = 0; turn < 10; turn++) await Promise.resolve();
}
