import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { configTag } from '../../demo/siteServer.mjs';
import { bundleForBrowser } from './bundle.js';
import { serveStatic } from './staticServer.js';

const spa = (p: string) => fileURLToPath(new URL(`../../examples/spa/${p}`, import.meta.url));
const screenshots = fileURLToPath(new URL('../../.test-results/screenshots/', import.meta.url));

/**
 * Serves the demo SPA (examples/spa) bundled through the packages' built browser exports, with the
 * given backend URLs written into its index.html as the demo's static server does.
 */
export async function serveSpa(config: { bayeuxUrl: string; rpcUrl: string }): Promise<{ url: string; bundle: string; close(): Promise<void> }> {
  const [app, html] = [await bundleForBrowser(spa('src/main.tsx')), readFileSync(spa('index.html'), 'utf8')];
  const site = await serveStatic({
    '/': { type: 'text/html', body: html.replace('<!--rxwire-config-->', configTag(config)).replace('./app.js', '/app.js') },
    '/app.js': { type: 'text/javascript', body: app },
  });
  return { ...site, bundle: app };
}

/** Keeps a screenshot of the running example as a test artifact in .test-results/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: `${screenshots}${name}.png`, fullPage: true });
}

/** Waits for a CSS selector (polling the DOM), with a hang guard well above the expected time. */
export async function waitForSelector(page: Page, selector: string, timeout = 15_000): Promise<void> {
  await page.waitForSelector(selector, { timeout, state: 'attached' });
}
