// Browser scenario: the feed badge on every page, and the asset page header price when moving between assets.
import { beforeAll, describe, expect, it } from 'vitest';
import { logInThroughUi, openApp, screenshot } from './support/browser.js';
import { formatPrice } from '@cryptograph/web/format';
import { apiLogin, publishTick } from './support/web-stack.js';
import { useBrowserScenario } from './support/browser-scenario.js';

describe('market feed in the browser', () => {
  const web = useBrowserScenario({
    // The shipped history and the offline feed at 1x: the simulated market ticks once a feed minute (a wall minute).
    settings: { MARKET_SEED_DATA: 'true', EXCHANGE_FEED: 'replay', REPLAY_SPEED: '1' },
    user: { username: 'feed_viewer', role: 'VIEWER' },
    timeoutMs: 180_000,
  });

  beforeAll(async () => {
    const token = await apiLogin(web.stack, web.user.username, web.user.password);
    const deadline = Date.now() + 30_000;
    while ((await web.stack.graphql('{ latestPrice(symbol: "BNB") { source } }', {}, { token })).body.data?.latestPrice?.source !== 'SIMULATED') {
      if (Date.now() > deadline) throw new Error('the simulated market did not start within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }, 60_000);

  it('shows the feed source and clock on every page', async () => {
    const { context, page } = await openApp(web.browser, web.stack.gatewayUrl);
    await logInThroughUi(page, web.user.username, web.user.password);
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
    const token = await apiLogin(web.stack, web.user.username, web.user.password);
    const bnbPrice = async () =>
      formatPrice((await web.stack.graphql('{ latestPrice(symbol: "BNB") { price } }', {}, { token })).body.data.latestPrice.price as number);
    const { context, page } = await openApp(web.browser, web.stack.gatewayUrl);
    await logInThroughUi(page, web.user.username, web.user.password);
    await page.goto('/#/assets/ADA');
    await page.waitForSelector('h1:has-text("Cardano")');
    await expect.poll(() => web.stack.subscriptionStats().subscribers, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    // A live ADA tick reaches the header...
    for (let attempt = 0; attempt < 20 && (await page.textContent('[data-testid="asset-price"]')) !== '0.6123'; attempt += 1) {
      await publishTick(web.stack, 'ADA', 0.6123, new Date('2030-01-01T00:00:00Z'));
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
