// Issue 17 in real Chromium: React 19's production build, a WebSocket server sending one message per
// frame. useChannel (the default frame scheduler) commits at most a few times per hundred messages
// and ends on the right state, for a burst and for a steady stream. Counts only: no durations are
// asserted here (`npm run bench` measures them side by side with react-use-websocket).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { runFrameRate, scenarios, serveFrameRatePage, startFeedServer, type FeedServer } from '../bench/lib/frameRate.mjs';

let browser: Browser;
let site: Awaited<ReturnType<typeof serveFrameRatePage>>;
let server: FeedServer;

beforeAll(async () => {
  [site, server, browser] = await Promise.all([serveFrameRatePage(), startFeedServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await site?.close();
});

const lastTen = (total: number) => Array.from({ length: 10 }, (_, i) => total - 9 + i);

describe('@rxwire/react renders at frame rate in Chromium', () => {
  for (const scenario of ['burst', 'steady'] as const) {
    it(`${scenarios[scenario].label}: at most 0.02 commits per message, and the last message on screen`, async () => {
      const run = await runFrameRate(browser, { pageUrl: site.url, server, client: 'rxwire', scenario });
      const { total } = scenarios[scenario];
      expect(run.received).toBe(total);
      expect(run.shown).toBe(total);
      expect(run.history).toEqual(lastTen(total));
      expect(run.commits).toBeGreaterThan(0);
      expect(run.commitsPerMessage, `${run.commits} commits for ${total} messages`).toBeLessThanOrEqual(0.02);
    });
  }

  // The same hooks over the worker socket (@rxwire/core/worker): every message arrives (the probe
  // counts the worker socket's message events), in order, and the frame rate still holds.
  it('over the worker socket: every message once, the last ten in history, at most 0.02 commits per message', async () => {
    const run = await runFrameRate(browser, { pageUrl: site.url, server, client: 'rxwire-worker', scenario: 'burst' });
    const { total } = scenarios.burst;
    expect(run.received).toBe(total);
    expect(run.shown).toBe(total);
    expect(run.history).toEqual(lastTen(total));
    expect(run.commitsPerMessage, `${run.commits} commits for ${total} messages`).toBeLessThanOrEqual(0.02);
  });

  it('the same page with the microtask scheduler commits about once per message (the test above can fail)', async () => {
    const run = await runFrameRate(browser, { pageUrl: site.url, server, client: 'rxwire-microtask', scenario: 'burst' });
    expect(run.shown).toBe(scenarios.burst.total);
    expect(run.commitsPerMessage).toBeGreaterThan(0.02);
  });
});
