// E2E support: GraphQL documents the scenarios send through the gateway.

/** Fields of a user the scenarios read. */
export const userFields = 'id username email role active createdAt';

/** Fields of an AuthPayload the scenarios read. */
export const authFields = `accessToken refreshToken expiresIn user { ${userFields} }`;

/** `signup` mutation. */
export const signupMutation = `mutation Signup($input: SignupInput!) { signup(input: $input) { ${authFields} } }`;

/** `login` mutation. */
export const loginMutation = `mutation Login($input: LoginInput!) { login(input: $input) { ${authFields} } }`;

/** `refreshToken` mutation. */
export const refreshMutation = `mutation Refresh($token: String!) { refreshToken(refreshToken: $token) { ${authFields} } }`;

/** `logout` mutation. */
export const logoutMutation = `mutation Logout($token: String!) { logout(refreshToken: $token) }`;

/** `me` query. */
export const meQuery = `query Me { me { ${userFields} } }`;

/** `user(id)` query. */
export const userQuery = `query User($id: ID!) { user(id: $id) { ${userFields} } }`;

/** `users` query (admins only). */
export const usersQuery = `query Users($search: String) { users(search: $search) { totalCount edges { node { ${userFields} } } } }`;

/** `updateMe` mutation. */
export const updateMeMutation = `mutation UpdateMe($input: UpdateMeInput!) { updateMe(input: $input) { ${userFields} } }`;

/** `createUser` mutation (admins only). */
export const createUserMutation = `mutation CreateUser($input: CreateUserInput!) { createUser(input: $input) { ${userFields} } }`;

/** `setUserRole` mutation (admins only). */
export const setUserRoleMutation = `mutation SetRole($id: ID!, $role: Role!) { setUserRole(id: $id, role: $role) { ${userFields} } }`;

/** `deactivateUser` mutation (admins only). */
export const deactivateUserMutation = `mutation Deactivate($id: ID!) { deactivateUser(id: $id) { ${userFields} } }`;

/** `deleteUser` mutation (admins only). */
export const deleteUserMutation = `mutation Delete($id: ID!) { deleteUser(id: $id) }`;

/** `createModel` mutation (analysts and admins). */
export const createModelMutation = `mutation CreateModel($input: CreateModelInput!) { createModel(input: $input) { id name owner { username } asset { symbol name } } }`;
