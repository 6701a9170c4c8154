import { redact, type Logger } from '../logger.js';
import { closestName } from './closestName.js';

/**
 * One option's rule: `undefined` when the value is acceptable, else what was expected, worded to
 * follow "must be" (e.g. `'a number >= 0'`).
 */
export type OptionRule = (value: unknown) => string | undefined;

/** The rules of every option a client knows; a name missing here is an unknown option. */
export type OptionRules = Record<string, OptionRule>;

/**
 * Checks a client's options when it is constructed, before any socket opens: a wrong type or range
 * throws a `TypeError` that names the option and what it expected; an unknown option name (a typo)
 * is reported once through the logger, with the closest known name. `undefined` values are left to
 * their defaults. Clients call it only when `process.env.NODE_ENV !== 'production'`, so production
 * bundles carry none of it.
 *
 * @example
 * ```ts
 * checkOptions('RpcClient', options, { url: isString, timeoutMs: isNumber({ min: 0 }) }, logger);
 * ```
 */
export function checkOptions(owner: string, options: unknown, rules: OptionRules, logger: Logger): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`${owner}: expected an options object, got ${describe(options)}.`);
  }
  const record = options as Record<string, unknown>;
  for (const [name, rule] of Object.entries(rules)) {
    if ((rule as Partial<RequiredRule>).required && record[name] === undefined) {
      throw new TypeError(`${owner}: option "${name}" is required: ${rule(undefined)}.`);
    }
  }
  for (const name of Object.keys(record)) {
    const rule = Object.hasOwn(rules, name) ? rules[name] : undefined;
    if (!rule) {
      const closest = closestName(name, Object.keys(rules));
      logger(`[rxwire] ${owner}: unknown option "${name}" is ignored${closest ? ` (did you mean "${closest}"?)` : ''}.`);
      continue;
    }
    const value = record[name];
    if (value === undefined) continue;
    const expected = rule(value);
    if (expected !== undefined) throw new TypeError(`${owner}: option "${name}" must be ${expected}; got ${describe(value)}.`);
  }
}

type RequiredRule = OptionRule & { required: true };

/** Marks a rule's option as required: leaving it out fails too. */
export function required(rule: OptionRule): RequiredRule {
  return Object.assign((value: unknown) => (value === undefined ? `given, as ${rule(undefined) ?? 'a value'}` : rule(value)), { required: true as const });
}

/** A short, redacted description of a value for an error message. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    const text = redact(value);
    return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
  }
  const kind = typeof value;
  switch (kind) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'function':
      return 'a function';
    case 'object':
      return 'an object';
    case 'symbol':
    case 'undefined':
      return kind;
  }
}
