import { priceTickChannel, type PriceTickMessage } from '@cryptograph/core';
import { startTestStack, type TestStack } from '@cryptograph/app/testing';

/** Credentials of the admin every subscription scenario starts with. */
export const admin = { email: 'admin@cryptograph.test', username: 'admin', password: 'Adm1n password!' } as const;

/** Starts a stack with a bootstrap admin and returns it with the admin's access token. */
export async function stackWithAdmin(overrides: Record<string, string> = {}): Promise<{ stack: TestStack; adminToken: string }> {
  const stack = await startTestStack({ ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, ADMIN_USERNAME: admin.username, ...overrides });
  return { stack, adminToken: await login(stack, admin.username, admin.password) };
}

/** Logs in through the gateway and returns the access token. */
export async function login(stack: TestStack, loginName: string, password: string): Promise<string> {
  const response = await stack.graphql('mutation Login($input: LoginInput!) { login(input: $input) { accessToken } }', {
    input: { login: loginName, password },
  });
  const token = response.body.data?.login?.accessToken as string | undefined;
  if (!token) throw new Error(`login failed: ${JSON.stringify(response.body.errors)}`);
  return token;
}

/** Publishes one price tick on the stack's event bus, as the replay feed does. */
export function publishTick(stack: TestStack, symbol: string, price: number, ts = new Date()): Promise<void> {
  return stack.bus.publish(priceTickChannel, { symbol, price, ts: ts.toISOString() } satisfies PriceTickMessage);
}
