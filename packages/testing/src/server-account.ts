import { execFileSync } from 'node:child_process';

/** An OS account that throwaway servers run as. */
export interface ServerAccount {
  /** Login name, e.g. `postgres`. */
  readonly name: string;
  /** Numeric user id. */
  readonly uid: number;
  /** Numeric primary group id. */
  readonly gid: number;
}

const candidates = ['postgres', 'nobody'] as const;
let resolved: { account: ServerAccount | undefined } | undefined;

/**
 * The unprivileged account to run servers as when this process is root (`initdb`
 * refuses root): `postgres` if it exists, else `nobody`; undefined when not root.
 */
export function serverAccount(): ServerAccount | undefined {
  if (resolved === undefined) resolved = { account: findAccount() };
  return resolved.account;
}

function findAccount(): ServerAccount | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of candidates) {
    const uid = idOf(name, '-u');
    const gid = idOf(name, '-g');
    if (uid !== undefined && gid !== undefined) return Object.freeze({ name, uid, gid });
  }
  throw new Error(`running as root, but none of the users ${candidates.join(', ')} exists to run the test servers as`);
}

function idOf(name: string, flag: '-u' | '-g'): number | undefined {
  try {
    const id = Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(id) ? id : undefined;
  } catch {
    return undefined;
  }
}
