import { ErrorCode } from '@cryptograph/core/base';
import { ConnectionRefused, GatewayCloseCode } from '../connection-end.js';
import type { GatewayPlugin } from '../gateway-plugin.js';

/**
 * Limits the open WebSocket and SSE connections of one client address on this gateway
 * (WS_MAX_CONNECTIONS_PER_ADDRESS, default 50; the address as TRUST_PROXY resolves it): the next
 * one is refused (WebSocket close 1013 "Try Again Later", HTTP 429 on SSE) until one closes.
 */
export function useConnectionCap(options: { readonly perAddress: number }): GatewayPlugin {
  const open = new Map<string, number>();
  return {
    name: 'connection-cap',
    onConnection(connection) {
      const address = connection.clientAddress;
      const count = open.get(address) ?? 0;
      if (count >= options.perAddress) {
        const message = `Too many open connections from this address: at most ${options.perAddress}.`;
        throw new ConnectionRefused(
          GatewayCloseCode.TooManyConnections,
          'Too many connections',
          { message, extensions: { code: ErrorCode.RATE_LIMITED } },
          429,
        );
      }
      open.set(address, count + 1);
      return () => {
        const remaining = (open.get(address) ?? 1) - 1;
        if (remaining <= 0) open.delete(address);
        else open.set(address, remaining);
      };
    },
  };
}
