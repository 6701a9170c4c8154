function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * @internal
 * A string that is equal for payloads that are equal as JSON, whatever their object key order:
 * `{a: 1, b: 2}` and `{b: 2, a: 1}` give the same key. `undefined` has its own key.
 */
export function stableKey(value: unknown): string {
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (!isPlainObject(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = v[k];
    return sorted;
  }) as string | undefined;
  return json ?? 'undefined';
}
