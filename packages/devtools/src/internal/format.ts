// How numbers and times read in the panel.

/** Milliseconds as "12 ms" or "3.4 s". */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.max(0, Math.round(ms))} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Epoch milliseconds as the UTC time of day with milliseconds: "08:01:02.345". */
export function formatTime(at: number): string {
  return new Date(at).toISOString().slice(11, 23);
}

/** A rate as "2.5/s", whole numbers without the decimal. */
export function formatRate(perSecond: number): string {
  return `${Number.isInteger(perSecond) ? perSecond : perSecond.toFixed(1)}/s`;
}

/** Bytes as "512 B" or "1.2 KB" (1 KB = 1000 bytes, as in the size budgets). */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  return bytes < 1000 ? `${bytes} B` : `${(bytes / 1000).toFixed(1)} KB`;
}
