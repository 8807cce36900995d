// Browser scenario: a dashboard left open outlives its access tokens: the app rotates the token and sends it on the
// open WebSocket (graphql-ws ping), so the live prices keep flowing on the same subscription, never reconnected.
import { describe, expect, it } from 'vitest';
import { logInThroughUi, openApp } from './support/browser.js';
import { publishTick } from './support/web-stack.js';
import { useBrowserScenario } from './support/browser-scenario.js';

/** Access tokens live this long here, so the scenario spans several of them. */
const tokenSeconds = 8;

describe('a dashboard left open', () => {
  const web = useBrowserScenario({ settings: { ACCESS_TOKEN_TTL_SECONDS: String(tokenSeconds) }, user: { username: 'open_viewer', role: 'VIEWER' } });

  it('keeps its live prices across several token expiries without reconnecting', async () => {
    const { context, page } = await openApp(web.browser, web.stack.gatewayUrl);
    await logInThroughUi(page, web.user.username, web.user.password);
    await page.waitForSelector('[data-testid="watch-BTC"]');
    await expect.poll(() => web.stack.subscriptionStats().subscribers, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = web.stack.subscriptionStats();
    const started = Date.now();
    let price = 43_000;
    // Three token lifetimes and a bit: without a refresh on the socket it would close with 4419 and resubscribe.
    while (Date.now() - started < (3 * tokenSeconds + 2) * 1000) {
      price += 1;
      await publishTick(web.stack, 'BTC', price);
      const shown = price.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      await page.waitForFunction((text) => document.querySelector('[data-testid="price-BTC"]')?.textContent === text, shown, { timeout: 5_000 });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const after = web.stack.subscriptionStats();
    expect(after.upstreamOpened).toBe(before.upstreamOpened);
    expect(after.subscribers).toBe(before.subscribers);
    expect(after.streams).toBe(before.streams);
    await context.close();
  }, 90_000);
});
