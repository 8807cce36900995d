// Browser scenario: sign up, log out, log in, a viewer kept out of admin pages, an admin changing a role that the user
// sees after re-login, a session ended by the server.
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStack } from '@cryptograph/app/testing';
import { launchBrowser, logInThroughUi, logOutThroughUi, openApp, screenshot } from './support/browser.js';
import { admin, goodPassword, startWebStack } from './support/web-stack.js';

describe('auth and roles in the browser', () => {
  let stack: TestStack;
  let browser: Browser;
  const viewer = { username: `viewer_${randomBytes(4).toString('hex')}`, password: goodPassword };

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startWebStack(), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('serves the app at / without shadowing the API and health routes', async () => {
    const html = await fetch(`${stack.gatewayUrl}/models/123`, { headers: { accept: 'text/html' } });
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('<div id="app">');
    expect((await fetch(`${stack.gatewayUrl}/health`)).status).toBe(200);
    expect((await fetch(`${stack.gatewayUrl}/graphql/nope`, { headers: { accept: 'text/html' } })).status).toBe(404);
    const api = await stack.graphql('{ __typename }');
    expect(api.body.data).toEqual({ __typename: 'Query' });
  });

  it('signs up a viewer, logs out and logs in again, with the server message on a bad password', async () => {
    const { context, page } = await openApp(browser, stack.gatewayUrl);
    await page.waitForSelector('input[name="login"]');
    await screenshot(page, 'login');
    await page.click('text=Sign up');
    await page.fill('input[name="email"]', `${viewer.username}@example.com`);
    await page.fill('input[name="username"]', viewer.username);
    await page.fill('input[name="password"]', 'short');
    await page.click('button[type="submit"]');
    expect(await page.textContent('[role="alert"]')).toMatch(/password/i);
    await page.fill('input[name="password"]', viewer.password);
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-testid="who"]');
    expect(await page.textContent('[data-testid="role"]')).toBe('VIEWER');
    await logOutThroughUi(page);
    await page.fill('input[name="login"]', viewer.username);
    await page.fill('input[name="password"]', 'Wrong-password-1');
    await page.click('button[type="submit"]');
    await page.waitForSelector('[role="alert"]');
    await logInThroughUi(page, viewer.username, viewer.password);
    expect(await page.textContent('[data-testid="who"]')).toContain(viewer.username);
    await context.close();
  });

  it('keeps a viewer out of the admin pages: no link, and the page refuses', async () => {
    const { context, page } = await openApp(browser, stack.gatewayUrl);
    await logInThroughUi(page, viewer.username, viewer.password);
    expect(await page.locator('[data-testid="nav-admin"]').count()).toBe(0);
    await page.goto('/#/admin');
    await page.waitForSelector('[data-testid="forbidden"]');
    expect(await page.locator('[data-testid="users-table"]').count()).toBe(0);
    await context.close();
  });

  it('lets an admin change the viewer to analyst; the user sees the new role after logging in again', async () => {
    const adminSide = await openApp(browser, stack.gatewayUrl);
    await logInThroughUi(adminSide.page, admin.username, admin.password);
    await adminSide.page.click('[data-testid="nav-admin"]');
    await adminSide.page.fill('input[name="search"]', viewer.username);
    await adminSide.page.click('text=Search');
    const row = adminSide.page.locator(`[data-testid="user-${viewer.username}"]`);
    await row.waitFor();
    await screenshot(adminSide.page, 'admin-users');
    await row.locator('select').selectOption('ANALYST');
    await adminSide.page.waitForSelector(`text=${viewer.username} is now ANALYST.`);

    const userSide = await openApp(browser, stack.gatewayUrl);
    await logInThroughUi(userSide.page, viewer.username, viewer.password);
    expect(await userSide.page.textContent('[data-testid="role"]')).toBe('ANALYST');
    await userSide.page.goto('/#/models');
    await userSide.page.waitForSelector('[data-testid="create-model"]');
    await Promise.all([adminSide.context.close(), userSide.context.close()]);
  });

  it('says clearly that the session ended when the server refuses the refresh token', async () => {
    const { context, page } = await openApp(browser, stack.gatewayUrl);
    await logInThroughUi(page, viewer.username, viewer.password);
    await page.evaluate(() => {
      const key = 'cryptograph.session';
      const stored = JSON.parse(localStorage.getItem(key)!);
      localStorage.setItem(key, JSON.stringify({ ...stored, expiresAt: 0, refreshToken: 'revoked-token' }));
    });
    await page.reload();
    await page.waitForSelector('[data-testid="session-ended"]');
    expect(await page.textContent('[data-testid="session-ended"]')).toContain('session has ended');
    await context.close();
  });
});
