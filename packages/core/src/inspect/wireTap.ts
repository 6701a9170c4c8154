import { Observable } from 'rxjs';
import type { Clock } from '../clock.js';
import { redact } from '../logger.js';
import { Multicast } from '../multicast.js';
import type { ConnectionState } from '../types.js';
import type { RxwireError } from '../errors.js';
import type { InspectSnapshot, WireEvent } from './wireEvent.js';
// Types only from the lazy chunk: a value import would pull the recorder into every app's bundle.
import type { WireRecorder, WireRecorderOptions } from './wireRecorder.js';

export type { InspectSnapshot, Inspectable, WireEvent } from './wireEvent.js';

const OPTIONAL_FIELDS = ['connectionType', 'clientId', 'role', 'lastError'] as const;

/** What a client knows of itself for `WireTap.snapshot`; the tap adds what it counted. @internal */
export interface SnapshotBase extends Pick<InspectSnapshot, 'kind' | 'state'>, Partial<Pick<InspectSnapshot, 'channels' | 'calls'>> {
  /** Redacted here; a url function (not yet called) shows as ''. */
  url: unknown;
  connectionType?: string | undefined;
  clientId?: string | undefined;
  role?: InspectSnapshot['role'] | undefined;
  lastError?: RxwireError | undefined;
}

/**
 * Where a client's wire hooks go. While nobody observes `inspect$`, {@link on} is undefined and a
 * hook (`tap.on?.frame(...)`) costs one property read: nothing is built, nothing allocated. The
 * first observer loads the {@link WireRecorder} (a dynamic import, so bundlers put it in a chunk
 * apps load only when someone inspects); events start once it is there, a few milliseconds later.
 * The last observer leaving puts the hooks back to nothing.
 *
 * @example
 * ```ts
 * readonly #wire = new WireTap(clock);
 * readonly inspect$ = this.#wire.inspect$;
 * // on the hot path:
 * this.#wire.on?.frame('in', frame, message);
 * ```
 * @internal
 */
export class WireTap {
  /** The recorder while someone observes `inspect$`; undefined otherwise. */
  on: WireRecorder | undefined;
  /** Cold and lazy: replays nothing; the first observer starts the recording. */
  readonly inspect$: Observable<WireEvent>;
  readonly #events = new Multicast<WireEvent>();
  readonly #clock: Clock;
  /** The client's state as last seen (the tap follows it from the start, to count reconnects). */
  #state: ConnectionState | undefined;
  /** Times the client was connected again after a loss. */
  #reconnects = 0;
  #connectedBefore = false;
  /** Kept once loaded, so observing again starts at once. */
  #Recorder: (new (options: WireRecorderOptions) => WireRecorder) | undefined;

  constructor(clock: Clock) {
    this.#clock = clock;
    this.inspect$ = new Observable<WireEvent>((subscriber) => {
      const subscription = this.#events.observable.subscribe(subscriber);
      if (!this.on) this.#start();
      return () => {
        subscription.unsubscribe();
        if (!this.#events.observed) this.#stop();
      };
    });
  }

  /**
   * Follows the client's replaying `state$`: its changes become 'state' events while recording, and
   * its reconnects are counted for {@link snapshot}. Not on a hot path: a state changes rarely.
   * Returns `inspect$`, for the client to expose.
   */
  follow(state$: Observable<ConnectionState>): Observable<WireEvent> {
    state$.subscribe((state) => {
      const changed = this.#state !== undefined && state !== this.#state;
      this.#state = state;
      if (state === 'connected') {
        if (this.#connectedBefore) this.#reconnects++;
        this.#connectedBefore = true;
      }
      // The replayed current state is no change, and inspect$ replays nothing.
      if (changed) this.on?.state(state);
    });
    return this.inspect$;
  }

  /** The client as it is now: what it knows of itself, the url redacted, plus what the tap counted. */
  snapshot(base: SnapshotBase): InspectSnapshot {
    const { url, channels = [], calls = [] } = base;
    const snapshot: Record<string, unknown> = { kind: base.kind, url: typeof url === 'string' ? redact(url) : '', state: base.state, reconnects: this.#reconnects, channels, calls };
    // What the client does not know (no session yet, no error so far) is left out, not undefined.
    for (const key of OPTIONAL_FIELDS) if (base[key] !== undefined) snapshot[key] = base[key];
    return snapshot as unknown as InspectSnapshot;
  }

  #start(): void {
    const Recorder = this.#Recorder;
    if (!Recorder) {
      void import('./wireRecorder.js').then((loaded) => {
        this.#Recorder = loaded.WireRecorder;
        // Everyone may have left while it loaded.
        if (this.#events.observed && !this.on) this.#start();
      });
      return;
    }
    this.on = new Recorder({ clock: this.#clock, redact, emit: (event) => this.#events.next(event) });
  }

  #stop(): void {
    this.on = undefined;
  }
}
