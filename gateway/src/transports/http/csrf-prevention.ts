import type { IncomingHttpHeaders } from 'node:http';

/** Content types a browser may send cross-site without a CORS preflight ("simple requests"). */
const simpleContentTypes = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);
/** Headers whose presence proves a preflight (a browser only sends them cross-site after one). */
export const preflightHeaders = ['apollo-require-preflight', 'x-apollo-operation-name', 'graphql-preflight'] as const;

/**
 * True when a request could not have been sent by another site's page without a CORS preflight,
 * the rule Apollo Server applies (its `csrfPrevention`): a content type that is not a "simple"
 * one, or a non-empty preflight header. A GET without either may be a forged cross-site request.
 */
export function isPreflighted(headers: IncomingHttpHeaders): boolean {
  const contentType = headers['content-type'];
  if (contentType !== undefined) {
    const essence = contentType.split(';', 1)[0]!.trim().toLowerCase();
    if (!simpleContentTypes.has(essence)) return true;
  }
  return preflightHeaders.some((name) => {
    const value = headers[name];
    return typeof value === 'string' && value.length > 0;
  });
}

/** The message a blocked request gets. */
export const csrfMessage = `This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Send a 'content-type' header that is not ${[...simpleContentTypes].join(', ')}, or a non-empty value for one of these headers: ${preflightHeaders.join(', ')}.`;
