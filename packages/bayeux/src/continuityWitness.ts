import type { Continuity } from '@rxwire/core';
import type { Extension } from './extension.js';

/**
 * Decides what a channel's `continuity$` says when its subscription holds again after a loss:
 * `'recovered'` only when an extension proves nothing was missed (see {@link Extension.recovers}),
 * e.g. the ack extension enabled by the server in a session that survived the loss, or a replay the
 * server confirmed; `'gap'` otherwise, so the app knows to refetch. It remembers the session each
 * channel last held in, since "the same session" is what the ack extension's proof depends on.
 * @internal
 */
export class ContinuityWitness {
  readonly #extensions: readonly Extension[];
  /** Per channel, the clientId of the session in which its subscription held last. */
  readonly #heldIn = new Map<string, string | undefined>();

  constructor(extensions: readonly Extension[]) {
    this.#extensions = extensions;
  }

  /** With `share: 'tabs'`: these channels held in session `clientId`, run by another tab, which this tab continues. */
  heldIn(channels: readonly string[], clientId: string): void {
    for (const channel of channels) this.#heldIn.set(channel, clientId);
  }

  /** `channel` holds (again) in session `clientId`: whether nothing published since it held last was missed. */
  resumed(channel: string, clientId: string | undefined): Continuity['resumed'] {
    const sameSession = clientId !== undefined && this.#heldIn.has(channel) && this.#heldIn.get(channel) === clientId;
    this.#heldIn.set(channel, clientId);
    return this.#extensions.some((extension) => extension.recovers?.(channel, { sameSession })) ? 'recovered' : 'gap';
  }
}
