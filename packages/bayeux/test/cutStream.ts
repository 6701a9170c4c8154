// Shared by the fault-injection tests: publish a numbered stream while a proxy cuts the client's
// connection now and then, and summarise what arrived.
import { vi } from 'vitest';
import type { FaultProxy } from '@rxwire/test-support/faultProxy';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Publishes 0..total-1, cutting the proxy's connections `cuts` times, each in the middle of a segment;
 * after a cut it waits for the client to come back (a new connection) before the next one. Returns
 * how many cuts were made.
 */
export async function publishWithCuts(proxy: FaultProxy, total: number, cuts: number, publish: (n: number) => unknown): Promise<number> {
  const segment = Math.ceil(total / cuts);
  let cutsDone = 0;
  let n = 0;
  while (n < total) {
    const end = Math.min(total, n + segment);
    const cutAt = n + Math.floor(segment / 2);
    const accepted = proxy.acceptedConnections;
    let cutThisSegment = false;
    for (; n < end; n++) {
      await publish(n);
      if (n === cutAt && cutsDone < cuts) {
        proxy.cut();
        cutsDone++;
        cutThisSegment = true;
      }
      if (n % 10 === 9) await tick();
    }
    if (cutThisSegment) await vi.waitUntil(() => proxy.acceptedConnections > accepted, { timeout: 10_000, interval: 5 });
  }
  return cutsDone;
}

/** The numbers among what arrived, and how they compare with 0..total-1 in order. */
export function sequenceStats(received: unknown[], total: number) {
  const numbers = received.filter((d): d is number => typeof d === 'number');
  const unique = new Set(numbers).size;
  let outOfOrder = 0;
  for (let i = 1; i < numbers.length; i++) if ((numbers[i] as number) <= (numbers[i - 1] as number)) outOfOrder++;
  return { numbers, unique, duplicates: numbers.length - unique, missing: total - unique, outOfOrder };
}
