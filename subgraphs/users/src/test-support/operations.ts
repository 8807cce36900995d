/** Fields of a user the tests read. */
export const userFields = 'id username email role active createdAt';

/** Fields of an AuthPayload the tests read. */
export const authFields = `accessToken refreshToken expiresIn user { ${userFields} }`;

/** `signup` mutation. */
export const signupMutation = `mutation($input: SignupInput!) { signup(input: $input) { ${authFields} } }`;

/** `login` mutation. */
export const loginMutation = `mutation($input: LoginInput!) { login(input: $input) { ${authFields} } }`;

/** `refreshToken` mutation. */
export const refreshMutation = `mutation($token: String!) { refreshToken(refreshToken: $token) { ${authFields} } }`;

/** `logout` mutation. */
export const logoutMutation = `mutation($token: String!) { logout(refreshToken: $token) }`;

/** `me` query. */
export const meQuery = `{ me { ${userFields} } }`;

/** `updateMe` mutation. */
export const updateMeMutation = `mutation($input: UpdateMeInput!) { updateMe(input: $input) { ${userFields} } }`;

/** `createUser` mutation. */
export const createUserMutation = `mutation($input: CreateUserInput!) { createUser(input: $input) { ${userFields} } }`;
