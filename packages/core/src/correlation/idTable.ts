/**
 * Values by id, for ids that come and go at a high rate: a request's id lives for one round trip.
 * A Map would do the job in fewer lines, but not at this rate. Every few dozen deletes V8 moves a
 * Map to a new backing table, and the old table keeps a link to the new one and its own entries.
 * Once a table has lived through a full GC, it sits in the old generation, and the young GC treats
 * what it points to as alive. Then each table it replaced keeps every request since alive until the
 * next full GC, and the young GC promotes them all. At 64 RPC calls in flight that was about 1 MB per
 * young GC, several full GCs per 100,000 calls, and the latency tail they bring (measured by
 * `node bench/rpcProfile.mjs --measures=gc`). A plain object's dictionary keeps no such links.
 *
 * Iteration is in the order the ids were added, provided that ids increase as
 * {@link PendingReplies.nextId} makes them (a fixed prefix and a growing decimal). An object lists
 * integer-like keys in ascending numeric order and other keys in the order they were added, and for
 * increasing ids both are the order of adding.
 *
 * @example
 * ```ts
 * const outstanding = new IdTable<Message>();
 * outstanding.set(message.id, message);
 * const answered = outstanding.take(reply.id);
 * ```
 * @internal
 */
export class IdTable<V extends object> {
  /** No prototype, so an id such as `constructor` or `__proto__` is only ever an id. */
  #entries: Record<string, V> = Object.create(null) as Record<string, V>;
  #size = 0;

  /** How many ids have a value. */
  get size(): number {
    return this.#size;
  }

  get(id: string): V | undefined {
    return this.#entries[id];
  }

  /** Sets the value of `id`. A new id comes last in the order of iteration; a known one keeps its place. */
  set(id: string, value: V): void {
    if (this.#entries[id] === undefined) this.#size++;
    this.#entries[id] = value;
  }

  /** Removes `id` and returns its value (`undefined` if it had none). */
  take(id: string): V | undefined {
    const entries = this.#entries;
    const value = entries[id];
    if (value === undefined) return undefined;
    delete entries[id];
    this.#size--;
    return value;
  }

  /** The values in the order added. Removing values meanwhile is safe: a removed value is not visited. */
  *values(): IterableIterator<V> {
    const entries = this.#entries;
    for (const id in entries) {
      const value = entries[id];
      if (value !== undefined) yield value;
    }
  }

  /** Removes every value and returns them, in the order added. */
  clear(): V[] {
    const values = [...this.values()];
    this.#entries = Object.create(null) as Record<string, V>;
    this.#size = 0;
    return values;
  }
}
