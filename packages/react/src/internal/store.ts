/**
 * @internal
 * The part every hook's observer shares: a snapshot for `useSyncExternalStore`, its listeners, and
 * `start`/`stop` when the first listener comes and the last one leaves.
 */
export abstract class Store<S> {
  protected readonly listeners = new Set<() => void>();
  protected result!: S;
  private initial!: S;

  /** Sets the first snapshot; each subclass calls it from its constructor. */
  protected init(initial: S): void {
    this.result = this.initial = initial;
  }

  readonly getSnapshot = (): S => this.result;

  /** The snapshot before any subscription: what server rendering and hydration see. */
  readonly getServerSnapshot = (): S => this.initial;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.start();
    return () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0) this.stop();
    };
  };

  protected abstract start(): void;
  protected abstract stop(): void;

  protected publish(next: S): void {
    if (next === this.result) return;
    this.result = next;
    for (const listener of [...this.listeners]) listener();
  }
}

/** @internal */
export function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value), { cause: value });
}
