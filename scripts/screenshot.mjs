// `npm run screenshot`: docs/devtools.png, the README's picture of the devtools panel, made from the
// real demo (the built SPA, served by the demo backend with its Faye, aio-openapi and ticker servers)
// in Debian's Chromium. Its own script, not a side effect of the test run, so a test run never
// changes a checked-in file. Needs `npm run build && npm run build:spa` first (the npm script does).
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startDemoBackend } from '../demo/backend.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const siteDir = `${root}examples/spa/dist`;
const output = `${root}docs/devtools.png`;
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// A hang guard for each wait, well above what the demo needs.
const waitMs = 20_000;

if (!existsSync(`${siteDir}/app.js`)) throw new Error('The demo SPA is not built: run `npm run build && npm run build:spa` first.');
if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium, or set CHROMIUM_PATH.`);

const backend = await startDemoBackend({ siteDir, tickMs: 250 });
const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
  await page.goto(`${backend.siteUrl}?devtools=open`);
  await page.waitForSelector('[data-testid=chat-subscribed][data-subscribed=true]', { timeout: waitMs });
  // Some traffic worth showing: a chat line, an RPC call, a few seconds of ticks for the rate.
  await page.getByRole('textbox', { name: 'message' }).fill('hello from the screenshot');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Call', exact: true }).click();
  await page.waitForSelector('[data-testid=rpc-result][data-loading=false]', { timeout: waitMs });
  const panel = page.getByRole('region', { name: 'rxwire devtools' });
  await panel.getByRole('tab', { name: /^rpc / }).click();
  await panel.locator('[role=tabpanel]:not([hidden])').getByRole('table', { name: 'Recent calls' }).waitFor({ timeout: waitMs });
  // Runs in the page (a string, since this Node script has no `document`).
  await page.waitForFunction(`Number(document.querySelector('tr[data-channel^="prices"] [data-column=messages]')?.textContent ?? 0) > 8`, undefined, { timeout: waitMs });
  // Open the ticker's last message, so the picture shows the JSON tree.
  await panel.locator('[role=tabpanel]:not([hidden])').getByRole('button', { name: /^Expand last message of prices/ }).first().click();
  const separator = panel.getByRole('separator', { name: 'Resize rxwire devtools' });
  await separator.focus();
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowUp');
  await separator.blur();
  mkdirSync(`${root}docs`, { recursive: true });
  await page.screenshot({ path: output });
  console.log(`wrote ${output}`);
} finally {
  await browser.close();
  await backend.close();
}
