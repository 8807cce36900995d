// E2E browser support: the ground of one scenario file (a web stack, a browser, one user of the app), set up and torn down around its tests.
import type { TestStack } from '@cryptograph/app/testing';
import type { Role } from '@cryptograph/core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser.js';
import { createUser, startWebStack } from './web-stack.js';

/** What a browser scenario runs on; read it inside tests and hooks (it is set once the file's `beforeAll` ran). */
export interface BrowserScenario {
  readonly stack: TestStack;
  readonly browser: Browser;
  /** The user the scenario signs in as. */
  readonly user: { readonly username: string; readonly password: string };
}

/** How to set up a browser scenario. */
export interface BrowserScenarioOptions {
  /** Environment of the web stack on top of its defaults. */
  readonly settings?: Record<string, string>;
  /** The user to create, by the admin through the API. */
  readonly user: { readonly username: string; readonly role: Role };
  /** How long setting up may take (default 120 s). */
  readonly timeoutMs?: number;
}

/**
 * Registers this file's setup and teardown: before its tests, starts the web stack and the browser
 * side by side and creates the user; after them, closes the browser and stops the stack (whichever
 * started, also when the other failed to).
 */
export function useBrowserScenario(options: BrowserScenarioOptions): BrowserScenario {
  let started: BrowserScenario | undefined;
  let stack: TestStack | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    const [stackStart, browserLaunch] = await Promise.allSettled([startWebStack(options.settings), launchBrowser()]);
    stack = stackStart.status === 'fulfilled' ? stackStart.value : undefined;
    browser = browserLaunch.status === 'fulfilled' ? browserLaunch.value : undefined;
    if (stackStart.status === 'rejected') throw stackStart.reason;
    if (browserLaunch.status === 'rejected') throw browserLaunch.reason;
    const user = await createUser(stackStart.value, options.user.username, options.user.role);
    started = { stack: stackStart.value, browser: browserLaunch.value, user };
  }, options.timeoutMs ?? 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });
  const current = (): BrowserScenario => {
    if (!started) throw new Error('the browser scenario is not set up: read it inside tests and hooks');
    return started;
  };
  return {
    get stack() {
      return current().stack;
    },
    get browser() {
      return current().browser;
    },
    get user() {
      return current().user;
    },
  };
}
