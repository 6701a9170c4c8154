import { systemClock, type Clock } from '../clock.js';
import { JobTimer } from '../timing/jobTimer.js';
import { IdTable } from './idTable.js';

/**
 * What {@link PendingReplies} needs of each entry. The owner's entries add what it needs to finish
 * them (resolvers, the request, where it went out), so one record per request is all there is.
 */
export interface PendingReply {
  /** The id the reply will carry (see {@link PendingReplies.nextId}). */
  readonly id: string;
  /** How long to wait for the reply, counted from {@link PendingReplies.add}. `Infinity`: forever. */
  readonly timeoutMs: number;
  /** When the entry times out, in clock time; set by {@link PendingReplies.add}. */
  deadline: number;
  /**
   * Whether the request is on the wire. An entry still waiting to go out (queued) expects no late
   * reply when it ends, so its id is not remembered as abandoned. Left out: it is on the wire.
   */
  sent?: boolean;
  /** Called by {@link PendingReplies.rejectAll}, if present. */
  reject?(error: unknown): void;
}

/** Options of {@link PendingReplies}. */
export interface PendingRepliesOptions<E extends PendingReply> {
  /**
   * Called for each entry whose deadline passed, after it left the table (its id abandoned, so a
   * late reply is recognised). The owner decides what a timeout means (reject, retry, reconnect).
   */
  onTimeout: (entry: E) => void;
  /** @default the global timers */
  clock?: Clock;
  /** How many ids of entries that ended without their reply are remembered. @default 1000 */
  abandonedLimit?: number;
  /** Prefix of the ids {@link PendingReplies.nextId} makes. @default '' */
  idPrefix?: string;
}

/** Options of {@link PendingReplies.abandonAll} and {@link PendingReplies.rejectAll}. */
export interface AbandonAllOptions<E> {
  /** Only the entries it picks; without it, every entry. */
  where?: (entry: E) => boolean;
  /** Runs for each entry after it left the table. */
  each?: (entry: E) => void;
}

/**
 * The one correlation table of the toolkit: requests waiting for their reply, by id. It hands out
 * unique ids, times entries out with one timer for all deadlines, ends them (answered, or abandoned
 * without their reply), and remembers recently abandoned ids so a late reply can be told from an
 * unknown one. What a reply or a failure means is the owner's business: the RPC request manager
 * resolves promises and re-queues calls made with `retry`; the Bayeux session reacts per meta channel.
 *
 * @example
 * ```ts
 * interface Call extends PendingReply { resolve(value: unknown): void; reject(error: unknown): void }
 * const table = new PendingReplies<Call>({ onTimeout: (call) => call.reject(new Error('timeout')) });
 * const id = table.nextId();
 * table.add({ id, timeoutMs: 5000, deadline: 0, resolve, reject });
 * socket.send(JSON.stringify({ id, method: 'ping' }));
 * // when the reply arrives:
 * const call = table.take(reply.id);
 * if (call) call.resolve(reply.result);
 * else if (!table.abandoned(reply.id)) report('a reply nobody asked for');
 * ```
 */
export class PendingReplies<E extends PendingReply> {
  /**
   * In the order they were added; owners rely on it (a queue sent in call order, the oldest call in
   * flight). An IdTable, not a Map: see there why a Map that churns this fast costs GC.
   */
  readonly #entries = new IdTable<E>();
  /** Ids of entries that ended on the wire without their reply: a reply may still come. */
  readonly #abandoned = new Set<string>();
  readonly #onTimeout: (entry: E) => void;
  readonly #clock: Clock;
  readonly #abandonedLimit: number;
  readonly #idPrefix: string;
  #seq = 0;
  /** One timer for every deadline, set for the earliest (a timer per request costs more than the request on a fast link). */
  readonly #timer: JobTimer;
  /** When the timer fires; `Infinity` while it is not set. */
  #timerAt = Infinity;

  constructor(options: PendingRepliesOptions<E>) {
    this.#onTimeout = options.onTimeout;
    const clock = (this.#clock = options.clock ?? systemClock);
    this.#timer = new JobTimer(clock);
    this.#abandonedLimit = options.abandonedLimit ?? 1000;
    this.#idPrefix = options.idPrefix ?? '';
  }

  /** Entries waiting. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * A new id, unique for this table. Decimal, so a protocol may send it as a JSON number (cheaper to
   * write and to read back than a short string, which `JSON.parse` interns). Written with
   * `toFixed(0)`, not `String()`: V8 keeps the latter's strings in its number-to-string cache, so
   * every id outlived the young-generation GC and was promoted (GC bound the RPC call rate).
   */
  nextId(): string {
    return this.#idPrefix + (++this.#seq).toFixed(0);
  }

  /** Starts waiting for the reply to `entry.id`, until `entry.timeoutMs` from now. */
  add(entry: E): void {
    const { timeoutMs } = entry;
    const deadline = (entry.deadline = timeoutMs < Infinity ? this.#clock.now() + timeoutMs : Infinity);
    this.#entries.set(entry.id, entry);
    if (deadline < this.#timerAt) this.#arm(deadline, timeoutMs);
  }

  /** The entry waiting for `id`, left in place. */
  get(id: string): E | undefined {
    return this.#entries.get(id);
  }

  /** The reply to `id` came: the entry leaves the table and is returned (`undefined` if none waited). */
  take(id: string | undefined): E | undefined {
    if (id === undefined) return undefined;
    const entries = this.#entries;
    const entry = entries.take(id);
    if (!entry) return undefined;
    // No timer left idle once nothing waits (a Node script then exits by itself).
    if (!entries.size && this.#timer.running) this.#arm(Infinity, 0);
    return entry;
  }

  /** The entry for `id` ends without its reply (failed, cancelled): a late reply to it is then no surprise. */
  abandon(id: string | undefined): E | undefined {
    const entry = this.take(id);
    if (entry && entry.sent !== false) this.#remember(entry.id);
    return entry;
  }

  /** Whether `id` belongs to an entry that ended on the wire without its reply (one of the last `abandonedLimit`). */
  abandoned(id: string): boolean {
    return this.#abandoned.has(id);
  }

  /** The first entry (in the order added) that `test` picks. */
  find(test: (entry: E) => boolean): E | undefined {
    for (const entry of this.#entries.values()) if (test(entry)) return entry;
    return undefined;
  }

  /** Every waiting entry, in the order added. Ending entries meanwhile is safe. */
  values(): IterableIterator<E> {
    return this.#entries.values();
  }

  /**
   * Abandons every entry (or those `where` picks), e.g. because the connection was lost, and runs
   * `each` for each once it left the table. Entries added by `each` are not abandoned.
   */
  abandonAll(options: AbandonAllOptions<E> = {}): void {
    const { where, each } = options;
    // A snapshot: `each` may add entries (a retry) or end others (a session that closes).
    for (const entry of [...this.#entries.values()]) {
      if ((where && !where(entry)) || this.#entries.get(entry.id) !== entry) continue;
      this.abandon(entry.id);
      each?.(entry);
    }
  }

  /** Abandons every entry (or those `where` picks) and rejects each with `error` through its `reject`. */
  rejectAll(error: unknown, options: Pick<AbandonAllOptions<E>, 'where'> = {}): void {
    this.abandonAll({ ...options, each: (entry) => entry.reject?.(error) });
  }

  #remember(id: string): void {
    const abandoned = this.#abandoned;
    abandoned.add(id);
    // Bounded: only recent late replies matter. A Set iterates in insertion order, so this is the oldest.
    if (abandoned.size > this.#abandonedLimit) abandoned.delete(abandoned.values().next().value as string);
  }

  /** (Re)sets the timer to fire at `at`, `delay` ms from now; `Infinity` clears it. */
  #arm(at: number, delay: number): void {
    this.#timerAt = at;
    if (at < Infinity) this.#timer.start(delay, this.#sweep);
    else this.#timer.stop();
  }

  /** Times out every entry whose deadline passed, then waits for the next deadline. */
  readonly #sweep = (): void => {
    this.#timerAt = Infinity;
    const now = this.#clock.now();
    // In turn, without a snapshot: a timeout may end other entries (a session that closes), and the
    // table's iteration skips entries removed meanwhile.
    for (const entry of this.#entries.values()) {
      if (entry.deadline > now) continue;
      this.abandon(entry.id);
      this.#onTimeout(entry);
    }
    let next = Infinity;
    for (const entry of this.#entries.values()) if (entry.deadline < next) next = entry.deadline;
    // An entry added by onTimeout may have set the timer already.
    if (next < this.#timerAt) this.#arm(next, next - now);
  };
}
