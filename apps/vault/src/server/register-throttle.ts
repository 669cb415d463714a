/**
 * `register` is the costliest op (RSA decryption, scrypt, a permanent meter and a certificate):
 * it is throttled per client address and for the whole vault (RATE_LIMITED beyond either).
 */
import { ProtocolError } from '@vbi/protocol';
import { addressKey } from './client-address.ts';
import { KeyedBuckets, TokenBucket } from './rate-limit.ts';

export class RegisterThrottle {
  private readonly perAddress: KeyedBuckets;
  private readonly total: TokenBucket;

  constructor(perAddressPerHour: number, perMinute: number) {
    this.perAddress = new KeyedBuckets(perAddressPerHour / 3600, perAddressPerHour);
    this.total = new TokenBucket(perMinute / 60, perMinute);
  }

  /** Throws RATE_LIMITED when this address, or the vault as a whole, has registered enough for now. */
  admit(address: string): void {
    if (!this.perAddress.take(addressKey(address))) {
      throw new ProtocolError('RATE_LIMITED', 'too many new accounts from this address; try again later');
    }
    if (!this.total.take()) throw new ProtocolError('RATE_LIMITED', 'the vault takes no more new accounts right now; try again in a minute');
  }
}
