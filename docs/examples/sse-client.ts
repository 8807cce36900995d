// GraphQL over Server-Sent Events with the graphql-sse client: an API key, the distinct connections mode
// (one stream per operation) and the single connection mode (one stream for all operations).
// Run: GATEWAY_URL=http://localhost:4000 API_KEY=cgk_… npx tsx docs/examples/sse-client.ts
import { createClient, type ExecutionResult } from 'graphql-sse';

const gatewayUrl = process.env.GATEWAY_URL ?? 'http://localhost:4000';
const apiKey = process.env.API_KEY ?? '';
const url = `${gatewayUrl}/graphql/stream`;

/** Runs one operation to completion and returns its results (a query or mutation has one). */
function run(client: ReturnType<typeof createClient<boolean>>, query: string): Promise<ExecutionResult[]> {
  return new Promise((resolve, reject) => {
    const results: ExecutionResult[] = [];
    client.subscribe({ query }, { next: (result) => void results.push(result), error: reject, complete: () => resolve(results) });
  });
}

// Distinct connections mode (the default, best over HTTP/2): each operation is its own event stream.
const distinct = createClient({ url, headers: { 'x-api-key': apiKey } });
const [me] = await run(distinct, 'query Me { me { username role } }');
console.log('distinct: me', JSON.stringify(me?.data));

// A subscription stays open until you stop it; each event is one `next`.
const stopTicks = distinct.subscribe(
  { query: 'subscription Prices { priceUpdated(symbols: ["BTC"]) { symbol price ts } }' },
  {
    next: (event) => console.log('distinct: tick', JSON.stringify(event.data)),
    error: (error) => console.error('distinct: subscription failed', error),
    complete: () => {},
  },
);
await new Promise((resolve) => setTimeout(resolve, 500));
stopTicks();
distinct.dispose();

// Single connection mode (for HTTP/1 browsers, which allow few connections per host): the client
// reserves one stream (PUT, with the credential), opens it, and runs every operation on it.
const single = createClient({ url, singleConnection: true, headers: { 'x-api-key': apiKey } });
const [assets, again] = await Promise.all([run(single, '{ assets(first: 3) { edges { node { symbol } } } }'), run(single, 'query Me { me { username } }')]);
console.log('single: assets', JSON.stringify(assets[0]?.data));
console.log('single: me', JSON.stringify(again[0]?.data));
single.dispose();
console.log('done');
