/**
 * @internal
 * A string that is equal for payloads that are equal as JSON, whatever their object key order:
 * `{a: 1, b: 2}` and `{b: 2, a: 1}` give the same key. `undefined` has its own key.
 */
export function stableKey(value: unknown): string {
  // The replacer sees values after toJSON (a Date is already a string), so any remaining
  // non-array object is serialised as a plain object: rebuild it with sorted keys.
  const json = JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  ) as string | undefined;
  return json ?? 'undefined';
}
