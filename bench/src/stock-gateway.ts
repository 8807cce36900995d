import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { anonymousIdentity, identityHeader, internalKey, signIdentity, signingKeyFromPem, verifyAccessToken, type Identity } from '@cryptograph/core';
import { createPublicKey } from 'node:crypto';

/** The reference: a stock Apollo gateway on the same subgraphs. */
export interface StockGateway {
  /** GraphQL URL, e.g. `http://127.0.0.1:PORT/`. */
  readonly url: string;
  stop(): Promise<void>;
}

interface StockContext {
  readonly identity: Identity;
}

/** The committed supergraph with each subgraph's URL replaced by the running one. */
export function supergraphWithUrls(path: URL, subgraphUrls: Readonly<Record<string, string>>): string {
  return readFileSync(path, 'utf8').replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (whole, name: string) => {
    const url = subgraphUrls[name];
    if (!url) throw new Error(`no running URL for subgraph "${name}"`);
    return `@join__graph(name: "${name}", url: "${url}")`;
  });
}

/**
 * `new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) })` served by
 * `startStandaloneServer`, otherwise default. The only additions are the ones our subgraphs
 * require to answer at all: the context verifies the caller's JWT with the users service's public
 * key (our gateway also checks the session state, which this reference leaves out), and a plain
 * `RemoteGraphQLDataSource` signs the identity header for each subgraph on every request.
 */
export async function startStockGateway(options: { supergraphSdl: string; authPrivateKey: string; internalSecret: string }): Promise<StockGateway> {
  const publicKey = createPublicKey((await signingKeyFromPem(options.authPrivateKey)).privateKey);
  const identityKey = internalKey(options.internalSecret);
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<StockContext>({
        url,
        async willSendRequest({ request, context }) {
          request.http?.headers.set(identityHeader, await signIdentity(context.identity, identityKey, name));
        },
      }),
  });
  const server = new ApolloServer<StockContext>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { host: '127.0.0.1', port: 0 },
    context: async ({ req }) => {
      const clientAddress = req.socket.remoteAddress ?? '';
      const authorization = req.headers.authorization;
      if (!authorization) return { identity: anonymousIdentity(clientAddress) };
      const claims = await verifyAccessToken(authorization.replace(/^Bearer /, ''), publicKey);
      return { identity: { userId: claims.userId, role: claims.role, scopes: null, clientAddress } };
    },
  });
  return { url, stop: () => server.stop() };
}
