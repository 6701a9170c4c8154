/**
 * Resolves once the wire recorder is loaded and a tap that was observed before has started
 * recording. `inspect$` loads its recorder lazily (a dynamic import) on its first observer, so
 * events begin a few milliseconds after that first subscribe: a test subscribes, awaits this, and
 * then makes traffic. Works under fake timers (it waits for the module and one message, never for a timer).
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
  // The module is loaded; what is left of a tap's own continuation (making the recorder) is promise
  // reactions, and every one of them runs before the next task.
  await nextTask();
}

/** Resolves in the next task (a message, which fake timers leave alone, unlike setTimeout and setImmediate). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}
