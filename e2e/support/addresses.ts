// E2E support: client addresses as a reverse proxy reports them in X-Forwarded-For (IPv4, IPv6 networks, IPv4-mapped forms), unique per call.
import { randomInt } from 'node:crypto';

let next = 0;

/** A fresh IPv4 client address (TEST-NET-3, 203.0.113.0/24, then 198.51.100.0/24). */
export function freshIpv4(): string {
  next += 1;
  return next < 255 ? `203.0.113.${next}` : `198.51.100.${next - 254}`;
}

/** A fresh IPv6 /64 network (in 2001:db8::/32, the documentation range); each call of the result is another address in it. */
export function freshIpv6Network(): () => string {
  next += 1;
  const network = `2001:db8:${next.toString(16)}:${randomInt(0x10000).toString(16)}`;
  return () =>
    `${network}:${randomInt(0x10000).toString(16)}:${randomInt(0x10000).toString(16)}:${randomInt(0x10000).toString(16)}:${randomInt(1, 0x10000).toString(16)}`;
}

/** An address a client might write itself into X-Forwarded-For (never the same twice). */
export function spoofedAddress(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

/**
 * Headers of a request our reverse proxy (TRUST_PROXY=1) forwarded for `client`: X-Forwarded-For
 * ends with the address the proxy appended, after whatever the client wrote (a new lie each time).
 */
export function forwardedFor(client: string): { 'x-forwarded-for': string } {
  return { 'x-forwarded-for': `${spoofedAddress()}, ${client}` };
}
