import { Observable } from 'rxjs';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { RxwireError } from '../errors.js';
import type { Channel, ChannelMessage } from '../types.js';
import { channelView } from './channelView.js';

/** The output type of a Standard Schema (zod, valibot, arktype...). */
export type SchemaOutput<S> = S extends StandardSchemaV1 ? StandardSchemaV1.InferOutput<S> : unknown;

/** What went wrong with one message, as an `INVALID_MESSAGE` error's `payload` carries it. */
export interface InvalidMessage {
  channel: string;
  /** The schema's issues; empty when the validator itself threw (see the error's `cause`). */
  issues: readonly StandardSchemaV1.Issue[];
  /** The message that was not delivered. */
  message: ChannelMessage;
}

/**
 * A view of `channel` whose `messages$` carry only messages whose `data` the schema accepts, as
 * the schema's output (its transforms applied), in arrival order (a validator may be async: later
 * messages wait for earlier ones). A message that fails is not delivered and is reported through
 * `report` as `INVALID_MESSAGE` (channel, issues and the message attached); a validator that throws
 * or rejects is reported the same way, with its error as `cause`. The stream goes on either way.
 * Everything else (`subscribed$`, `status$`, `continuity$`, `publish`) is the channel's own: the
 * wire subscription stays shared by every view of the channel.
 *
 * @example
 * ```ts
 * const Quote = z.object({ symbol: z.string(), price: z.number() });
 * const quotes = validatedChannel(client.channel('/quotes'), Quote, (error) => console.warn(error));
 * quotes.messages$.subscribe(({ data }) => render(data.price)); // data: { symbol: string; price: number }
 * ```
 */
export function validatedChannel<S extends StandardSchemaV1>(
  channel: Channel<unknown>,
  schema: S,
  report: (error: RxwireError) => void,
): Channel<SchemaOutput<S>> {
  const messages$ = new Observable<ChannelMessage<SchemaOutput<S>>>((subscriber) => {
    // Async validations settle in any order; delivery keeps the order messages came in. While none
    // is waiting, a synchronous result is delivered at once.
    let queue: Promise<void> = Promise.resolve();
    let waiting = 0;
    const inOrder = (step: () => void | Promise<void>): void => {
      if (waiting === 0) {
        void step();
        return;
      }
      waiting++;
      queue = queue.then(step).finally(() => waiting--);
    };
    const deliver = (message: ChannelMessage, result: StandardSchemaV1.Result<unknown>): void => {
      if (!result.issues) {
        subscriber.next({ ...message, data: result.value } as ChannelMessage<SchemaOutput<S>>);
        return;
      }
      const why = result.issues.map((issue) => issue.message).join('; ');
      report(invalid(`A message on ${channel.name} does not match its schema: ${why}`, { channel: channel.name, issues: result.issues, message }));
    };
    const failed = (message: ChannelMessage, cause: unknown): void => {
      report(invalid(`The schema of ${channel.name} failed on a message: it was not delivered.`, { channel: channel.name, issues: [], message }, cause));
    };
    return channel.messages$.subscribe({
      next: (message) => {
        let result: StandardSchemaV1.Result<unknown> | Promise<StandardSchemaV1.Result<unknown>>;
        try {
          result = schema['~standard'].validate(message.data);
        } catch (cause) {
          inOrder(() => failed(message, cause));
          return;
        }
        if (!(result instanceof Promise)) {
          const settled = result;
          inOrder(() => deliver(message, settled));
          return;
        }
        // An async validator: this message and every later one wait for it.
        const pending = result;
        waiting++;
        queue = queue
          .then(() => pending.then((settled) => deliver(message, settled), (cause: unknown) => failed(message, cause)))
          .finally(() => waiting--);
      },
      error: (error: unknown) => inOrder(() => subscriber.error(error)),
      complete: () => inOrder(() => subscriber.complete()),
    });
  });
  return channelView(channel, messages$);
}

function invalid(message: string, payload: InvalidMessage, cause?: unknown): RxwireError {
  return new RxwireError('INVALID_MESSAGE', message, cause === undefined ? { payload } : { payload, cause });
}

/**
 * The schema views of a client's channels, memoised per (channel, schema), so that
 * `client.channel(name, { schema })` gives the same object each time, as `channel(name)` does.
 */
export class ValidatedChannels {
  readonly #views = new WeakMap<Channel<unknown>, WeakMap<StandardSchemaV1, Channel<unknown>>>();
  readonly #report: (error: RxwireError) => void;

  /** `report`: where `INVALID_MESSAGE` goes (the client's `errors$`). */
  constructor(report: (error: RxwireError) => void) {
    this.#report = report;
  }

  /** The view of `channel` through `schema`. */
  get<S extends StandardSchemaV1>(channel: Channel<unknown>, schema: S): Channel<SchemaOutput<S>> {
    let bySchema = this.#views.get(channel);
    if (!bySchema) this.#views.set(channel, (bySchema = new WeakMap()));
    let view = bySchema.get(schema);
    if (!view) bySchema.set(schema, (view = validatedChannel(channel, schema, this.#report) as Channel<unknown>));
    return view as Channel<SchemaOutput<S>>;
  }
}
