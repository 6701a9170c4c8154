import { BehaviorSubject, type Observable } from 'rxjs';
import { toAsyncIterable, type BufferedAsyncIterator, type OverflowPolicy } from '@rxwire/core';

/**
 * The client's budget of buffered messages across all its async iterators (aiocometd's
 * `max_pending_count`): when the iterators hold `limit` messages together, fetching pauses; at half,
 * it resumes. Each iterator is bounded by `limit` too, with the configured overflow policy. @internal
 */
export class PendingBudget {
  private readonly iterators = new Set<BufferedAsyncIterator<unknown>>();
  private readonly total = new BehaviorSubject(0);
  private droppedByFinished = 0;
  private paused = false;
  readonly total$: Observable<number> = this.total.asObservable();

  constructor(
    private readonly limit: number,
    private readonly overflow: OverflowPolicy,
    private readonly pause: () => void,
    private readonly resume: () => void,
  ) {}

  get pendingCount(): number {
    return this.total.value;
  }

  /** Whether fetching is paused for the budget. */
  get isPaused(): boolean {
    return this.paused;
  }

  get droppedCount(): number {
    let dropped = this.droppedByFinished;
    for (const it of this.iterators) dropped += it.dropped;
    return dropped;
  }

  /** A bounded iterator over `source`, counted in the budget until it finishes. */
  iterate<T>(source: Observable<T>): BufferedAsyncIterator<T> {
    const iterator = toAsyncIterable(source, { limit: this.limit, overflow: this.overflow });
    const counted = iterator as BufferedAsyncIterator<unknown>;
    this.iterators.add(counted);
    iterator.pendingCount$.subscribe({
      next: () => this.update(),
      complete: () => {
        this.droppedByFinished += counted.dropped;
        this.iterators.delete(counted);
        this.update();
      },
    });
    return iterator;
  }

  private update(): void {
    let total = 0;
    for (const it of this.iterators) total += it.pendingCount;
    if (total !== this.total.value) this.total.next(total);
    if (!this.paused && total >= this.limit) {
      this.paused = true;
      this.pause();
    } else if (this.paused && total <= this.limit / 2) {
      this.paused = false;
      this.resume();
    }
  }
}
