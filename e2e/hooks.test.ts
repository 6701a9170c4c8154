// Issue 14's hooks in real Chromium: a React 19 StrictMode page against a real Faye server.
// useChannel (select, onMessage, enabled toggle) and useSuspenseChannel (fallback, then data; an
// error boundary on SUBSCRIBE_DENIED). The server counts one subscribe per channel, none while
// the channel is disabled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { bundleForBrowser } from './support/bundle.js';
import { launchChromium } from './support/chromium.js';
import { pageWithScript, serveStatic } from './support/staticServer.js';
import { startFaye, type FayeServer } from '@rxwire/test-support/servers';

let browser: Browser;
let site: Awaited<ReturnType<typeof serveStatic>>;
let faye: FayeServer;
const subscribes: string[] = [];

beforeAll(async () => {
  faye = await startFaye({
    extensions: [
      {
        incoming(message, _request, callback) {
          if (message.channel === '/meta/subscribe') {
            subscribes.push(String(message.subscription));
            if (message.subscription === '/hooks/denied') message.error = '403::denied';
          }
          callback(message);
        },
      },
    ],
  });
  const script = await bundleForBrowser('e2e/pages/hooks.tsx');
  site = await serveStatic({ '/': pageWithScript('/hooks.js'), '/hooks.js': { type: 'text/javascript', body: script } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await faye?.close();
});

const count = (channel: string) => subscribes.filter((c) => c === channel).length;
const text = (page: Page, selector: string) => page.locator(selector).textContent();

describe('@rxwire/react hooks in Chromium against Faye (React 19, StrictMode)', () => {
  it('useChannel and useSuspenseChannel: fallback then data, denied to the boundary, one subscribe per channel, none while disabled', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${site.url}/?bayeux=${encodeURIComponent(faye.url)}`);

    // Suspense: the fallback while the subscribe goes out; the denied one reaches its boundary.
    await page.locator('#price-fallback').waitFor();
    await page.locator('#denied-error').waitFor();
    expect(await text(page, '#denied-error')).toBe('SUBSCRIBE_DENIED');
    await expect.poll(() => count('/hooks/price')).toBe(1);
    await faye.publish('/hooks/price', { price: 42 });
    await page.locator('#price').waitFor();
    expect(await text(page, '#price')).toBe('42');

    // Disabled: idle, nothing on the wire.
    expect(await text(page, '#live-status')).toBe('idle');
    expect(count('/hooks/live')).toBe(0);
    await page.click('#toggle');
    await expect.poll(() => text(page, '#live-status')).toBe('live');
    await faye.publish('/hooks/live', { n: 1 });
    await faye.publish('/hooks/live', { n: 2 });
    await expect.poll(() => text(page, '#live-data')).toBe('20');
    expect(await page.evaluate(() => (globalThis as unknown as { probe: { onMessage: number[] } }).probe.onMessage)).toEqual([1, 2]);
    await page.click('#toggle');
    await expect.poll(() => text(page, '#live-status')).toBe('idle');
    expect(await text(page, '#live-data')).toBe('20');

    expect(count('/hooks/live')).toBe(1);
    expect(count('/hooks/price')).toBe(1);
    expect(count('/hooks/denied')).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
