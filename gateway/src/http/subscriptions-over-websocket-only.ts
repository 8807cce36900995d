import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '@cryptograph/core';
import { GraphQLError } from 'graphql';

/** Answers subscription operations sent over HTTP with a 400 that points to the WebSocket endpoint. */
export function subscriptionsOverWebSocketOnly<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw new GraphQLError('Subscriptions are served over WebSocket (graphql-transport-ws) at /graphql.', {
            extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
          });
        },
      };
    },
  };
}
