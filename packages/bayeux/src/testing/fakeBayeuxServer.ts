import { createFakeWebSocket, type FakeSocket, type FakeWebSocketFactory } from '@rxwire/core/testing';
import type { BayeuxMessage } from '../message.js';
import type { VirtualClock } from '@rxwire/core/testing';

/**
 * A scripted Bayeux server behind fake WebSockets, for unit tests: answers handshakes, subscribes and
 * publishes at once, returns a first connect (advice timeout 0) at once and holds later ones until
 * {@link deliver} or {@link releaseConnects}. @internal
 */
export class FakeBayeuxServer {
  readonly ws: FakeWebSocketFactory = createFakeWebSocket();
  /** Every message the clients sent, in order. */
  readonly received: BayeuxMessage[] = [];
  /** Frames (batches) the clients sent. */
  readonly frames: BayeuxMessage[][] = [];
  readonly denied = new Set<string>();
  /** Set to refuse new sockets (they fail as a refused connection would). */
  refuse = false;
  /** The handshake reply's supportedConnectionTypes. */
  connectionTypes = ['websocket', 'long-polling'];
  /** Extra advice in handshake replies (e.g. hosts). */
  handshakeAdvice: Record<string, unknown> = {};
  /** `ext` of handshake replies (e.g. `{ replay: true }` for a server that confirms replay). */
  handshakeExt: Record<string, unknown> | undefined;
  /** Extra fields for the next publish ack, by channel. */
  readonly ackData = new Map<string, unknown>();
  /** The ack extension: enabled for a handshake that asks, each connect reply then numbers its batch (`ext.ack`). */
  ack = false;
  /** The batch number of the last connect reply. */
  batch = 0;
  /** The sessions the server knows (a goodbye ends one); with `checkClients`, others are answered `402::session_unknown`. */
  readonly clients = new Set<string>();
  checkClients = false;
  private readonly seen = new WeakMap<FakeSocket, number>();
  private held: Array<{ socket: FakeSocket; message: BayeuxMessage }> = [];
  private nextClient = 0;

  /** With a clock, each settle round also runs timers due now (a zero advice.interval). */
  constructor(private readonly clock?: VirtualClock) {}

  /** Lets the client's microtasks and promise chains run, answering whatever it sent. */
  async settle(rounds = 8): Promise<void> {
    for (let i = 0; i < rounds; i++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.clock?.advance(0);
      this.process();
    }
  }

  /** Sends an event to every held connect's socket, with the connect reply. */
  deliver(channel: string, data: unknown): void {
    const held = this.held;
    this.held = [];
    for (const { socket, message } of held) {
      socket.receive(JSON.stringify([{ channel, data }, this.connectReply(message)]));
    }
  }

  /** Answers the held connects with the given fields (e.g. an error). */
  releaseConnects(fields: Partial<BayeuxMessage> = {}): void {
    const held = this.held;
    this.held = [];
    for (const { socket, message } of held) socket.receive(JSON.stringify([{ ...this.connectReply(message), ...fields }]));
  }

  get heldConnects(): number {
    return this.held.filter((h) => h.socket.readyState === 1).length;
  }

  private process(): void {
    for (const socket of this.ws.sockets) {
      if (socket.readyState === 0 && !socket.closedBy) {
        if (this.refuse) socket.fail();
        else socket.open();
      }
      if (socket.closedBy && socket.readyState === 2) socket.serverClose(1000, '', true);
      const from = this.seen.get(socket) ?? 0;
      this.seen.set(socket, socket.sent.length);
      for (const frame of socket.sent.slice(from)) {
        const batch = JSON.parse(frame as string) as BayeuxMessage[];
        this.frames.push(batch);
        const replies: BayeuxMessage[] = [];
        for (const message of batch) {
          this.received.push(message);
          const reply = this.answer(socket, message);
          if (reply) replies.push(reply);
        }
        if (replies.length && socket.readyState === 1) socket.receive(JSON.stringify(replies));
      }
    }
  }

  private answer(socket: FakeSocket, message: BayeuxMessage): BayeuxMessage | undefined {
    if (this.checkClients && message.channel !== '/meta/handshake' && !this.clients.has(message.clientId as string)) {
      return { ...this.reply(message), successful: false, error: '402::session_unknown', advice: { reconnect: 'handshake', interval: 0 } };
    }
    switch (message.channel) {
      case '/meta/handshake': {
        const clientId = `client${++this.nextClient}`;
        this.clients.add(clientId);
        const ack = this.ack && message.ext?.['ack'] === true;
        return {
          ...this.reply(message),
          clientId,
          supportedConnectionTypes: this.connectionTypes,
          advice: { reconnect: 'retry', interval: 0, timeout: 30_000, ...this.handshakeAdvice },
          ...((this.handshakeExt || ack) && { ext: { ...this.handshakeExt, ...(ack && { ack: true }) } }),
        };
      }
      case '/meta/disconnect':
        this.clients.delete(message.clientId as string);
        return this.reply(message);
      case '/meta/connect':
        if (message.advice?.timeout === 0) return this.connectReply(message);
        this.held.push({ socket, message });
        return undefined;
      case '/meta/subscribe':
        if (this.denied.has(message.subscription as string)) {
          return { ...this.reply(message), successful: false, error: `403:${String(message.subscription)}:denied` };
        }
        return { ...this.reply(message), subscription: message.subscription as string };
      default: {
        const data = this.ackData.get(message.channel);
        return { ...this.reply(message), ...(data === undefined ? {} : { data }) };
      }
    }
  }

  private connectReply(message: BayeuxMessage): BayeuxMessage {
    return this.ack ? { ...this.reply(message), ext: { ack: ++this.batch } } : this.reply(message);
  }

  private reply(message: BayeuxMessage): BayeuxMessage {
    return { channel: message.channel, id: message.id as string, successful: true };
  }
}
