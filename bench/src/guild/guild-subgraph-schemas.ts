import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { guildInStock, guildProducts, guildReviews, guildUsers, type GuildReview } from './guild-data.js';

/** One subgraph of The Guild's benchmark: its federation 2 SDL and resolvers. */
export interface GuildSubgraph {
  readonly name: 'accounts' | 'inventory' | 'products' | 'reviews';
  readonly typeDefs: string;
  readonly resolvers: GraphQLResolverMap<unknown>;
}

const link = (imports: string[]) =>
  `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: [${imports.map((name) => `"${name}"`).join(', ')}])`;

const usersById = new Map(guildUsers.map((user) => [user.id, user]));
const productsByUpc = new Map(guildProducts.map((product) => [product.upc, product]));
const reviewsById = new Map(guildReviews.map((review) => [review.id, review]));
/** The reviews subgraph answers the first two reviews for any user (as the benchmark's does). */
const reviewsOfAnyUser = guildReviews.slice(0, 2);

/** Users: `me`, `user(id)`, `users`, and the `User` entity. */
const accounts: GuildSubgraph = {
  name: 'accounts',
  // username is shareable: reviews provides it for a review's author.
  typeDefs: `${link(['@key', '@shareable'])}
    type Query { me: User  user(id: ID!): User  users: [User] }
    type User @key(fields: "id") { id: ID!  name: String  username: String @shareable  birthday: Int }`,
  resolvers: {
    Query: {
      me: () => guildUsers[0],
      user: (_parent: unknown, args: { id: string }) => usersById.get(args.id) ?? null,
      users: () => guildUsers,
    },
    User: { __resolveReference: (reference: { id: string }) => usersById.get(reference.id) ?? null },
  },
};

/** Products: `topProducts(first)` and the `Product` entity (name, price, weight). */
const products: GuildSubgraph = {
  name: 'products',
  typeDefs: `${link(['@key'])}
    type Query { topProducts(first: Int = 5): [Product] }
    type Product @key(fields: "upc") { upc: String!  name: String  price: Int  weight: Int }`,
  resolvers: {
    Query: { topProducts: (_parent: unknown, args: { first?: number | null }) => guildProducts.slice(0, args.first ?? 5) },
    Product: { __resolveReference: (reference: { upc: string }) => productsByUpc.get(reference.upc) ?? null },
  },
};

/** Inventory: stock and a shipping estimate that requires the product's price and weight. */
const inventory: GuildSubgraph = {
  name: 'inventory',
  typeDefs: `${link(['@key', '@external', '@requires'])}
    type Product @key(fields: "upc") {
      upc: String!
      weight: Int @external
      price: Int @external
      inStock: Boolean
      shippingEstimate: Int @requires(fields: "price weight")
    }`,
  resolvers: {
    Product: {
      __resolveReference: (reference: { upc: string; price?: number | null; weight?: number | null }) => ({
        ...reference,
        inStock: guildInStock[reference.upc] ?? null,
      }),
      shippingEstimate: (product: { price?: number | null; weight?: number | null }) => {
        if (product.price == null) return null;
        if (product.price > 1000) return 0;
        return product.weight == null ? null : Math.trunc(product.weight / 2);
      },
    },
  },
};

/** Reviews: reviews of products and users, and each review's author (providing its username). */
const reviews: GuildSubgraph = {
  name: 'reviews',
  typeDefs: `${link(['@key', '@external', '@provides'])}
    type Review @key(fields: "id") { id: ID!  body: String  product: Product  author: User @provides(fields: "username") }
    type User @key(fields: "id") { id: ID!  username: String @external  reviews: [Review] }
    type Product @key(fields: "upc") { upc: String!  reviews: [Review] }`,
  resolvers: {
    Review: {
      __resolveReference: (reference: { id: string }) => reviewsById.get(reference.id) ?? null,
      product: (review: GuildReview) => ({ upc: review.productUpc }),
      author: () => ({ id: '1', username: 'urigo' }),
    },
    User: {
      __resolveReference: (reference: { id: string }) => ({ id: reference.id, username: 'user' }),
      reviews: () => reviewsOfAnyUser,
    },
    Product: {
      __resolveReference: (reference: { upc: string }) => ({ upc: reference.upc }),
      reviews: (product: { upc: string }) => guildReviews.filter((review) => review.productUpc === product.upc),
    },
  },
};

/** The benchmark's four subgraphs. */
export const guildSubgraphs: readonly GuildSubgraph[] = [accounts, inventory, products, reviews];
