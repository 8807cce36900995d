// E2E support: a second gateway in front of a test stack, with some subgraph URLs replaced, or without the event bus.
import { createLogger } from '@cryptograph/core';
import { createGatewayServer, loadGatewayEnv, type GatewayServer } from '@cryptograph/gateway';
import type { TestStack } from '@cryptograph/app/testing';

/** A second gateway in front of a test stack's subgraphs, with some subgraph URLs replaced. */
export interface CustomGateway {
  readonly url: string;
  readonly server: GatewayServer;
  stop(): Promise<void>;
}

/**
 * Starts a gateway with the stack's env (same secrets) on a free port, pointing the named
 * subgraphs at `replacements` and the others at the stack's real subgraphs.
 */
export async function startCustomGateway(stack: TestStack, replacements: Record<string, string>, env: Record<string, string> = {}): Promise<CustomGateway> {
  const server = await createGatewayServer({
    env: loadGatewayEnv({ ...stack.env, PORT: '0', ...env }),
    logger: createLogger('e2e-gateway', 'silent'),
    subgraphUrls: { ...stack.subgraphUrls, ...replacements },
  });
  const url = (await server.listen()).replace('[::1]', 'localhost');
  return { url, server, stop: () => server.stop() };
}

/**
 * Starts a gateway in front of a test stack's subgraphs that hears nothing on the event bus (as a
 * gateway does whose Redis subscription dropped, or one deployed without REDIS_URL): it learns of
 * revocations only by asking the users service again when its caches expire.
 */
export async function startLoneGateway(stack: TestStack, env: Record<string, string> = {}): Promise<CustomGateway> {
  const { REDIS_URL: _bus, ...withoutBus } = stack.env;
  const server = await createGatewayServer({
    env: loadGatewayEnv({ ...withoutBus, PORT: '0', ...env }),
    logger: createLogger('e2e-lone-gateway', 'silent'),
    subgraphUrls: stack.subgraphUrls,
  });
  const url = (await server.listen()).replace('[::1]', 'localhost');
  return { url, server, stop: () => server.stop() };
}
