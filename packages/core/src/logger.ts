import type { RxwireError } from './errors.js';
import type { Multicast } from './multicast.js';

/** Where errors that nobody observes end up. @default console.warn */
export type Logger = (message: string, error?: unknown) => void;

/** An object logger in the convention users know: `console`, pino, winston. */
export interface LoggerObject {
  warn(message: string, ...rest: unknown[]): void;
}

/**
 * What a client's `logger` option takes: a function, an object with `warn()` (`console`, pino,
 * winston), or `false` to silence. @default console.warn
 */
export type LoggerOption = Logger | LoggerObject | false;

const SECRET_PARAMS = /([?&](?:access_token|token|auth|authorization|password|passwd|pwd|secret|key|api_key|apikey|signature|sig|session|jwt)=)[^&#\s"']*/gi;
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@"']+(?::[^/\s@"']*)?@/gi;
const AUTH_HEADER = /(\b(?:authorization|cookie|set-cookie|x-api-key|proxy-authorization)\b["']?\s*[:=]\s*["']?)(?:bearer\s+|basic\s+)?[^\s,;"'}&)\]]+/gi;
const SECRET_FIELDS = /(["']?(?:password|passwd|token|access_token|secret|credentials?|api_key|apikey|authToken)["']?\s*[:=]\s*["']?)[^\s,;"'}&)\]]+/gi;

/**
 * Removes credentials from a text before it is logged or put in an error message: URL user info,
 * secret-looking query parameters, authorization and cookie headers, and password/token fields.
 *
 * @example
 * ```ts
 * redact('wss://bob:hunter2@host/ws?token=abc'); // 'wss://***@host/ws?token=***'
 * ```
 */
export function redact(text: string): string {
  return text
    .replace(URL_CREDENTIALS, '$1***@')
    .replace(SECRET_PARAMS, '$1***')
    .replace(AUTH_HEADER, '$1***')
    .replace(SECRET_FIELDS, '$1***');
}

/**
 * The default logger of every rxwire client: `console.warn`, looked up at call time so tests can spy on it.
 *
 * @example
 * ```ts
 * const logger = options.logger ?? defaultLogger;
 * ```
 */
export const defaultLogger: Logger = (message, error) => {
  console.warn(message, ...(error === undefined ? [] : [error]));
};

/**
 * Turns a `logger` option into the function the toolkit calls. A logger that throws never breaks the
 * client that logs through it: its failure is swallowed, since there is nowhere left to report it.
 *
 * @example
 * ```ts
 * const log = toLogger(options.logger); // console, pino, a function, false or undefined
 * log('[rxwire] something worth knowing');
 * ```
 */
export function toLogger(option: LoggerOption | undefined): Logger {
  if (option === false) return () => undefined;
  const write: Logger =
    option === undefined
      ? defaultLogger
      : typeof option === 'function'
        ? option
        : (message, error) => {
            // Called as a method: pino and winston loggers need their `this`.
            if (error === undefined) option.warn(message);
            else option.warn(message, error);
          };
  return (message, error) => {
    try {
      if (error === undefined) write(message);
      else write(message, error);
    } catch {
      // Nothing to do: the logger is where failures would be reported.
    }
  };
}

/** Logs an error, with credentials redacted from its message and its cause's. @internal */
export function logError(logger: Logger, context: string, error: unknown): void {
  const describe = (e: unknown): string =>
    e instanceof Error ? `${e.name}: ${e.message}${e.cause === undefined ? '' : ` (cause: ${describe(e.cause)})`}` : String(e);
  logger(redact(`[rxwire] ${context}: ${describe(error)}`));
}

/**
 * Where a non-fatal error goes, decided in one place for every rxwire client: to `errors` (a
 * client's `errors$`) when someone observes it, otherwise to the logger, with credentials redacted.
 * Errors are never lost silently and never thrown at the application.
 *
 * @example
 * ```ts
 * reportError(this.#errors, this.#logger, 'connection', new BadFrameError('...', size));
 * ```
 */
export function reportError(errors: Multicast<RxwireError>, logger: Logger, context: string, error: RxwireError): void {
  if (errors.observed) errors.next(error);
  else logError(logger, context, error);
}
