import type { RateLimiters } from './rate-limiters.js';
import { countAttempt } from './counted-attempt.js';

/**
 * Counts sign-up attempts per client address (successful or not), so neither mass account creation
 * nor probing which emails are registered (sign-up answers CONFLICT for a taken one) goes far.
 */
export interface SignupThrottle {
  /** Counts an attempt from `address`; throws RATE_LIMITED when the address has used up its attempts. */
  attempt(address: string): Promise<void>;
}

/** Builds the sign-up throttle: `maxPerAddress` attempts per `windowSeconds`. */
export function createSignupThrottle(limiters: RateLimiters, options: { maxPerAddress: number; windowSeconds: number }): SignupThrottle {
  const byAddress = limiters.create('signup-address', options.maxPerAddress, options.windowSeconds);
  return { attempt: (address) => countAttempt([[byAddress, address]], 'Too many sign-ups from this address; try again later.') };
}
