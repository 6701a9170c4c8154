import type { BroadcastChannelConstructor, BroadcastChannelLike, LockManagerLike, TabPlatform } from './tabPlatform.js';

/**
 * In-memory Web Locks and BroadcastChannel shared by the "tabs" of one test: exclusive locks
 * granted in request order, `ifAvailable`, `signal`; messages delivered to every other channel of
 * the same name in a later microtask, structured-cloned, as browsers do. For unit tests.
 * @internal
 */
export class FakeTabWorld {
  readonly #holders = new Map<string, object>();
  readonly #queues = new Map<string, Array<{ grant: () => void }>>();
  readonly #channels = new Map<string, Set<BroadcastChannelLike>>();

  /** A new tab's view of the platform. */
  tab(): TabPlatform & { crash(): void } {
    const held = new Set<{ release: () => void }>();
    const waiting = new Set<() => void>();
    // The fakes below are per tab but share this world's locks and channels.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const world = this;
    const locks: LockManagerLike = {
      request(name, options, callback) {
        return new Promise((resolve, reject) => {
          const grant = (): void => {
            const token = {};
            world.#holders.set(name, token);
            const entry = {
              release: () => {
                if (!held.delete(entry)) return;
                world.#release(name, token);
              },
            };
            held.add(entry);
            Promise.resolve()
              .then(() => callback({ name }))
              .then(
                (value) => {
                  entry.release();
                  resolve(value);
                },
                (error: unknown) => {
                  entry.release();
                  reject(error);
                },
              );
          };
          if (!world.#holders.has(name)) return grant();
          if (options.ifAvailable) {
            Promise.resolve()
              .then(() => callback(null))
              .then(resolve, reject);
            return;
          }
          const queue = world.#queues.get(name) ?? [];
          world.#queues.set(name, queue);
          const waiter = { grant };
          queue.push(waiter);
          const leave = (): boolean => {
            waiting.delete(leave);
            const at = queue.indexOf(waiter);
            if (at >= 0) queue.splice(at, 1);
            return at >= 0;
          };
          waiting.add(leave);
          options.signal?.addEventListener('abort', () => {
            if (leave()) reject(new DOMException('aborted', 'AbortError'));
          });
        });
      },
    };
    const channels = new Set<BroadcastChannelLike>();
    class FakeBroadcastChannel implements BroadcastChannelLike {
      onmessage: ((event: { data: unknown }) => void) | null = null;
      readonly #name: string;
      constructor(name: string) {
        this.#name = name;
        const set = world.#channels.get(name) ?? new Set();
        world.#channels.set(name, set);
        set.add(this);
        channels.add(this);
      }
      postMessage(message: unknown): void {
        // As browsers do: a closed channel (a crashed tab's) posts nothing.
        if (!channels.has(this)) throw new DOMException('BroadcastChannel is closed', 'InvalidStateError');
        const copy = structuredClone(message);
        for (const other of world.#channels.get(this.#name) ?? []) {
          if (other !== this) queueMicrotask(() => other.onmessage?.({ data: copy }));
        }
      }
      close(): void {
        world.#channels.get(this.#name)?.delete(this);
        channels.delete(this);
      }
    }
    return {
      locks,
      BroadcastChannel: FakeBroadcastChannel as BroadcastChannelConstructor,
      /** The tab is gone without a word: its locks are released and its channels closed. */
      crash() {
        for (const leave of [...waiting]) leave();
        for (const entry of [...held]) entry.release();
        for (const channel of [...channels]) channel.close();
      },
    };
  }

  /** Posts a message as a stranger would (for bad-input tests). */
  post(name: string, message: unknown): void {
    for (const channel of this.#channels.get(name) ?? []) queueMicrotask(() => channel.onmessage?.({ data: message }));
  }

  holder(name: string): boolean {
    return this.#holders.has(name);
  }

  #release(name: string, token: object): void {
    if (this.#holders.get(name) !== token) return;
    this.#holders.delete(name);
    const next = this.#queues.get(name)?.shift();
    next?.grant();
  }
}

/** Lets every pending microtask (and the ones they queue) run. */
export async function flushTabs(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
