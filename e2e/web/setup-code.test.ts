// Browser scenario: on an installation without an admin, the sign-up page takes the one-time setup code and makes that account the admin.
import { openDatabase, type DatabaseConnection } from '@cryptograph/core';
import { startTestStack, type TestStack } from '@cryptograph/app/testing';
import { testEnvironment } from '@cryptograph/testing';
import { issueSetupCode } from '@cryptograph/users';
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openApp } from './support/browser.js';
import { ensureWebBuild } from './support/web-build.js';
import { goodPassword } from './support/web-stack.js';

describe.runIf(testEnvironment().databaseUrl)('the first admin signs up with the setup code', () => {
  let stack: TestStack;
  let browser: Browser;
  let connection: DatabaseConnection;

  beforeAll(async () => {
    await ensureWebBuild();
    [stack, browser] = await Promise.all([startTestStack(), launchBrowser()]);
    connection = await openDatabase({ url: stack.env.DATABASE_URL!, poolSize: 1 });
  }, 120_000);
  afterAll(async () => {
    await connection?.close();
    await browser?.close();
    await stack?.stop();
  });

  it('refuses a wrong code on the page, then the right one makes the account ADMIN with the admin pages', async () => {
    const code = await issueSetupCode(connection);
    expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    const username = `owner_${randomBytes(4).toString('hex')}`;
    const { context, page } = await openApp(browser, stack.gatewayUrl);
    await page.goto('/#/signup');
    await page.fill('input[name="email"]', `${username}@example.com`);
    await page.fill('input[name="username"]', username);
    await page.fill('input[name="password"]', goodPassword);
    await page.click('text=First start? Enter the setup code');
    await page.fill('input[name="setupCode"]', 'WRONG-WRONG-WRONG-WRONG');
    await page.click('button[type="submit"]');
    expect(await page.textContent('[role="alert"]')).toMatch(/setup code is not valid/i);
    await page.fill('input[name="setupCode"]', code!.toLowerCase());
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-testid="who"]');
    expect(await page.textContent('[data-testid="role"]')).toBe('ADMIN');
    expect(await page.locator('[data-testid="nav-admin"]').count()).toBe(1);
    expect(await issueSetupCode(connection)).toBeNull();
    await context.close();
  });
});
