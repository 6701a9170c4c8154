import type { BayeuxMessage } from './message.js';

/**
 * Hooks that see every message, meta messages included, on its way out and in. Each may change the
 * messages (e.g. add `ext` fields), drop some, or be async. They run in the order given, outgoing and
 * incoming alike, on whole batches.
 *
 * `headers` (outgoing only) is the client's request header map: an extension may add to it (e.g. an
 * `Authorization` header), and the change applies to the HTTP requests (and, in Node, the WebSocket
 * upgrades) that follow.
 *
 * @example
 * ```ts
 * const tokenExtension: Extension = {
 *   outgoing: (messages) => messages.map((m) => (m.channel === '/meta/handshake' ? { ...m, ext: { ...m.ext, token } } : m)),
 * };
 * new BayeuxClient({ url, extensions: [tokenExtension] });
 * ```
 */
export interface Extension {
  incoming?(messages: BayeuxMessage[]): BayeuxMessage[] | Promise<BayeuxMessage[]>;
  outgoing?(messages: BayeuxMessage[], headers: Record<string, string>): BayeuxMessage[] | Promise<BayeuxMessage[]>;
  /**
   * Asked when `subscription` holds again after a loss: whether this extension proves that nothing
   * published meanwhile was missed (the ack extension within one session, a replay the server
   * confirmed). Any extension saying yes makes the channel's `continuity$` say `'recovered'`; else
   * it says `'gap'`. `sameSession`: the server kept the session (same clientId) across the loss.
   */
  recovers?(subscription: string, context: { sameSession: boolean }): boolean;
  /**
   * With `share: 'tabs'`: what this extension knows of the session, as JSON. The leader tab saves it
   * with each batch of messages it passes on to the other tabs; the tab that takes over restores it
   * and continues the same session. `save()` says `undefined` when there is nothing worth
   * continuing (the ack extension: the server did not enable acks). `key` names it in the saved session.
   * @internal
   */
  handover?: { key: string; save(): unknown; restore(saved: unknown): void };
}

/**
 * An extension that also knows how to get (new) credentials: `authenticate()` is called when the
 * server denies a handshake, and the handshake is retried once after it resolves. Pass it as the
 * `auth` option.
 *
 * @example
 * ```ts
 * let token = await login();
 * const auth: AuthExtension = {
 *   outgoing: (ms) => ms.map((m) => (m.channel === '/meta/handshake' ? { ...m, ext: { ...m.ext, token } } : m)),
 *   authenticate: async () => void (token = await login()),
 * };
 * ```
 */
export interface AuthExtension extends Extension {
  authenticate(): Promise<void>;
}
