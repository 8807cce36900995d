/**
 * The data of The Guild's federation benchmark (graphql-hive/graphql-gateways-benchmark,
 * `federation/subgraphs/*`), restated here from its four subgraphs: six users, nine products with
 * their stock, and eleven reviews with long Lorem-ipsum bodies (what makes the answer about 86 KB).
 */

/** A user of the accounts subgraph. */
export interface GuildUser {
  readonly id: string;
  readonly name: string;
  readonly username: string;
  readonly birthday: number;
}

/** A product of the products subgraph. */
export interface GuildProduct {
  readonly upc: string;
  readonly name: string;
  readonly price: number;
  readonly weight: number;
}

/** A review of the reviews subgraph (its product by upc). */
export interface GuildReview {
  readonly id: string;
  readonly body: string;
  readonly productUpc: string;
}

const birthday = 1234567890;

/** The accounts subgraph's users, in order. */
export const guildUsers: readonly GuildUser[] = [
  { id: '1', name: 'Uri Goldshtein', username: 'urigo', birthday },
  { id: '2', name: 'Dotan Simha', username: 'dotansimha', birthday },
  { id: '3', name: 'Kamil Kisiela', username: 'kamilkisiela', birthday },
  { id: '4', name: 'Arda Tanrikulu', username: 'ardatan', birthday },
  { id: '5', name: 'Gil Gardosh', username: 'gilgardosh', birthday },
  { id: '6', name: 'Laurin Quast', username: 'laurin', birthday },
];

/** The products subgraph's products, in order (`topProducts` takes the first `first`). */
export const guildProducts: readonly GuildProduct[] = [
  { upc: '1', name: 'Table', price: 899, weight: 100 },
  { upc: '2', name: 'Couch', price: 1299, weight: 1000 },
  { upc: '3', name: 'Glass', price: 15, weight: 20 },
  { upc: '4', name: 'Chair', price: 499, weight: 100 },
  { upc: '5', name: 'TV', price: 1299, weight: 1000 },
  { upc: '6', name: 'Lamp', price: 6999, weight: 300 },
  { upc: '7', name: 'Grill', price: 3999, weight: 2000 },
  { upc: '8', name: 'Fridge', price: 100000, weight: 6000 },
  { upc: '9', name: 'Sofa', price: 9999, weight: 800 },
];

/** The inventory subgraph's stock by upc. */
export const guildInStock: Readonly<Record<string, boolean>> = {
  '1': true,
  '2': false,
  '3': false,
  '4': false,
  '5': true,
  '6': true,
  '7': true,
  '8': false,
  '9': true,
};

const lorem =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.';
const perspiciatis =
  'Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium doloremque laudantium, totam rem aperiam, eaque ipsa quae ab illo inventore veritatis et quasi architecto beatae vitae dicta sunt explicabo. Nemo enim ipsam voluptatem quia voluptas sit aspernatur aut odit aut fugi';
const consequuntur =
  'sed quia consequuntur magni dolores eos qui ratione voluptatem sequi nesciunt. Neque porro quisquam est, qui dolorem ipsum quia dolor sit amet, consectetur, adipisci velit, sed quia non numquam eius modi tempora incidunt ut labore et dolore magnam aliquam quaerat voluptatem.';
const minima =
  'Ut enim ad minima veniam, quis nostrum exercitationem ullam corporis suscipit laboriosam, nisi ut aliquid ex ea commodi consequatur? Quis autem';
const accusamus =
  'At vero eos et accusamus et iusto odio dignissimos ducimus qui blanditiis praesentium voluptatum deleniti atque corrupti quos dolores et quas molestias excepturi sint occaecati cupiditate non provident, similique sunt in culpa qui officia deserunt mollitia animi, id est laborum et dolorum fuga. Et harum quidem rerum facilis est et expedita distinctio. Nam libero tempore, cum soluta nobis est eligendi optio cumque nihil impedit quo minus id quod maxime placeat facere possimus, omnis voluptas assumenda est, omnis dolor repellendus. Temporibus autem quibusdam et aut officiis debitis aut rerum necessitatibus saepe eveniet ut et voluptates repudiandae sint et molestiae non recusandae. Itaque earum rerum hic tenetur a sapiente delectus, ut aut reiciendis voluptatibus maiores alias consequatur aut perferendis doloribus asperiores repellat.';

/** The reviews subgraph's reviews, in order. */
export const guildReviews: readonly GuildReview[] = [
  { id: '1', body: lorem, productUpc: '1' },
  { id: '2', body: perspiciatis, productUpc: '1' },
  { id: '3', body: consequuntur, productUpc: '1' },
  { id: '4', body: minima, productUpc: '1' },
  { id: '5', body: lorem, productUpc: '2' },
  { id: '6', body: perspiciatis, productUpc: '2' },
  { id: '7', body: consequuntur, productUpc: '2' },
  { id: '8', body: minima, productUpc: '2' },
  { id: '9', body: minima, productUpc: '3' },
  { id: '10', body: minima, productUpc: '4' },
  { id: '11', body: accusamus, productUpc: '4' },
];
