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
