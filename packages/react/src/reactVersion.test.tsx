import { describe, expect, it } from 'vitest';
import { version } from 'react';
import { version as domVersion } from 'react-dom';

// The same suite runs in the `unit` project (React 19, the root install) and the `react18` project
// (React 18 through an alias). This proves which React each run really used.
describe('React under test', () => {
  it('is the major version the project asked for', () => {
    const expected = process.env.RXWIRE_EXPECT_REACT ?? '19';
    expect(version.split('.')[0]).toBe(expected);
    expect(domVersion.split('.')[0]).toBe(expected);
  });
});
