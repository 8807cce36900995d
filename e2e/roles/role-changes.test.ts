// Role changes take effect at the next login/refresh, deactivated users are locked out, and an ANALYST's model joins users/market/predictions.
import { beforeAll, describe, expect, it } from 'vitest';
import { logIn, signUp, startE2eStackWithAdmin, type Account } from '../support/accounts.js';
import { createModelMutation, deactivateUserMutation, loginMutation, meQuery, refreshMutation, setUserRoleMutation } from '../support/operations.js';
import { stopStackAfterAll, type TestStack } from '../support/stack.js';

let stack: TestStack;
let admin: Account;

beforeAll(async () => {
  ({ stack, admin } = await startE2eStackWithAdmin());
});

stopStackAfterAll(() => stack);

const modelInput = (name: string) => ({ name, symbol: 'BTC', target: 'VOLATILITY', algorithm: 'NAIVE', interval: 'D1', horizon: 1 });

describe('role changes', () => {
  it('a promotion takes effect with the next refresh: the promoted ANALYST can then createModel', async () => {
    const user = await signUp(stack, 'promoted');
    const before = await stack.graphql(createModelMutation, { input: modelInput('before promotion') }, { token: user.accessToken });
    expect(before.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const promoted = await stack.graphql(setUserRoleMutation, { id: user.id, role: 'ANALYST' }, { token: admin.accessToken });
    expect(promoted.body.data.setUserRole.role).toBe('ANALYST');

    const refreshed = await stack.graphql(refreshMutation, { token: user.refreshToken });
    expect(refreshed.body.errors).toBeUndefined();
    expect(refreshed.body.data.refreshToken.user.role).toBe('ANALYST');
    const analystToken = refreshed.body.data.refreshToken.accessToken as string;
    const me = await stack.graphql(meQuery, {}, { token: analystToken });
    expect(me.body.data.me.role).toBe('ANALYST');

    const created = await stack.graphql(createModelMutation, { input: modelInput('after promotion') }, { token: analystToken });
    expect(created.body.errors).toBeUndefined();
    expect(created.body.data.createModel).toMatchObject({
      name: 'after promotion',
      owner: { username: user.username },
      asset: { symbol: 'BTC', name: 'Bitcoin' },
    });
  });

  it('a demotion takes effect at the next login: the new token can no longer createModel', async () => {
    const user = await signUp(stack, 'demoted');
    await stack.graphql(setUserRoleMutation, { id: user.id, role: 'ANALYST' }, { token: admin.accessToken });
    const asAnalyst = await logIn(stack, user.username, user.password);
    expect(asAnalyst.role).toBe('ANALYST');
    await stack.graphql(setUserRoleMutation, { id: user.id, role: 'VIEWER' }, { token: admin.accessToken });
    const asViewer = await logIn(stack, user.username, user.password);
    expect(asViewer.role).toBe('VIEWER');
    const refused = await stack.graphql(createModelMutation, { input: modelInput('after demotion') }, { token: asViewer.accessToken });
    expect(refused.body.data ?? null).toBeNull();
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a deactivated user can neither log in nor refresh', async () => {
    const user = await signUp(stack, 'deactivated');
    const deactivated = await stack.graphql(deactivateUserMutation, { id: user.id }, { token: admin.accessToken });
    expect(deactivated.body.data.deactivateUser.active).toBe(false);

    const login = await stack.graphql(loginMutation, { input: { login: user.username, password: user.password } });
    expect(login.body.data ?? null).toBeNull();
    expect(login.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const refresh = await stack.graphql(refreshMutation, { token: user.refreshToken });
    expect(refresh.body.data ?? null).toBeNull();
    expect(refresh.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('cross-subgraph data', () => {
  it('joins a model with its owner (users) and asset (market), and an asset with its models (predictions)', async () => {
    const user = await signUp(stack, 'joiner');
    await stack.graphql(setUserRoleMutation, { id: user.id, role: 'ANALYST' }, { token: admin.accessToken });
    const analyst = await logIn(stack, user.username, user.password);
    const name = `join model ${user.username}`;
    const created = await stack.graphql(createModelMutation, { input: modelInput(name) }, { token: analyst.accessToken });
    expect(created.body.errors).toBeUndefined();

    const models = await stack.graphql(
      `query { models(symbol: "BTC", first: 100) { edges { node { id name owner { username } asset { symbol name } } } } }`,
      {},
      { token: analyst.accessToken },
    );
    expect(models.body.errors).toBeUndefined();
    const nodes = models.body.data.models.edges.map((edge: { node: unknown }) => edge.node);
    expect(nodes).toContainEqual({ id: created.body.data.createModel.id, name, owner: { username: user.username }, asset: { symbol: 'BTC', name: 'Bitcoin' } });

    const asset = await stack.graphql(`query { asset(symbol: "BTC") { symbol name models { name owner { username } } } }`, {}, { token: analyst.accessToken });
    expect(asset.body.errors).toBeUndefined();
    expect(asset.body.data.asset).toMatchObject({ symbol: 'BTC', name: 'Bitcoin' });
    expect(asset.body.data.asset.models).toContainEqual({ name, owner: { username: user.username } });
  });
});
