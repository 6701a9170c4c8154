// A test double for the panel's tests: an Inspectable whose snapshot the test sets and whose wire
// events the test emits, counting how many observe inspect$ (the panel must stop watching when it
// closes or unmounts).
import { BehaviorSubject, Observable, Subject } from 'rxjs';
import type { InspectSnapshot, TabRole, WireEvent } from '@rxwire/core';
import type { InspectableClient } from '../internal/inspectorStore.js';

export interface FakeInspectable extends InspectableClient {
  /** Emits a wire event to every current observer of inspect$. */
  emit(event: Omit<WireEvent, 'at'> & { at?: number }): void;
  /** Changes what inspect() answers from now on. */
  setSnapshot(change: Partial<InspectSnapshot>): void;
  /** Current observers of inspect$. */
  readonly observers: number;
  /** inspect() calls so far. */
  readonly snapshotReads: number;
  /** Emits on role$ (only with the `role` option). */
  setRole(role: TabRole): void;
}

export interface FakeInspectableOptions {
  snapshot?: Partial<InspectSnapshot>;
  /** Give the fake a `role$` replaying this role, as a client with `share: 'tabs'` has. */
  role?: TabRole;
}

export function emptySnapshot(change: Partial<InspectSnapshot> = {}): InspectSnapshot {
  return { kind: 'bayeux', url: 'http://127.0.0.1:8081/bayeux', state: 'connected', reconnects: 0, channels: [], calls: [], ...change };
}

export function createFakeInspectable({ snapshot, role }: FakeInspectableOptions = {}): FakeInspectable {
  let current = emptySnapshot(snapshot);
  let reads = 0;
  const events = new Subject<WireEvent>();
  let observers = 0;
  const inspect$ = new Observable<WireEvent>((subscriber) => {
    observers++;
    const subscription = events.subscribe(subscriber);
    return () => {
      observers--;
      subscription.unsubscribe();
    };
  });
  const roles = role === undefined ? undefined : new BehaviorSubject<TabRole>(role);
  return {
    inspect$,
    inspect() {
      reads++;
      return current;
    },
    ...(roles ? { role$: roles.asObservable() } : {}),
    emit: (event) => events.next({ at: Date.now(), ...event }),
    setSnapshot(change) {
      current = { ...current, ...change };
    },
    get observers() {
      return observers;
    },
    get snapshotReads() {
      return reads;
    },
    setRole(next) {
      if (!roles) throw new Error('createFakeInspectable: pass the role option to give the fake a role$');
      roles.next(next);
    },
  };
}
