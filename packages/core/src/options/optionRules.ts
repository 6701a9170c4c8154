import type { OptionRule, OptionRules } from './checkOptions.js';

// The vocabulary of option rules: each returns undefined for a good value, else what it expected,
// worded to follow "must be".

export const isString: OptionRule = (value) => (typeof value === 'string' ? undefined : 'a string');

export const isBoolean: OptionRule = (value) => (typeof value === 'boolean' ? undefined : 'true or false');

export const isFunction: OptionRule = (value) => (typeof value === 'function' ? undefined : 'a function');

export const isNull: OptionRule = (value) => (value === null ? undefined : 'null');

/** A number in a range (`Infinity` passes when there is no `max`); never NaN. */
export function isNumber({ min = -Infinity, max = Infinity, integer = false }: { min?: number; max?: number; integer?: boolean } = {}): OptionRule {
  const range = min > -Infinity ? (max < Infinity ? ` from ${min} to ${max}` : ` >= ${min}`) : max < Infinity ? ` <= ${max}` : '';
  const expected = `${integer ? 'an integer' : 'a number'}${range}`;
  return (value) =>
    typeof value === 'number' && !Number.isNaN(value) && value >= min && value <= max && (!integer || Number.isInteger(value) || value === Infinity)
      ? undefined
      : expected;
}

/** One of the given values. */
export function oneOf(...values: readonly unknown[]): OptionRule {
  const expected = `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
  return (value) => (values.includes(value) ? undefined : expected);
}

/** Any of the rules. */
export function anyOf(...rules: readonly OptionRule[]): OptionRule {
  return (value) => {
    const expected: string[] = [];
    for (const rule of rules) {
      const failure = rule(value);
      if (failure === undefined) return undefined;
      expected.push(failure);
    }
    return expected.join(' or ');
  };
}

/** An array whose every item passes `rule` (and, with `nonEmpty`, at least one item). */
export function arrayOf(rule: OptionRule, { nonEmpty = false } = {}): OptionRule {
  const expected = `${nonEmpty ? 'a non-empty ' : 'an '}array of ${rule(undefined) ?? 'values'}`;
  return (value) => (Array.isArray(value) && (!nonEmpty || value.length > 0) && value.every((item) => rule(item) === undefined) ? undefined : expected);
}

/** A plain object whose fields (those given) pass their rules; unknown fields are left alone. */
export function shape(rules: OptionRules): OptionRule {
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'an object';
    for (const [name, rule] of Object.entries(rules)) {
      const field = (value as Record<string, unknown>)[name];
      const failure = field === undefined ? undefined : rule(field);
      if (failure !== undefined) return `an object whose "${name}" is ${failure}`;
    }
    return undefined;
  };
}

/** An object with these methods (a logger such as `console`, pino or winston). */
export function hasMethods(...names: readonly string[]): OptionRule {
  const expected = `an object with ${names.map((n) => `a ${n}() method`).join(' and ')}`;
  return (value) =>
    typeof value === 'object' && value !== null && names.every((n) => typeof (value as Record<string, unknown>)[n] === 'function') ? undefined : expected;
}

/** A URL string with one of the given schemes. */
export function isUrl(...schemes: readonly string[]): OptionRule {
  const expected = `a URL string (${schemes.map((s) => `${s}://`).join(', ')})`;
  return (value) => {
    if (typeof value !== 'string') return expected;
    try {
      return schemes.includes(new URL(value).protocol.slice(0, -1)) ? undefined : expected;
    } catch {
      return expected;
    }
  };
}
