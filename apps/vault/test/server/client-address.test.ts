/** Who counts as the client for the per-address limits: X-Forwarded-For only from trusted proxies; IPv6 per /64. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressKey, AddressCounter, plainAddress, TrustedProxies } from '../../src/server/client-address.ts';
import { RegisterThrottle } from '../../src/server/register-throttle.ts';

test('X-Forwarded-For is believed only from a trusted proxy, and only its right-most untrusted hop', () => {
  const proxies = new TrustedProxies(['10.0.0.0/8', '192.0.2.7']);
  assert.equal(proxies.clientOf('203.0.113.9', '198.51.100.1'), '203.0.113.9', 'an untrusted peer names nobody');
  assert.equal(proxies.clientOf('10.1.2.3', '198.51.100.1'), '198.51.100.1');
  assert.equal(proxies.clientOf('10.1.2.3', '6.6.6.6, 198.51.100.1, 10.9.9.9'), '198.51.100.1', 'hops left of the first untrusted one are the client\'s to forge');
  assert.equal(proxies.clientOf('192.0.2.7', ['198.51.100.1', '10.0.0.1']), '198.51.100.1');
  assert.equal(proxies.clientOf('10.1.2.3', 'not-an-ip'), '10.1.2.3', 'a malformed hop falls back to the peer');
  assert.equal(proxies.clientOf('10.1.2.3', undefined), '10.1.2.3');
  assert.equal(new TrustedProxies([]).clientOf('10.1.2.3', '198.51.100.1'), '10.1.2.3', 'no proxy trusted by default');
  assert.throws(() => new TrustedProxies(['10.0.0.0/8', 'proxy.example']));
});

test('IPv6 clients count per /64; IPv4-mapped addresses as IPv4', () => {
  assert.equal(plainAddress('::ffff:192.0.2.1'), '192.0.2.1');
  assert.equal(addressKey('192.0.2.1'), '192.0.2.1');
  assert.equal(addressKey('2001:db8:1:2:aaaa::1'), addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff'));
  assert.notEqual(addressKey('2001:db8:1:2::1'), addressKey('2001:db8:1:3::1'));
  assert.equal(addressKey('2001:db8::1'), '2001:db8:0:0::/64');
  assert.equal(addressKey('::1'), '0:0:0:0::/64');
});

test('the address counter caps and gives back', () => {
  const c = new AddressCounter(2);
  assert.equal(c.tryAcquire('a'), true);
  assert.equal(c.tryAcquire('a'), true);
  assert.equal(c.tryAcquire('a'), false);
  assert.equal(c.tryAcquire('b'), true);
  c.release('a');
  assert.equal(c.tryAcquire('a'), true);
});

test('the register throttle refuses per address and in total (RATE_LIMITED)', () => {
  const perAddress = new RegisterThrottle(2, 1000);
  perAddress.admit('192.0.2.1');
  perAddress.admit('192.0.2.1');
  assert.throws(() => perAddress.admit('192.0.2.1'), { code: 'RATE_LIMITED' });
  perAddress.admit('192.0.2.2');
  const total = new RegisterThrottle(1000, 3);
  for (const a of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) total.admit(a);
  assert.throws(() => total.admit('192.0.2.4'), { code: 'RATE_LIMITED' });
});
