/**
 * The fields of `values` that are set: an option left `undefined` keeps the receiver's default
 * (with exactOptionalPropertyTypes, `{ tls: undefined }` is not `{}`). @internal
 */
export function definedOnly<T extends object>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
