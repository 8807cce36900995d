import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddressResolver, clientNetworkOf } from './client-address.js';

/** A request as a reverse proxy chain delivers it: the socket peer and X-Forwarded-For. */
function request(peer: string, forwardedFor?: string): IncomingMessage {
  return {
    socket: { remoteAddress: peer },
    connection: { remoteAddress: peer },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  } as unknown as IncomingMessage;
}

describe('clientAddressResolver (TRUST_PROXY hop count)', () => {
  it('0 hops: the socket peer is the client, X-Forwarded-For is ignored', () => {
    expect(clientAddressResolver(0, 64)(request('10.0.0.1', '1.2.3.4'))).toBe('10.0.0.1');
  });

  it('1 hop: the right-most X-Forwarded-For entry (what our proxy appended) is the client, whatever the client prepended', () => {
    const resolve = clientAddressResolver(1, 64);
    expect(resolve(request('10.0.0.1', '203.0.113.7'))).toBe('203.0.113.7');
    expect(resolve(request('10.0.0.1', 'spoofed, 203.0.113.7'))).toBe('203.0.113.7');
    expect(resolve(request('10.0.0.1', '6.6.6.6, 7.7.7.7, 203.0.113.7'))).toBe('203.0.113.7');
  });

  it('2 hops: the entry before our inner proxy is the client', () => {
    expect(clientAddressResolver(2, 64)(request('10.0.0.1', 'spoofed, 203.0.113.7, 10.0.0.2'))).toBe('203.0.113.7');
  });

  it('more hops than entries: the left-most address is all there is', () => {
    expect(clientAddressResolver(3, 64)(request('10.0.0.1', '203.0.113.7'))).toBe('203.0.113.7');
  });

  it('an IPv6 client, proxied or not, is its /64 network; an IPv4 client in IPv4-mapped form is the IPv4 address', () => {
    expect(clientAddressResolver(1, 64)(request('10.0.0.1', 'spoofed, 2001:db8:1:2:aaaa::1'))).toBe('2001:db8:1:2::/64');
    expect(clientAddressResolver(0, 64)(request('::ffff:203.0.113.7'))).toBe('203.0.113.7');
    expect(clientAddressResolver(0, 56)(request('2001:db8:1:2ff::9'))).toBe('2001:db8:1:200::/56');
  });
});

describe('clientNetworkOf', () => {
  it('reads every spelling of one address alike', () => {
    const forms = ['2001:db8:0:1::5', '2001:0db8:0000:0001:0000:0000:0000:0005', '2001:DB8:0:1:ffff:ffff:ffff:ffff', '2001:db8:0:1::5%eth0'];
    expect(new Set(forms.map((form) => clientNetworkOf(form, 64)))).toEqual(new Set(['2001:db8:0:1::/64']));
    expect(clientNetworkOf('::ffff:198.51.100.4', 64)).toBe('198.51.100.4');
    expect(clientNetworkOf('198.51.100.4:51234', 64)).toBe('198.51.100.4');
    expect(clientNetworkOf('[2001:db8:0:1::5]:443', 64)).toBe('2001:db8:0:1::/64');
    expect(clientNetworkOf('198.51.100.4', 64)).toBe('198.51.100.4');
  });

  it('keeps single IPv6 addresses at 128 bits, and a bounded piece of anything that is not an address', () => {
    expect(clientNetworkOf('2001:db8::5', 128)).toBe('2001:db8::5');
    expect(clientNetworkOf('x'.repeat(500), 64)).toBe('x'.repeat(64));
  });
});
