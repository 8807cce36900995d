import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddressResolver } from './client-address.js';

/** A request as a reverse proxy chain delivers it: the socket peer and X-Forwarded-For. */
function request(peer: string, forwardedFor?: string): IncomingMessage {
  return { socket: { remoteAddress: peer }, connection: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } } as unknown as IncomingMessage;
}

describe('clientAddressResolver (TRUST_PROXY hop count)', () => {
  it('0 hops: the socket peer is the client, X-Forwarded-For is ignored', () => {
    expect(clientAddressResolver(0)(request('10.0.0.1', '1.2.3.4'))).toBe('10.0.0.1');
  });

  it('1 hop: the right-most X-Forwarded-For entry (what our proxy appended) is the client, whatever the client prepended', () => {
    const resolve = clientAddressResolver(1);
    expect(resolve(request('10.0.0.1', '203.0.113.7'))).toBe('203.0.113.7');
    expect(resolve(request('10.0.0.1', 'spoofed, 203.0.113.7'))).toBe('203.0.113.7');
    expect(resolve(request('10.0.0.1', '6.6.6.6, 7.7.7.7, 203.0.113.7'))).toBe('203.0.113.7');
  });

  it('2 hops: the entry before our inner proxy is the client', () => {
    expect(clientAddressResolver(2)(request('10.0.0.1', 'spoofed, 203.0.113.7, 10.0.0.2'))).toBe('203.0.113.7');
  });

  it('more hops than entries: the left-most address is all there is', () => {
    expect(clientAddressResolver(3)(request('10.0.0.1', '203.0.113.7'))).toBe('203.0.113.7');
  });
});
