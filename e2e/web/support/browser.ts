import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { webPackageDirectory } from '@cryptograph/web';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Debian's Chromium; override with CHROMIUM_PATH. */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots the tests save for the README and reviews. */
export const screenshotDir = join(webPackageDirectory, 'screenshots');

/** Launches headless Chromium with a fresh temporary profile (Playwright creates and removes it). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A fresh browser context (own storage) on the gateway, with a laptop-sized viewport. */
export async function openApp(browser: Browser, baseUrl: string, viewport = { width: 1366, height: 860 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto('/');
  return { context, page };
}

/** Saves a full-page screenshot as web/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Logs in through the login form and waits for the dashboard header. */
export async function logInThroughUi(page: Page, login: string, password: string): Promise<void> {
  await page.goto('/#/login');
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
  await page.waitForSelector('[data-testid="who"]', { state: 'attached' });
}

/** Logs out through the header. */
export async function logOutThroughUi(page: Page): Promise<void> {
  await page.click('text=Log out');
  await page.waitForSelector('input[name="login"]');
}
