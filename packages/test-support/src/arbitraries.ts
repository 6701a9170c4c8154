// fast-check inputs the property tests of several packages feed their clients.
import fc from 'fast-check';

/** Short strings that are not JSON at all: what a broken or hostile server might send as a frame. */
export const notJson: fc.Arbitrary<string> = fc.string({ maxLength: 30 }).filter((s) => {
  try {
    JSON.parse(s);
    return false;
  } catch {
    return true;
  }
});
