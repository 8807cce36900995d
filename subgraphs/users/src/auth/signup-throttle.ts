import type { RateLimiters } from './rate-limiters.js';
import { countAttempt } from './counted-attempt.js';

/**
 * Counts, per client address, every attempt that answers whether an email or username is taken:
 * sign-ups (successful or not) and a signed-in user's changes of its own email or username (both
 * answer CONFLICT for a taken one). So neither mass account creation nor probing which emails are
 * registered goes far, whichever of the two an attacker uses.
 */
export interface SignupThrottle {
  /** Counts a sign-up from `address`; throws RATE_LIMITED when the address has used up its attempts. */
  attempt(address: string): Promise<void>;
  /** Counts a change of one's own email or username from `address`, against the same attempts. */
  attemptNameChange(address: string): Promise<void>;
}

/** Builds the sign-up throttle: `maxPerAddress` attempts per `windowSeconds`. */
export function createSignupThrottle(limiters: RateLimiters, options: { maxPerAddress: number; windowSeconds: number }): SignupThrottle {
  const byAddress = limiters.create('signup-address', options.maxPerAddress, options.windowSeconds);
  return {
    attempt: (address) => countAttempt([[byAddress, address]], 'Too many sign-ups from this address; try again later.'),
    attemptNameChange: (address) => countAttempt([[byAddress, address]], 'Too many email or username changes from this address; try again later.'),
  };
}
