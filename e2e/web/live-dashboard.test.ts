// Browser scenario: the dashboard's watchlist and candlestick chart follow live price ticks; laptop and phone widths.
import { describe, expect, it } from 'vitest';
import { logInThroughUi, openApp, screenshot } from './support/browser.js';
import { publishTick } from './support/web-stack.js';
import { useBrowserScenario } from './support/browser-scenario.js';

describe('live dashboard in the browser', () => {
  const web = useBrowserScenario({ user: { username: 'live_viewer', role: 'VIEWER' } });

  it('shows a price tick live in the watchlist and on the chart', async () => {
    const { context, page } = await openApp(web.browser, web.stack.gatewayUrl);
    await logInThroughUi(page, web.user.username, web.user.password);
    await page.waitForSelector('[data-testid="watch-BTC"]');
    await page.waitForSelector('[data-testid="candle-chart"] canvas');
    await expect.poll(() => web.stack.subscriptionStats().subscribers, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const start = Date.now() - 5 * 60_000;
    for (const [index, price] of [43_000, 43_150.25, 42_980, 43_210.5].entries()) await publishTick(web.stack, 'BTC', price, new Date(start + index * 60_000));
    await publishTick(web.stack, 'ETH', 2_345.5);
    await page.waitForFunction(() => document.querySelector('[data-testid="chart-last-price"]')?.textContent === '43,210.50');
    await page.waitForFunction(() => document.querySelector('[data-testid="price-BTC"]')?.textContent === '43,210.50');
    await page.waitForFunction(() => document.querySelector('[data-testid="price-ETH"]')?.textContent === '2,345.50');
    await screenshot(page, 'dashboard');

    await publishTick(web.stack, 'BTC', 43_500, new Date(start + 4 * 60_000));
    await page.waitForFunction(() => document.querySelector('[data-testid="chart-last-price"]')?.textContent === '43,500.00');
    await page.click('[data-testid="interval-1h"]');
    await page.waitForSelector('[data-testid="interval-1h"].active');
    await context.close();
  });

  it('stays usable at phone width', async () => {
    const { context, page } = await openApp(web.browser, web.stack.gatewayUrl, { width: 390, height: 844 });
    await logInThroughUi(page, web.user.username, web.user.password);
    await page.waitForSelector('[data-testid="watch-BTC"]');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await screenshot(page, 'dashboard-phone');
    await context.close();
  });
});
