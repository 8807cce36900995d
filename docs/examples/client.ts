// A minimal third-party client of the Cryptograph API: an API key over HTTP (with paging and the
// cost extension) and over WebSocket (a subscription). Run: GATEWAY_URL=http://localhost:4000 API_KEY=cgk_… npx tsx docs/examples/client.ts
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const gatewayUrl = process.env.GATEWAY_URL ?? 'http://localhost:4000';
const apiKey = process.env.API_KEY ?? '';

/** POSTs one operation with the API key; throws on GraphQL errors (each carries extensions.code). */
async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<{ data: T; cost: unknown }> {
  const response = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `ApiKey ${apiKey}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as {
    data: T;
    errors?: { message: string; extensions: { code: string; retryAfter?: number } }[];
    extensions?: { cost?: unknown };
  };
  if (body.errors) throw new Error(body.errors.map((error) => `${error.extensions.code}: ${error.message}`).join('; '));
  return { data: body.data, cost: body.extensions?.cost };
}

interface AssetsPage {
  assets: { edges: { node: { symbol: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** Every asset symbol, page by page with `first` and `after`. */
async function allSymbols(): Promise<string[]> {
  const symbols: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page: { data: AssetsPage; cost: unknown } = await graphql<AssetsPage>(
      'query Assets($after: String) { assets(first: 50, after: $after) { edges { node { symbol } } pageInfo { hasNextPage endCursor } } }',
      { after },
    );
    symbols.push(...page.data.assets.edges.map((edge) => edge.node.symbol));
    console.log('page cost', JSON.stringify(page.cost));
    if (!page.data.assets.pageInfo.hasNextPage) return symbols;
    after = page.data.assets.pageInfo.endCursor;
  }
}

const me = await graphql<{ me: { username: string; role: string } }>('query Me { me { username role } }');
console.log('signed in as', me.data.me.username, me.data.me.role);
console.log('assets', JSON.stringify(await allSymbols()));

// Subscriptions: the same key in connection_init; the subscription stays open until disposed.
const client = createClient({ url: `${gatewayUrl.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { apiKey } });
await new Promise<void>((resolve, reject) => {
  const stop = client.subscribe(
    { query: 'subscription Prices { priceUpdated(symbols: ["BTC"]) { symbol price ts } }' },
    { next: (event) => console.log('tick', JSON.stringify(event.data)), error: reject, complete: resolve },
  );
  // A short look is enough for the example; a real client keeps listening.
  setTimeout(() => {
    stop();
    resolve();
  }, 500);
});
await client.dispose();
console.log('done');
