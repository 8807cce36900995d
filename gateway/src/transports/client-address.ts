import type { IncomingMessage } from 'node:http';
import { isIPv4 } from 'node:net';
import ipaddr from 'ipaddr.js';
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

/** Longest text kept of something that is not an IP address (a misconfigured proxy chain), so it cannot grow limiter keys without bound. */
const maxUnparsedLength = 64;

/** An address without the port some proxies append to X-Forwarded-For entries (`203.0.113.7:51234`, `[2001:db8::1]:443`). */
function withoutPort(address: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) return bracketed[1]!;
  const ipv4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(address);
  return ipv4WithPort ? ipv4WithPort[1]! : address;
}

/**
 * The client as per-address limits count it: an IPv4 address as it is (also when written in its
 * IPv4-mapped IPv6 form, `::ffff:203.0.113.7`, as dual-stack sockets report IPv4 peers), and an
 * IPv6 address as its network of `ipv6PrefixLength` bits (`2001:db8:1:2::/64`): one subscriber
 * usually holds a whole /64 (often more) and can pick a new address in it for every request, so
 * counting single IPv6 addresses would let it escape every per-address limit. A port a proxy wrote
 * after the address is dropped (each connection would count apart otherwise). ipaddr.js (what
 * proxy-addr parses with) reads every spelling of an address the same.
 */
export function clientNetworkOf(address: string, ipv6PrefixLength: number): string {
  if (isIPv4(address)) return address;
  const bare = withoutPort(address).split('%', 1)[0]!;
  if (!ipaddr.isValid(bare)) return address.slice(0, maxUnparsedLength);
  const parsed = ipaddr.process(bare);
  if (parsed.kind() === 'ipv4' || ipv6PrefixLength >= 128) return parsed.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/${ipv6PrefixLength}`).toString()}/${ipv6PrefixLength}`;
}

/**
 * Resolves the client of a request (an HTTP request, an SSE request or a WebSocket upgrade) with
 * proxy-addr, as TRUST_PROXY's hop count says, as the network per-address limits count
 * (`clientNetworkOf`).
 */
export function clientAddressResolver(hops: number, ipv6PrefixLength: number): (request: IncomingMessage) => string {
  const trust = trustedProxyHops(hops);
  return (request) => clientNetworkOf(proxyAddr(request, trust), ipv6PrefixLength);
}
