import type { ChannelMessage } from '@rxwire/core';
import type { BayeuxChannel } from './bayeuxChannel.js';
import { channelMatches, isWildChannel } from './channelName.js';
import type { BayeuxMessage } from './message.js';
import type { ServiceRequests } from './serviceRequests.js';

/**
 * A client's channels by name, and where each inbound message goes: to the channel of its name, to
 * every `/*` and `/**` pattern it matches, and to the oldest request waiting on its service channel.
 * The session's dispatcher hands events straight to {@link deliver}. @internal
 */
export class ChannelRouter {
  readonly #channels = new Map<string, BayeuxChannel<unknown>>();
  /** The patterns among them: an event is matched against these, and looked up by name. */
  readonly #patterns: BayeuxChannel<unknown>[] = [];
  /** The `request()` calls waiting for a reply on a service channel. */
  readonly #services: ServiceRequests;

  constructor(services: ServiceRequests) {
    this.#services = services;
  }

  get(name: string): BayeuxChannel<unknown> | undefined {
    return this.#channels.get(name);
  }

  add(channel: BayeuxChannel<unknown>): void {
    this.#channels.set(channel.name, channel);
    if (isWildChannel(channel.name)) this.#patterns.push(channel);
  }

  values(): IterableIterator<BayeuxChannel<unknown>> {
    return this.#channels.values();
  }

  /** An event from the server, to every channel it concerns. A bound field: the session calls it as its `deliver` port. */
  readonly deliver = (message: BayeuxMessage): void => {
    const name = message.channel;
    this.#services.deliver(message);
    // Made whole by one literal or the other: adding `id` afterwards costs a hidden-class transition per message.
    const delivered: ChannelMessage = message.id === undefined ? { channel: name, data: message.data } : { channel: name, data: message.data, id: message.id };
    const patterns = this.#patterns;
    for (const pattern of patterns) if (pattern.isActive && channelMatches(pattern.name, name)) pattern.deliver(delivered);
    const exact = this.#channels.get(name);
    // A (bogus) event on a pattern's own name was matched above. Asked of the channel, not of its name:
    // a string search on every message showed in receive profiles, and patterns are few (usually none).
    if (exact?.isActive && !(patterns.length > 0 && patterns.includes(exact))) exact.deliver(delivered);
  };
}
