/**
 * Collects the messages sent within one microtask and hands them over as one batch (a single
 * message goes alone). @internal
 */
export class Batcher {
  private pending: unknown[] | undefined;

  constructor(private readonly flush: (messages: unknown[]) => void) {}

  add(message: unknown): void {
    if (this.pending) {
      this.pending.push(message);
      return;
    }
    const batch = (this.pending = [message]);
    queueMicrotask(() => {
      if (this.pending !== batch) return;
      this.pending = undefined;
      this.flush(batch);
    });
  }

  /** Drops what waits (the link dropped or the client closed). */
  discard(): void {
    this.pending = undefined;
  }
}
