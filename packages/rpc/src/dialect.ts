import { RxwireError } from '@rxwire/core';
import { dialectByName } from './dialectByName.js';
import type { Protocol } from './protocol.js';
import { capabilities, checkProtocolName, type Capability, type ProtocolName } from './protocolNames.js';

/** Options of {@link Dialect}. @internal */
export interface DialectOptions {
  /** Runs once a dialect given by name has loaded (in browsers, after the constructor returned). */
  onLoad(protocol: Protocol): void;
  /** Runs when it could not be loaded. */
  onError(error: RxwireError): void;
}

/**
 * A client's dialect: a `Protocol` object, or one given by name, which browsers load as a lazy
 * chunk. Until it is there, what it can do is known by its name, so what it lacks still throws at
 * once. @internal
 */
export class Dialect {
  readonly name: string;
  /** `undefined` while a dialect given by name loads. */
  protocol: Protocol | undefined;
  /** Resolves once `protocol` is there, or could not be loaded (then `onError` has run). */
  readonly ready: Promise<void>;

  constructor(given: ProtocolName | Protocol, options: DialectOptions) {
    if (typeof given === 'object') {
      this.name = given.name;
      this.protocol = given;
      this.ready = Promise.resolve();
      return;
    }
    const name = (this.name = checkProtocolName(given));
    const dialect = dialectByName(name);
    if (!(dialect instanceof Promise)) {
      this.protocol = dialect;
      this.ready = Promise.resolve();
      return;
    }
    this.ready = dialect.then(
      (protocol) => {
        this.protocol = protocol;
        options.onLoad(protocol);
      },
      (cause: unknown) => options.onError(new RxwireError('NOT_LOADED', `Could not load the ${name} dialect.`, { cause })),
    );
  }

  /** Whether the dialect has `capability`. */
  has(capability: Capability): boolean {
    const protocol = this.protocol;
    return protocol ? !!protocol[capability] : capabilities[this.name as ProtocolName].includes(capability);
  }

  /** Throws at once when the dialect has no `capability` (`what` names it for the message). */
  need(capability: Capability, what: string): void {
    if (!this.has(capability)) throw new RxwireError('NOT_SUPPORTED', `The ${this.name} dialect has no ${what}.`);
  }
}
