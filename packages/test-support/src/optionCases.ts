import type { OptionRule } from '@rxwire/core';

/** Values of every kind; for each option, one its rule rejects becomes its "wrong value" case. */
const candidates: unknown[] = ['not-a-valid-value', -1, Number.NaN, 1.5, true, {}, [], () => undefined, null, { warn: 1 }];

/**
 * One wrong value per option, chosen among `candidates` as the first its rule rejects (an option
 * whose rule accepts them all has no case and is returned in `unchecked`, so a test can fail on it).
 */
export function wrongOptionValues(rules: Record<string, OptionRule>): { cases: Array<[string, unknown]>; unchecked: string[] } {
  const cases: Array<[string, unknown]> = [];
  const unchecked: string[] = [];
  for (const [name, rule] of Object.entries(rules)) {
    const wrong = candidates.find((value) => rule(value) !== undefined);
    if (wrong === undefined && !candidates.some((value) => rule(value) !== undefined)) unchecked.push(name);
    else cases.push([name, wrong]);
  }
  return { cases, unchecked };
}
