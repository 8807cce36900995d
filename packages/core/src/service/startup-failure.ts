import { isOperatorError, OperatorError } from '../errors/operator-error.js';
import { listenFailure } from './listen-failure.js';

const fileReasons: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  ENOTDIR: 'a file is in the way of a folder',
};

/**
 * The operator's mistake behind a failed start, or null for a programming error: an OperatorError
 * or invalid environment as is; a server that cannot listen (port in use, foreign host) naming
 * HOST/PORT; a file the process may not write (permissions, read-only or full disk) naming DATA_DIR,
 * where every service keeps what it writes.
 */
export function operatorErrorOf(error: unknown): Error | null {
  if (isOperatorError(error)) return error;
  const listen = listenFailure(error, 'HOST/PORT');
  if (listen) return listen;
  const { code, path, syscall } = (error ?? {}) as { code?: unknown; path?: unknown; syscall?: unknown };
  if (typeof code === 'string' && code in fileReasons && typeof path === 'string') {
    return new OperatorError('DATA_DIR', `cannot ${typeof syscall === 'string' ? syscall : 'write'} ${path}: ${fileReasons[code]}`);
  }
  return null;
}
