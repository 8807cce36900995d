// Browser scenario: the feed badge on every page, and the asset page header price when moving between assets.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStack } from '@cryptograph/app/testing';
import { launchBrowser, logInThroughUi, openApp, screenshot } from './support/browser.js';
import { formatPrice } from '@cryptograph/web/format';
import { apiLogin, createUser, publishTick, startWebStack } from './support/web-stack.js';

describe('market feed in the browser', () => {
  let stack: TestStack;
  let browser: Browser;
  let viewer: { username: string; password: string };

  beforeAll(async () => {
    // The shipped history and the offline feed at 1x: the simulated market ticks once a feed minute (a wall minute).
    [stack, browser] = await Promise.all([startWebStack({ MARKET_SEED_DATA: 'true', EXCHANGE_FEED: 'replay', REPLAY_SPEED: '1' }), launchBrowser()]);
    viewer = await createUser(stack, 'feed_viewer', 'VIEWER');
    const token = await apiLogin(stack, viewer.username, viewer.password);
    const deadline = Date.now() + 30_000;
    while ((await stack.graphql('{ latestPrice(symbol: "BNB") { source } }', {}, { token })).body.data?.latestPrice?.source !== 'SIMULATED') {
      if (Date.now() > deadline) throw new Error('the simulated market did not start within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('shows the feed source and clock on every page', async () => {
    const { context, page } = await openApp(browser, stack.gatewayUrl);
    await logInThroughUi(page, viewer.username, viewer.password);
    for (const route of ['#/', '#/models', '#/account', '#/assets/ETH']) {
      await page.goto(`/${route}`);
      await page.waitForSelector('[data-testid="feed-badge"][data-source="SIMULATED"]');
      expect(await page.textContent('[data-testid="feed-source"]'), route).toBe('SIMULATED');
      expect(await page.textContent('[data-testid="feed-clock"]'), route).toMatch(/^2024-07-01 00:0\d UTC$/);
    }
    expect(await page.getAttribute('[data-testid="feed-badge"]', 'title')).toContain('Simulated prices');
    await screenshot(page, 'feed-badge');
    await context.close();
  });

  it("shows each asset's own price in the header after navigating between assets (ADA, then BNB)", async () => {
    const token = await apiLogin(stack, viewer.username, viewer.password);
    const bnbPrice = async () =>
      formatPrice((await stack.graphql('{ latestPrice(symbol: "BNB") { price } }', {}, { token })).body.data.latestPrice.price as number);
    const { context, page } = await openApp(browser, stack.gatewayUrl);
    await logInThroughUi(page, viewer.username, viewer.password);
    await page.goto('/#/assets/ADA');
    await page.waitForSelector('h1:has-text("Cardano")');
    await expect.poll(() => stack.subscriptionStats().subscribers, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    // A live ADA tick reaches the header...
    for (let attempt = 0; attempt < 20 && (await page.textContent('[data-testid="asset-price"]')) !== '0.6123'; attempt += 1) {
      await publishTick(stack, 'ADA', 0.6123, new Date('2030-01-01T00:00:00Z'));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(await page.textContent('[data-testid="asset-price"]')).toBe('0.6123');
    // ...and BNB's page shows BNB's price, not ADA's.
    await page.evaluate(() => (window.location.hash = '#/assets/BNB'));
    await page.waitForSelector('h1:has-text("BNB")');
    expect(await page.textContent('[data-testid="asset-price"]')).not.toBe('0.6123');
    await expect.poll(async () => (await page.textContent('[data-testid="asset-price"]')) === (await bnbPrice()), { timeout: 10_000 }).toBe(true);
    await context.close();
  });
});
