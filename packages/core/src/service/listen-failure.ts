import { OperatorError } from '../errors/operator-error.js';

const reasons: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the address is already in use (is another copy running?)',
  EACCES: 'permission denied (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'the host is not an address of this machine',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name does not resolve',
};

/**
 * The operator error for a server that could not listen (a port in use, a host that is not this
 * machine's), naming `variable`; null for any other error. Listen errors carry `address`/`port`
 * (net) or `hostname` (DNS).
 */
export function listenFailure(error: unknown, variable: string, hostPort?: string): OperatorError | null {
  const { code, address, port, hostname } = (error ?? {}) as { code?: unknown; address?: unknown; port?: unknown; hostname?: unknown };
  if (typeof code !== 'string' || !(code in reasons)) return null;
  const where = hostPort ?? (typeof address === 'string' ? `${address}:${String(port)}` : typeof hostname === 'string' ? hostname : 'the configured address');
  return new OperatorError(variable, `cannot listen on ${where}: ${reasons[code]}`);
}
