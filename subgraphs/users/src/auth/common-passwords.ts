import { dictionary } from '@zxcvbn-ts/language-common';

let common: ReadonlySet<string> | undefined;

/**
 * The ~49,000 most common passwords of public breach corpora, lower-cased, as shipped by
 * zxcvbn-ts (`@zxcvbn-ts/language-common`, the list its strength estimator matches against).
 * Loaded on first use.
 */
export function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(dictionary['passwords-common'].map((password) => password.toLowerCase()));
  return common;
}
