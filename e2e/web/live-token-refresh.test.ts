// Browser scenario: a dashboard left open outlives its access tokens: the app rotates the token and sends it on the open WebSocket (graphql-ws ping), so the live prices keep flowing on the same subscription, never reconnected.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStack } from '@cryptograph/app/testing';
import { launchBrowser, logInThroughUi, openApp } from './support/browser.js';
import { createUser, publishTick, startWebStack } from './support/web-stack.js';

/** Access tokens live this long here, so the scenario spans several of them. */
const tokenSeconds = 8;

describe('a dashboard left open', () => {
  let stack: TestStack;
  let browser: Browser;
  let viewer: { username: string; password: string };

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startWebStack({ ACCESS_TOKEN_TTL_SECONDS: String(tokenSeconds) }), launchBrowser()]);
    viewer = await createUser(stack, 'open_viewer', 'VIEWER');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('keeps its live prices across several token expiries without reconnecting', async () => {
    const { context, page } = await openApp(browser, stack.gatewayUrl);
    await logInThroughUi(page, viewer.username, viewer.password);
    await page.waitForSelector('[data-testid="watch-BTC"]');
    await expect.poll(() => stack.subscriptionStats().subscribers, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = stack.subscriptionStats();
    const started = Date.now();
    let price = 43_000;
    // Three token lifetimes and a bit: without a refresh on the socket it would close with 4419 and resubscribe.
    while (Date.now() - started < (3 * tokenSeconds + 2) * 1000) {
      price += 1;
      await publishTick(stack, 'BTC', price);
      const shown = price.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      await page.waitForFunction((text) => document.querySelector('[data-testid="price-BTC"]')?.textContent === text, shown, { timeout: 5_000 });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const after = stack.subscriptionStats();
    expect(after.upstreamOpened).toBe(before.upstreamOpened);
    expect(after.subscribers).toBe(before.subscribers);
    expect(after.streams).toBe(before.streams);
    await context.close();
  }, 90_000);
});
