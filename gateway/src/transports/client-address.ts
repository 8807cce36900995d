import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/**
 * The trust function of TRUST_PROXY=<hops>: the `hops` closest addresses of the chain
 * `X-Forwarded-For` entries + socket peer (read right to left) are our own reverse proxies, so the
 * client is the address just before them. 0 trusts no proxy: the socket peer is the client. Each
 * proxy appends the address it received the request from, so a client can prepend what it likes
 * but never changes the entries our proxies wrote.
 */
export function trustedProxyHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

/** Resolves the client address of a raw request (a WebSocket upgrade) as Fastify does for HTTP requests, with proxy-addr. */
export function clientAddressResolver(hops: number): (request: IncomingMessage) => string {
  const trust = trustedProxyHops(hops);
  return (request) => proxyAddr(request, trust);
}
