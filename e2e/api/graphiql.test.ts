// Scenario: GraphiQL served by the gateway from its own assets (no CDN), on or off by GRAPHIQL; in headless
// Chromium with every non-loopback request blocked, a query over HTTP and a subscription over graphql-ws both
// carry the Authorization header typed in GraphiQL's headers editor.
import { priceTickChannel, type PriceTickMessage } from '@cryptograph/core';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type Account } from '../support/accounts.js';
import { startCustomGateway, type CustomGateway } from '../support/custom-gateway.js';
import { startPlainStack, type TestStack } from '../support/stack.js';

/** The page's document, as the functions evaluated in Chromium see it (e2e compiles without the DOM library). */
declare const document: { querySelector(selectors: string): { textContent: string | null } | null };

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** playwright-core and a Chromium binary, when both are installed (the browser scenario is skipped otherwise). */
const playwright = existsSync(chromiumPath) ? await import('playwright-core').catch(() => undefined) : undefined;

/** GETs a path as a browser navigating to it would (asking for HTML, which the web app's SPA fallback answers). */
const browse = (baseUrl: string, path: string) => fetch(new URL(path, baseUrl), { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });

/** The script, stylesheet and module URLs of the page, resolved against it. */
function referencedAssets(html: string, pageUrl: string): { scripts: URL[]; stylesheets: URL[] } {
  const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g), ...html.matchAll(/\bdata-graphql-ws-client="([^"]+)"/g)].map(
    (match) => new URL(match[1]!, pageUrl),
  );
  const stylesheets = [...html.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"/g)].map((match) => new URL(match[1]!, pageUrl));
  return { scripts, stylesheets };
}

let stack: TestStack;
const gateways: CustomGateway[] = [];

beforeAll(async () => {
  stack = await startPlainStack({ GRAPHIQL: 'true' });
});

afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  await stack?.stop();
});

describe('the GraphiQL page', () => {
  it('is served with GRAPHIQL=true, and every asset it references comes from the gateway with the right content type', async () => {
    const pageUrl = `${stack.gatewayUrl}/graphiql`;
    const response = await browse(stack.gatewayUrl, '/graphiql');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('id="graphiql"');
    const origin = new URL(pageUrl).origin;
    const foreign = [...html.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((match) => match[0]).filter((url) => new URL(url).origin !== origin);
    expect(foreign).toEqual([]);

    const { scripts, stylesheets } = referencedAssets(html, pageUrl);
    expect(scripts.length).toBeGreaterThanOrEqual(5);
    expect(stylesheets.length).toBeGreaterThanOrEqual(1);
    for (const [urls, type] of [
      [scripts, /^text\/javascript/],
      [stylesheets, /^text\/css/],
    ] as const) {
      for (const url of urls) {
        expect(url.origin, url.href).toBe(origin);
        const asset = await fetch(url);
        expect(asset.status, url.href).toBe(200);
        expect(asset.headers.get('content-type'), url.href).toMatch(type);
        const body = await asset.text();
        expect(body.length, url.href).toBeGreaterThan(0);
        // ES modules' relative imports (graphql-ws's client and its chunk) are on the gateway too.
        for (const [, specifier] of body.matchAll(/\bfrom\s*'(\.\/[\w.-]+\.js)'/g)) {
          const imported = await fetch(new URL(specifier!, url));
          expect(imported.status, specifier).toBe(200);
          expect(imported.headers.get('content-type'), specifier).toMatch(/^text\/javascript/);
        }
      }
    }
  });

  it('keeps /graphql for the API and answers 404 for unknown paths under /graphiql', async () => {
    const unknown = await browse(stack.gatewayUrl, '/graphiql/assets/nothing-here.js');
    expect(unknown.status).toBe(404);
    const result = await stack.graphql('{ __typename }');
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({ __typename: 'Query' });
  });

  it('is 404 (not the web app) with GRAPHIQL=false and by default in production; GRAPHIQL=true turns it on in production', async () => {
    const off = await startCustomGateway(stack, {}, { GRAPHIQL: 'false' });
    const production = await startCustomGateway(stack, {}, { NODE_ENV: 'production', GRAPHIQL: '' });
    const productionOn = await startCustomGateway(stack, {}, { NODE_ENV: 'production', GRAPHIQL: 'true' });
    gateways.push(off, production, productionOn);
    for (const gateway of [off, production]) {
      for (const path of ['/graphiql', '/graphiql/assets/start-graphiql.js']) {
        expect((await browse(gateway.url, path)).status, `${gateway.url}${path}`).toBe(404);
      }
    }
    expect((await browse(productionOn.url, '/graphiql')).status).toBe(200);
  });
});

describe.skipIf(!playwright)('GraphiQL in headless Chromium without network', () => {
  let account: Account;

  beforeAll(async () => {
    account = await signUp(stack, 'graphiql');
  });

  it('runs a query over HTTP and a subscription over graphql-ws with the Authorization header of the headers editor', async () => {
    const browser = await playwright!.chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const ticks = setInterval(
      () => void stack.bus.publish(priceTickChannel, { symbol: 'BTC', price: 43_210.5, ts: new Date().toISOString() } satisfies PriceTickMessage),
      250,
    );
    try {
      const context = await browser.newContext();
      const blocked: string[] = [];
      await context.route('**/*', (route) => {
        const { hostname } = new URL(route.request().url());
        if (['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) return route.continue();
        blocked.push(route.request().url());
        return route.abort();
      });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));

      await page.goto(`${stack.gatewayUrl}/graphiql`);
      await page.waitForSelector('.graphiql-container .graphiql-query-editor .CodeMirror');
      // The headers editor is open by default; "paste" the header into it, then the operation.
      await page.evaluate((token) => {
        const headers = document.querySelector('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror') as unknown as {
          CodeMirror: { setValue(value: string): void };
        };
        headers.CodeMirror.setValue(JSON.stringify({ authorization: `Bearer ${token}` }));
      }, account.accessToken);
      // Named operations: GraphiQL shows the name in its tab once it has parsed the new text (clicking before would send the old name).
      const run = async (name: string, operation: string) => {
        await page.evaluate((text) => {
          const editor = document.querySelector('.graphiql-query-editor .CodeMirror') as unknown as { CodeMirror: { setValue(value: string): void } };
          editor.CodeMirror.setValue(text);
        }, operation);
        await page.waitForFunction((expected) => document.querySelector('.graphiql-tab-button')?.textContent === expected, name);
        await page.click('.graphiql-execute-button');
      };
      const resultText = () =>
        page.evaluate(() =>
          (document.querySelector('.graphiql-response .CodeMirror') as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue(),
        );
      const waitForResult = async (fragment: string) => {
        try {
          await page.waitForFunction((expected) => {
            const result = document.querySelector('.graphiql-response .CodeMirror') as unknown as { CodeMirror: { getValue(): string } } | null;
            return result?.CodeMirror.getValue().replace(/\s+/g, '').includes(expected) ?? false;
          }, fragment);
        } catch (error) {
          throw new Error(`no ${fragment} in the result ${await resultText()} (page errors: ${JSON.stringify(problems)})`, { cause: error });
        }
      };

      await run('Me', 'query Me { me { username } }');
      await waitForResult(`"username":"${account.username}"`);

      await run('BitcoinPrice', 'subscription BitcoinPrice { priceUpdated(symbols: ["BTC"]) { price } }');
      await waitForResult('"priceUpdated":{"price":43210.5}');
      expect(JSON.parse(await resultText())).toEqual({ data: { priceUpdated: { price: 43_210.5 } } });
      await page.click('.graphiql-execute-button'); // stops the subscription

      expect(blocked).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    } finally {
      clearInterval(ticks);
      await browser.close();
    }
  });
});
