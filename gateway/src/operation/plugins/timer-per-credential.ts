import type { GatewayConnection } from '../gateway-connection.js';
import type { GatewayContext } from '../../context.js';

/**
 * Keeps at most one timer on a connection, set again for each credential it carries: every
 * credential change (the first one included) clears the previous timer and arms what `arm` returns
 * for the new context (nothing, for none). Returns the cleanup for the connection's end.
 */
export function timerPerCredential(connection: GatewayConnection, arm: (context: GatewayContext) => NodeJS.Timeout | undefined): () => void {
  let timer: NodeJS.Timeout | undefined;
  const stopListening = connection.onCredentialChange((context) => {
    clearTimeout(timer);
    timer = arm(context);
  });
  return () => {
    clearTimeout(timer);
    stopListening();
  };
}
