import type { RateLimiters } from './rate-limiters.js';
import { countAttempt, counterKey } from './counted-attempt.js';

/** Limits of the login throttle. */
export interface LoginThrottleOptions {
  /** Attempts per login name (email, username, or an account for password changes) before it is refused; a correct password starts the count over. */
  readonly maxFailuresPerAccount: number;
  /** Failed attempts per client address before it is refused. */
  readonly maxFailuresPerAddress: number;
  /** Window of both counters, and how long a limit holds once reached. */
  readonly windowSeconds: number;
}

/**
 * Counts password attempts per login name and per client address BEFORE the password is checked,
 * so no number of parallel guesses gets past the limit; a correct password then gives the attempt
 * back. Known and unknown login names are counted alike, so neither failures nor lockouts tell
 * whether an account exists.
 */
export interface LoginThrottle {
  /** Counts an attempt for `account` and `address`; throws RATE_LIMITED when either has used up its attempts. */
  attempt(account: string, address: string): Promise<void>;
  /** After a correct password: the account's count starts over and the address gets its attempt back. */
  succeeded(account: string, address: string): Promise<void>;
}

const message = 'Too many failed login attempts; try again later.';

/** Builds the login throttle on `limiters` (rate-limiter-flexible counters, in Redis when there is one). */
export function createLoginThrottle(limiters: RateLimiters, options: LoginThrottleOptions): LoginThrottle {
  const byAccount = limiters.create('login-account', options.maxFailuresPerAccount, options.windowSeconds);
  const byAddress = limiters.create('login-address', options.maxFailuresPerAddress, options.windowSeconds);
  return {
    attempt: (account, address) =>
      countAttempt(
        [
          [byAccount, account],
          [byAddress, address],
        ],
        message,
      ),
    async succeeded(account, address) {
      await Promise.all([byAccount.delete(counterKey(account)), byAddress.reward(counterKey(address), 1)]);
    },
  };
}
