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
          ...Product
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
          }
        }
      }
    }
    topProducts {
      ...Product
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
      }
    }
  }
`;
