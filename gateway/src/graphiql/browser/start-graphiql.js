// Starts GraphiQL (loaded as the globals React, ReactDOM and GraphiQL before this module) against the
// gateway: queries and mutations over HTTP, subscriptions over graphql-ws (graphql-transport-ws) on the
// same path, both carrying the Authorization (or x-api-key) header typed in GraphiQL's headers editor.
/* global React, ReactDOM, GraphiQL */
const root = document.getElementById('graphiql');
const httpUrl = new URL(root.dataset.graphqlPath, window.location.href);
const wsUrl = new URL(httpUrl);
wsUrl.protocol = httpUrl.protocol === 'https:' ? 'wss:' : 'ws:';
const { createClient } = await import(root.dataset.graphqlWsClient);

/** The credentials among the editor's headers, as the gateway reads them in `connection_init`. */
function connectionParamsOf(headers) {
  const params = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value !== 'string') continue;
    if (name.toLowerCase() === 'authorization') params.authorization = value;
    else if (name.toLowerCase() === 'x-api-key') params.apiKey = value;
  }
  return params;
}

let socket;
/** One graphql-ws client per set of credentials: a new socket when the editor's credentials change. */
function socketFor(params) {
  const key = JSON.stringify(params);
  if (socket?.key !== key) {
    socket?.client.dispose();
    socket = { key, client: createClient({ url: wsUrl.href, connectionParams: params, lazy: true, retryAttempts: 0 }) };
  }
  return socket.client;
}

let current = socketFor({});
// GraphiQL's fetcher sends the editor's headers over HTTP and routes subscriptions to `wsClient`.
const fetcher = GraphiQL.createFetcher({ url: httpUrl.href, wsClient: { subscribe: (payload, sink) => current.subscribe(payload, sink) } });

function fetchWithEditorHeaders(params, options) {
  current = socketFor(connectionParamsOf(options?.headers));
  return fetcher(params, options);
}

const defaultQuery = `# Cryptograph API. Queries and mutations run over HTTP, subscriptions over WebSocket,
# both on ${httpUrl.pathname}. To authenticate, put in Headers below:
#   {"authorization": "Bearer <access token>"}  or  {"x-api-key": "<API key>"}

subscription LivePrices {
  priceUpdated(symbols: ["BTC"]) {
    price
  }
}
`;

ReactDOM.createRoot(root).render(
  React.createElement(GraphiQL, { fetcher: fetchWithEditorHeaders, defaultQuery, defaultEditorToolsVisibility: 'headers', shouldPersistHeaders: false }),
);
