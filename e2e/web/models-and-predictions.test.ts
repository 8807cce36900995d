// Browser scenario: an analyst opens an asset, registers a model, trains it watching live progress to 100%, then sees its new prediction appear live;
// promotes, retrains and rolls back with the promotions recorded, and sees the model's predictions against the realized values on the asset chart.
import { describe, expect, it } from 'vitest';
import { logInThroughUi, openApp, screenshot } from './support/browser.js';
import { useBrowserScenario } from './support/browser-scenario.js';

describe('models, jobs and predictions in the browser', () => {
  const web = useBrowserScenario({ settings: { MARKET_SEED_DATA: 'true' }, user: { username: 'model_analyst', role: 'ANALYST' } });

  it('opens an asset, trains a model with live progress and shows its new prediction live', async () => {
    const { context, page } = await openApp(web.browser, web.stack.gatewayUrl);
    await logInThroughUi(page, web.user.username, web.user.password);
    await page.click('[data-testid="watch-BTC"] >> text=Open');
    await page.waitForSelector('text=Bitcoin');
    await page.waitForFunction(() => document.querySelector('[data-testid="chart-last-price"]')?.textContent !== '—');
    expect(await page.textContent('[data-testid="asset-price"]')).not.toBe('—');
    await screenshot(page, 'asset');

    await page.goto('/#/models');
    await page.waitForSelector('[data-testid="create-model"]');
    await page.fill('[data-testid="create-model"] input[name="name"]', 'btc-ewma-daily');
    await page.selectOption('[data-testid="create-model"] select[name="symbol"]', 'BTC');
    await page.selectOption('[data-testid="create-model"] select[name="algorithm"]', 'EWMA');
    await page.selectOption('[data-testid="create-model"] select[name="interval"]', 'D1');
    await page.click('text=Create model');
    await page.waitForSelector('[data-testid="model-actions"]');
    expect(await page.textContent('h1')).toBe('btc-ewma-daily');

    await page.click('[data-testid="train"]');
    await page.waitForSelector('[data-testid="job"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="job-progress"]')?.textContent === '100%', undefined, { timeout: 60_000 });
    expect(await page.textContent('[data-testid="job-status"]')).toBe('SUCCEEDED');
    await page.waitForSelector('[data-testid="versions"] >> text=v1');

    expect(await page.locator('[data-testid="prediction-item"]').count()).toBe(0);
    await page.click('[data-testid="predict"]');
    await page.waitForSelector('[data-testid="prediction-item"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="prediction-item"]')).toContain('btc-ewma-daily');

    await page.selectOption('select[aria-label="Stage of v1"]', 'PRODUCTION');
    await page.waitForSelector('[data-testid="promotions"] >> text=Moved to PRODUCTION by hand.');
    await page.click('[data-testid="train"]');
    await page.waitForFunction(
      () => [...document.querySelectorAll('[data-testid="job-status"]')].filter((node) => node.textContent === 'SUCCEEDED').length === 2,
      undefined,
      { timeout: 60_000 },
    );
    await page.waitForSelector('[data-testid="versions"] >> text=v2');
    await page.selectOption('select[aria-label="Stage of v2"]', 'PRODUCTION');
    await page.waitForSelector('[data-testid="promotions"] >> text=Replaced by version 2');
    await page.click('[data-testid="rollback"]');
    await page.waitForSelector('[data-testid="promotions"] >> text=Rolled back: version 1 restored in place of version 2.');
    const stages = await page.$$eval('[data-testid="versions"] tbody tr', (rows) => rows.map((row) => row.querySelectorAll('td')[1]!.textContent!.trim()));
    expect(stages).toEqual(['ARCHIVED', 'PRODUCTION']);
    expect(await page.textContent('[data-testid="versions"]')).toContain('MANUAL');
    await screenshot(page, 'model');

    await page.goto('/#/assets/BTC');
    await page.waitForSelector('[data-testid="chart-overlay"] >> text=btc-ewma-daily');
    // innerText: the legend as a reader sees it, with the source's line breaks collapsed. The model's
    // name shows before its forecasts have loaded, so the count is awaited, not read once.
    const legend = /predicted .* vs realized .* volatility of btc-ewma-daily \(1 forecasts, 0 realized\)/;
    await expect.poll(() => page.innerText('[data-testid="chart-overlay"]'), { timeout: 10_000 }).toMatch(legend);

    await page.goto('/#/models');
    await page.waitForSelector('[data-testid="model-table"] >> text=btc-ewma-daily');
    await screenshot(page, 'models');
    await context.close();
  });
});
