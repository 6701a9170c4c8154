/**
 * `String(n)` for call ids, made without V8's number-to-string cache. A string from that cache
 * stays reachable from it until evicted, so with a fresh id per call every call's id string
 * survived the young-generation GC and was promoted: about 1 MB kept per scavenge at 64 calls in
 * flight (`node --trace-gc-nvp`, `new_space_survived`), which made GC the bound of the call rate.
 * `toFixed(0)` writes the same digits for an integer and leaves no reference behind.
 * @internal
 */
export function decimal(n: number): string {
  return Number.isInteger(n) ? n.toFixed(0) : String(n);
}

/**
 * A call id as it goes on the wire: as a JSON number when it reads back as the same string (the
 * ids rxwire makes: cheaper to write, and to read back), else as the string it is. The ids rxwire
 * makes are tested digit by digit, so a call allocates no second string to compare with.
 * @internal
 */
export function wireId(id: string): number | string {
  if (isPlainDigits(id)) return Number(id);
  const n = Number(id);
  return Number.isFinite(n) && decimal(n) === id ? n : id;
}

/** 1 to 15 digits without a leading zero (or "0"): a safe integer that `String()` writes the same way. */
function isPlainDigits(id: string): boolean {
  const length = id.length;
  if (length === 0 || length > 15 || (id.charCodeAt(0) === 48 && length > 1)) return false;
  for (let i = 0; i < length; i++) {
    const code = id.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}
