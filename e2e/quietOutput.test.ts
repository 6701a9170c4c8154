// `npm test`'s quiet check (scripts/quietOutput.mjs): what counts as noise in the test output.
import { describe, expect, it } from 'vitest';
import { noiseIn } from '../scripts/quietOutput.mjs';

describe('noiseIn', () => {
  it('finds deprecation warnings, node warnings and stack frames, once each', () => {
    const output = [
      '\u001b[32m✓\u001b[39m connects',
      'node_redis: Using .end() without the flush parameter is deprecated and throws from v.3.0.0 on.',
      '(node:1234) [DEP0040] DeprecationWarning: The `punycode` module is deprecated.',
      '(node:1234) MaxListenersExceededWarning: Possible EventEmitter memory leak detected.',
      'TransportTimeoutError: no session within 100 ms',
      '    at BayeuxClient.fail (/work/packages/bayeux/src/bayeuxClient.ts:10:5)',
      '    at node:internal/process/task_queues:95:5',
      '    at node:internal/process/task_queues:95:5',
    ].join('\n');
    expect(noiseIn(output)).toEqual([
      'node_redis: Using .end() without the flush parameter is deprecated and throws from v.3.0.0 on.',
      '(node:1234) [DEP0040] DeprecationWarning: The `punycode` module is deprecated.',
      '(node:1234) MaxListenersExceededWarning: Possible EventEmitter memory leak detected.',
      '    at BayeuxClient.fail (/work/packages/bayeux/src/bayeuxClient.ts:10:5)',
      '    at node:internal/process/task_queues:95:5',
    ]);
  });

  it('lets test names, measurements and summaries through', () => {
    const output = [
      ' ✓ reports each bad frame on errors$ 12ms',
      'hygiene rpc: 1000 cycles in 2663 ms, handles 2 -> 2',
      'PASS sizes within their ceilings (gzipped): rxwire rpc 12.1 KB',
      '      Tests  355 passed (355)',
    ].join('\n');
    expect(noiseIn(output)).toEqual([]);
  });
});
