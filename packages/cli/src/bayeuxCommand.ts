import { Observable } from 'rxjs';
import { BayeuxClient } from '@rxwire/bayeux';
import { RxwireError } from '@rxwire/core';
import type { CommandSession } from './commandSession.js';
import type { BayeuxCommand } from './parseArgs.js';

/**
 * The client's failure, with the transport error before it as its cause when the client gave none (a
 * connect deadline says only "no session"). The client reports the failure on `errors$` too, so
 * the one that explains it is the last *other* error.
 */
function withLastFailure(error: unknown, recent: readonly RxwireError[]): unknown {
  if (!(error instanceof RxwireError) || error.cause !== undefined) return error;
  const cause = [...recent].reverse().find((e) => e !== error && !(e.code === error.code && e.message === error.message));
  return cause ? new RxwireError(error.code, error.message, { cause, payload: error.payload }) : error;
}

/**
 * `rxwire bayeux`: subscribes to every channel, then publishes what `--publish` asked for, then prints
 * each message as `{channel, data}` until stopped. With nothing to subscribe to it completes after
 * publishing.
 */
export function startBayeux(command: BayeuxCommand): CommandSession {
  // The connect deadline also ends a later outage that lasts as long: a tail that silently waits
  // forever would look like a quiet channel.
  const client = new BayeuxClient({ url: command.url, connectionTimeoutMs: command.timeoutMs, logger: false });
  const output$ = new Observable<unknown>((subscriber) => {
    const recent: RxwireError[] = [];
    const errors = client.errors$.subscribe((error) => {
      recent.push(error);
      if (recent.length > 2) recent.shift();
    });
    const channels = command.subscribe.map((name) => client.channel(name));
    const run = async (): Promise<void> => {
      await client.connect();
      for (const channel of channels) {
        subscriber.add(
          channel.messages$.subscribe({
            next: (message) => subscriber.next({ channel: message.channel, data: message.data }),
            error: (error: unknown) => subscriber.error(error),
          }),
        );
      }
      // Publishing before the server confirmed the subscriptions could miss our own message.
      await Promise.all(channels.map((channel) => waitForTrue(channel.subscribed$)));
      for (const { channel, data } of command.publish) await client.publish(channel, data);
      if (channels.length === 0) subscriber.complete();
    };
    run().catch((error: unknown) => subscriber.error(withLastFailure(error, recent)));
    return () => errors.unsubscribe();
  });
  return { output$, inspect$: client.inspect$, close: () => client.disconnect() };
}

/** Resolves on the first `true`; never settles otherwise (a denied subscribe errors the output instead). */
function waitForTrue(flag$: Observable<boolean>): Promise<void> {
  return new Promise((resolve) => {
    const subscription = flag$.subscribe((value) => {
      if (!value) return;
      resolve();
      // Unsubscribing inside the callback of a synchronous first value needs the subscription first.
      queueMicrotask(() => subscription.unsubscribe());
    });
  });
}
