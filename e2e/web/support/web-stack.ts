import { priceTickChannel, type PriceTickMessage, type Role } from '@cryptograph/core';
import { startTestStack, type TestStack } from '@cryptograph/app/testing';
import { ensureWebBuild } from './web-build.js';

/** The bootstrap admin of every browser scenario. */
export const admin = { email: 'admin@cryptograph.test', username: 'admin', password: 'Adm1n password!' } as const;
/** A password that passes the sign-up rules. */
export const goodPassword = 'Correct-Horse-9-Battery';

/** Builds the web app if needed, then starts the whole system with a bootstrap admin; the gateway serves the app. */
export async function startWebStack(overrides: Record<string, string> = {}): Promise<TestStack> {
  await ensureWebBuild();
  return startTestStack({ ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, ADMIN_USERNAME: admin.username, ...overrides });
}

/** Logs in through the API and returns the access token. */
export async function apiLogin(stack: TestStack, login: string, password: string): Promise<string> {
  const response = await stack.graphql('mutation($input: LoginInput!) { login(input: $input) { accessToken } }', { input: { login, password } });
  const token = response.body.data?.login?.accessToken as string | undefined;
  if (!token) throw new Error(`login failed: ${JSON.stringify(response.body.errors)}`);
  return token;
}

/** Creates a user with a role through the API as the admin. */
export async function createUser(stack: TestStack, username: string, role: Role): Promise<{ username: string; password: string }> {
  const token = await apiLogin(stack, admin.username, admin.password);
  const created = await stack.graphql(
    'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
    { input: { email: `${username}@example.com`, username, password: goodPassword, role } },
    { token },
  );
  if (created.body.errors) throw new Error(JSON.stringify(created.body.errors));
  return { username, password: goodPassword };
}

/** Publishes one price tick on the stack's event bus, as the replay feed does. */
export function publishTick(stack: TestStack, symbol: string, price: number, ts = new Date()): Promise<void> {
  return stack.bus.publish(priceTickChannel, { symbol, price, ts: ts.toISOString() } satisfies PriceTickMessage);
}
