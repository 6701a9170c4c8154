// Runs inside the child process of a hygiene test (with --expose-gc): warms up, then measures the
// active handles and heap before and after N cycles, and prints them as JSON for runCycles().
const handles = () => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length;
const heap = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
};
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function measureCycles(cycles: number, cycle: () => Promise<void>): Promise<void> {
  // Warm up (module caches, JIT, the server's internals) before taking the baseline.
  for (let i = 0; i < Math.min(200, cycles); i++) await cycle();
  await pause(200);
  const before = { handles: handles(), heap: heap() };
  const started = Date.now();
  for (let i = 0; i < cycles; i++) await cycle();
  const ms = Date.now() - started;
  await pause(200);
  const after = { handles: handles(), heap: heap() };
  process.stdout.write(`${JSON.stringify({ cycles, ms, before, after })}\n`);
}
