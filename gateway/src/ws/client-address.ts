import type { IncomingMessage } from 'node:http';

/** The client's address of an upgrade request: the first X-Forwarded-For hop when the proxy is trusted. */
export function clientAddressOf(trustProxy: boolean): (request: IncomingMessage) => string {
  return (request) => {
    const forwarded = request.headers['x-forwarded-for'];
    if (trustProxy && typeof forwarded === 'string' && forwarded.length > 0) return forwarded.split(',')[0]!.trim();
    return request.socket.remoteAddress ?? '';
  };
}
