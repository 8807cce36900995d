import { pino, type Logger } from 'pino';

/** The structured logger type every service uses. */
export type { Logger } from 'pino';

/** Creates a JSON logger named after the service; `level` comes from LOG_LEVEL. */
export function createLogger(service: string, level: string): Logger {
  return pino({ name: service, level, redact: ['req.headers.authorization', 'password', 'refreshToken'] });
}
