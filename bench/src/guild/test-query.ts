/**
 * A product with its reviews, their authors and the authors' reviews' products: the selection
 * `TestQuery` makes twice, under `users` and under `topProducts`, at different depths.
 */
const productWithReviews = `...Product
reviews {
  ...Review
  author {
    ...User
    reviews {
      ...Review
      product {
        ...Product
      }
    }
  }
}`;

/** `text` with every line after the first indented by `indent` (for a `${...}` that already stands at that depth). */
const indented = (text: string, indent: string): string => text.replaceAll('\n', `\n${indent}`);

/**
 * The `TestQuery` of The Guild's federation benchmark (its k6 scenario): users with their reviews,
 * each review's product with its reviews and their authors' reviews, and the top products with
 * their reviews' authors' reviews. It crosses all four subgraphs several times; the answer is
 * about 86 KB.
 */
export const guildTestQuery = /* GraphQL */ `
  fragment User on User {
    id
    username
    name
  }

  fragment Review on Review {
    id
    body
  }

  fragment Product on Product {
    inStock
    name
    price
    shippingEstimate
    upc
    weight
  }

  query TestQuery {
    users {
      ...User
      reviews {
        ...Review
        product {
          ${indented(productWithReviews, '          ')}
        }
      }
    }
    topProducts {
      ${indented(productWithReviews, '      ')}
    }
  }
`;
